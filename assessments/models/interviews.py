import secrets

from django.db import models


class InterviewStatus(models.TextChoices):
    """The interview's lifecycle, in our own words; each ATS app maps them to its own."""

    INVITED = "invited", "Invited"
    STARTED = "started", "Started"
    SUBMITTED = "submitted", "Submitted"
    SCORED = "scored", "Scored"
    EXPIRED = "expired", "Expired"
    CANCELLED = "cancelled", "Cancelled"


# Which status may follow which. Scored, expired and cancelled are final. Only an invitation
# never started expires: work begun is always finished and scored, however late, so its result
# reaches the ATS.
TRANSITIONS: dict[str, frozenset[str]] = {
    InterviewStatus.INVITED: frozenset({InterviewStatus.STARTED, InterviewStatus.EXPIRED, InterviewStatus.CANCELLED}),
    InterviewStatus.STARTED: frozenset({InterviewStatus.SUBMITTED, InterviewStatus.SCORED, InterviewStatus.CANCELLED}),
    InterviewStatus.SUBMITTED: frozenset({InterviewStatus.SCORED, InterviewStatus.CANCELLED}),
    InterviewStatus.SCORED: frozenset(),
    InterviewStatus.EXPIRED: frozenset(),
    InterviewStatus.CANCELLED: frozenset(),
}
OPEN_STATUSES = (InterviewStatus.INVITED, InterviewStatus.STARTED)


def new_public_id() -> str:
    # 24 random bytes: 192 bits, URL-safe, 32 characters.
    return secrets.token_urlsafe(24)


def new_invitation_token() -> str:
    # The candidate's link carries its own secret, so the id an ATS knows opens no candidate page.
    return secrets.token_urlsafe(32)


class InterviewQuerySet(models.QuerySet):
    def for_organization(self, organization_id: int) -> "InterviewQuerySet":
        return self.filter(organization_id=organization_id)


class Interview(models.Model):
    """One candidate invited to one assessment by one organization's ATS."""

    public_id = models.CharField(
        max_length=64,
        unique=True,
        default=new_public_id,
        editable=False,
        help_text="The id the ATS knows this interview by (Greenhouse: partner_interview_id).",
    )
    organization = models.ForeignKey("assessments.Organization", on_delete=models.PROTECT, related_name="interviews")
    assessment = models.ForeignKey("assessments.Assessment", on_delete=models.PROTECT, related_name="interviews")

    candidate_email = models.EmailField()
    candidate_first_name = models.CharField(max_length=255, blank=True)
    candidate_last_name = models.CharField(max_length=255, blank=True)
    candidate_preferred_name = models.CharField(max_length=255, blank=True)
    candidate_phone_number = models.CharField(max_length=100, blank=True)
    candidate_resume_url = models.TextField(blank=True)
    candidate_profile_url = models.TextField(blank=True, help_text="The candidate's page in the ATS.")

    integration = models.CharField(
        max_length=32,
        editable=False,
        help_text="The integration (an ATS package) that made the interview and hears of its changes.",
    )
    callback_url = models.URLField(
        max_length=2048,
        blank=True,
        help_text=(
            "Where results are sent (HTTPS), as sent on the wire; empty when the integration sends them elsewhere."
        ),
    )
    # db_default: rows inserted with SQL (bench/dataset.py) or made directly leave it empty, and
    # an empty key is no key: the constraint below leaves such rows alone.
    request_key = models.CharField(
        max_length=2048,
        blank=True,
        default="",
        db_default="",
        editable=False,
        help_text=(
            "The ATS's key of the invitation request (Greenhouse: the callback url; Ashby: the application id): "
            "the same key again is the same interview."
        ),
    )
    sent_by = models.CharField(max_length=254, blank=True)

    status = models.CharField(max_length=20, choices=InterviewStatus.choices, default=InterviewStatus.INVITED)
    invitation_token = models.CharField(max_length=64, unique=True, default=new_invitation_token, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    invitation_sent_at = models.DateTimeField(null=True, blank=True)
    invitation_error = models.TextField(blank=True, help_text="Why the last invitation email could not be sent.")
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # An email owed to the candidate: set when it is queued, cleared once it is sent or has failed
    # for good. The rows, not the broker's messages, remember it (assessments/services/email_outbox.py).
    invitation_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # An owed email whose last try failed for a passing reason (the mail server away, a 4xx reply):
    # how many tries failed, and when the outbox sweep may queue the next (settings.EMAIL_RETRY_SCHEDULE).
    # db_default too: rows inserted in bulk with SQL (bench/dataset.py) leave the count out.
    invitation_tries = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    invitation_retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminder_tries = models.PositiveSmallIntegerField(default=0, db_default=0, editable=False)
    reminder_retry_at = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    score_total = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    score_max = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    score_breakdown = models.JSONField(
        default=list, blank=True, help_text='[{"name", "score", "max", "comment"}] as the engine scored it.'
    )
    scored_by = models.CharField(
        max_length=254,
        blank=True,
        default="",
        db_default="",
        help_text="Who entered the score in the admin; empty when the assessment engine scored it.",
    )
    recording_s3_key = models.CharField(max_length=1024, blank=True)
    # Made with a sandbox key (contract section 8): stored here, since the key may be revoked or
    # changed later. Such an interview emails nobody and moves itself on to a sample result; the
    # row remembers when its next step is due (assessments/services/sandbox.py), not the broker.
    sandbox = models.BooleanField(default=False, db_default=False, editable=False)
    sandbox_next_step_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        permissions = [("manage_interview", "Can submit results, resend invitations and cancel")]
        indexes = [
            # The outbox sweep reads the few owed emails among all interviews every minute.
            models.Index(
                fields=["invitation_queued_at"],
                condition=models.Q(invitation_queued_at__isnull=False),
                name="interview_invitation_owed",
            ),
            models.Index(
                fields=["reminder_queued_at"],
                condition=models.Q(reminder_queued_at__isnull=False),
                name="interview_reminder_owed",
            ),
            # The sandbox sweep reads the few sandbox interviews with a step to come.
            models.Index(
                fields=["sandbox_next_step_at"],
                condition=models.Q(sandbox_next_step_at__isnull=False),
                name="interview_sandbox_step_due",
            ),
        ]
        constraints = [
            # ATSs retry their requests: the same test asked for again with the same key is one
            # invitation (contract section 1: per callback url; section 7: per application).
            models.UniqueConstraint(
                fields=["organization", "assessment", "integration", "request_key"],
                condition=~models.Q(request_key=""),
                name="one_interview_per_request_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_email} · {self.public_id}"

    @property
    def candidate_name(self) -> str:
        first = self.candidate_preferred_name or self.candidate_first_name
        return " ".join(part for part in (first, self.candidate_last_name) if part) or self.candidate_email

    @property
    def completed_at(self):
        """When the candidate finished: their submission, or the scoring when that came first."""
        return self.submitted_at or self.scored_at

    @property
    def is_scored(self) -> bool:
        return self.status == InterviewStatus.SCORED

    @property
    def scorer(self) -> str:
        """Who scored it, in words for a message: "by the assessment engine" or "in the admin by <user>"."""
        return f"in the admin by {self.scored_by}" if self.scored_by else "by the assessment engine"

    @property
    def is_open(self) -> bool:
        """The candidate can still take it."""
        return self.status in OPEN_STATUSES

    def can_become(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]
