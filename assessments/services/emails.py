"""The emails a candidate receives: the invitation and the reminder before it expires.

An organization words them in EmailTemplate rows (one per kind, optionally one per assessment);
without one, the templates shipped in templates/email/ are used. Rendering is strict (see
strict_templates.py): a broken template sends nothing and leaves its error on the interview,
where account managers see it in the admin.

A mail server that is away or answers 4xx is a passing failure: the email stays owed and is tried
again on EMAIL_RETRY_SCHEDULE until the interview expires (email_outbox.py). A 5xx reply is
final. Either way the interview's invitation_error says what happened, in words.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from assessments.models import EmailKind, EmailTemplate, Interview, InterviewStatus
from assessments.services import email_outbox
from assessments.services.strict_templates import TemplateError, render_strictly

logger = logging.getLogger(__name__)

# What a template may use, with the help the admin shows beside the template. Deliberately only
# plain values: no assessment field ever reaches an email, since some of them are secret.
TEMPLATE_VARIABLES: dict[str, str] = {
    "candidate_name": (
        "The candidate's name: preferred name (else first name) and last name; "
        "their email address when the ATS sent no name."
    ),
    "assessment_name": "The assessment's name, as in the catalog.",
    "invitation_link": "The candidate's personal link to the assessment page.",
    "expires_at": (
        'When the invitation expires, a date and time: format it with the date filter, e.g. expires_at|date:"j F Y".'
    ),
    "organization_name": "Your organization's name.",
    "sent_by": "Who sent the test from the ATS (usually the recruiter's email address); may be empty.",
}

# Where each kind stamps a successful send.
SENT_AT_FIELD = {EmailKind.INVITATION: "invitation_sent_at", EmailKind.REMINDER: "reminder_sent_at"}


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str | None  # None: the email is plain text only


def invitation_link(interview: Interview) -> str:
    """The candidate page's absolute URL; it carries the invitation token, never the ATS's id."""
    path = reverse("assessments:invitation", kwargs={"token": interview.invitation_token})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def template_values(interview: Interview) -> dict[str, Any]:
    """The values of TEMPLATE_VARIABLES for this interview (keep the two in step)."""
    return {
        "candidate_name": interview.candidate_name,
        "assessment_name": interview.assessment.name,
        "invitation_link": invitation_link(interview),
        "expires_at": interview.expires_at,
        "organization_name": interview.organization.name,
        "sent_by": interview.sent_by,
    }


def shipped_template(*, kind: str) -> EmailTemplate:
    """The default wording shipped with the code, as an unsaved EmailTemplate of the given kind.

    Files templates/email/<kind>_subject.txt, <kind>.txt and <kind>.html. Raises ValueError for
    an unknown kind.
    """
    kind = EmailKind(kind)

    def source(name: str) -> str:
        return get_template(f"email/{name}").template.source

    return EmailTemplate(
        kind=kind,
        subject=source(f"{kind}_subject.txt"),
        text_body=source(f"{kind}.txt"),
        html_body=source(f"{kind}.html"),
    )


def choose_template(*, interview: Interview, kind: str) -> EmailTemplate:
    """The template to use: the organization's override for this assessment, else its default for
    the kind, else the shipped one. Returns an EmailTemplate (unsaved when shipped)."""
    chosen = (
        EmailTemplate.objects.filter(organization_id=interview.organization_id, kind=kind)
        .filter(Q(assessment_id=interview.assessment_id) | Q(assessment__isnull=True))
        .order_by(F("assessment_id").asc(nulls_last=True))
        .first()
    )
    return chosen or shipped_template(kind=kind)


def render_candidate_email(*, interview: Interview, kind: str, template: EmailTemplate | None = None) -> RenderedEmail:
    """Render the email of `kind` for `interview` with `template`, or with the one choose_template
    picks. Sends nothing, and works on an unsaved interview (the admin's preview).

    Returns the RenderedEmail. Raises TemplateError naming the problem (a syntax error, an unknown
    variable, an empty subject or body) and ValueError for an unknown kind.
    """
    kind = EmailKind(kind)
    if template is None:
        template = choose_template(interview=interview, kind=kind)
    values = template_values(interview)
    # A subject is one header line: newlines from the template's layout become spaces.
    subject = " ".join(render_strictly(template.subject, values, part="Subject", autoescape=False).split())
    text = render_strictly(template.text_body, values, part="Plain-text body", autoescape=False).strip()
    html = None
    if template.html_body.strip():
        html = render_strictly(template.html_body, values, part="HTML body", autoescape=True).strip()
    if not subject:
        raise TemplateError("Subject: it renders as nothing.")
    if not text:
        raise TemplateError("Plain-text body: it renders as nothing.")
    return RenderedEmail(subject=subject, text=text, html=html)


def send_candidate_email(*, interview_id: int, kind: str, queued_at: datetime | None = None) -> bool:
    """Render and send the owed email of `kind` to the interview's candidate (email_outbox.py).

    Returns True when sent, and stamps the kind's *_sent_at. Returns False, sending nothing, when
    the message is stale (`queued_at`, its stamp, is no longer the interview's, or a retry's time
    has not come), the interview is gone, no longer open (cancelled after the email was queued,
    say) or past its expiry, and when the template cannot be rendered or the mail server does not
    take the message: those leave their reason in interview.invitation_error for account managers,
    and a passing failure keeps the email owed for its next try.
    """
    kind = EmailKind(kind)
    claimed_at = email_outbox.claim(interview_id, kind, queued_at)
    if claimed_at is None:
        logger.info("Not sending the %s email of interview %s: it is not owed", kind, interview_id)
        return False
    interview = Interview.objects.select_related("organization", "assessment").filter(pk=interview_id).first()
    if interview is None:
        return False
    # A sandbox interview emails nobody (contract section 8), whatever asked (a resend, say).
    if not interview.is_open or interview.sandbox or _has_expired(interview, timezone.now()):
        logger.info("Not sending the %s email of interview %s: it is closed", kind, interview_id)
        changes = {}
        if getattr(interview, email_outbox.TRIES_FIELD[kind]):  # it was waiting for the mail server
            changes["invitation_error"] = (
                f"The {kind} email was not delivered: the mail server had not taken it when the interview "
                f"{_how_it_closed(interview)}."
            )
        email_outbox.settle(interview_id, kind, claimed_at, **changes)
        return False
    try:
        email = render_candidate_email(interview=interview, kind=kind)
    except TemplateError as exc:
        # The candidate's address stays out of the logs; the interview's id finds them.
        logger.error("Cannot render the %s email of interview %s: %s", kind, interview.public_id, exc)
        error = f"The {kind} email was not sent, its template is broken. {exc}"
        email_outbox.settle(interview_id, kind, claimed_at, invitation_error=error)
        return False
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[interview.candidate_email]
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    try:
        message.send()
    except OSError as exc:  # smtplib's errors are OSErrors, as are refused connections and timeouts
        _record_failure(interview, kind, claimed_at, exc)
        return False
    email_outbox.settle(interview_id, kind, claimed_at, **{SENT_AT_FIELD[kind]: timezone.now(), "invitation_error": ""})
    return True


def _record_failure(interview: Interview, kind: EmailKind, claimed_at: datetime, exc: OSError) -> None:
    """Settle a final failure (a 5xx reply), or keep the email owed for its next try."""
    code, reply = _smtp_reply(exc)
    if code:
        said = f"answered {code} {reply}"
    elif isinstance(exc, smtplib.SMTPServerDisconnected) or not isinstance(exc, smtplib.SMTPException):
        said = f"could not be reached ({exc or type(exc).__name__})"  # refused, timed out, hung up
    else:  # no reply to quote (STARTTLS or SMTPUTF8 missing, say): a setting may need fixing
        said = f"failed ({type(exc).__name__}: {exc})"
    # The reply may quote the candidate's address: the log keeps to its code.
    logger.warning("The %s email of interview %s failed: %s, %s", kind, interview.public_id, type(exc).__name__, code)
    if code and code >= 500:
        error = f"The {kind} email was not delivered: the mail server refused it for good (it {said})."
        email_outbox.settle(interview.pk, kind, claimed_at, invitation_error=error)
        return
    now = timezone.now()
    failed_tries = getattr(interview, email_outbox.TRIES_FIELD[kind]) + 1
    retry_at = email_outbox.next_try_at(failed_tries=failed_tries, expires_at=interview.expires_at, now=now)
    tried = "1 try" if failed_tries == 1 else f"{failed_tries} tries"
    if retry_at is None:
        why = "no time is left for another try before the interview expires"
        if failed_tries > len(settings.EMAIL_RETRY_SCHEDULE):
            why = f"all {tried} failed"
        error = f"The {kind} email was not delivered: the mail server {said}, and {why}. Resend it when mail works."
        email_outbox.settle(interview.pk, kind, claimed_at, invitation_error=error)
        return
    error = (
        f"The {kind} email is not delivered yet: the mail server {said}. {tried.capitalize()} failed; "
        f"the next try is at {retry_at:%Y-%m-%d %H:%M} UTC."
    )
    email_outbox.postpone(
        interview.pk, kind, claimed_at, failed_tries=failed_tries, retry_at=retry_at, invitation_error=error
    )


def _smtp_reply(exc: OSError) -> tuple[int | None, str]:
    """The mail server's reply code and text in `exc`, or (None, "") when it gave none."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))  # one recipient: the candidate
    elif isinstance(exc, smtplib.SMTPResponseException):  # sender refused, data refused, a bad greeting
        code, text = exc.smtp_code, exc.smtp_error
    else:
        return None, ""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return code, " ".join(str(text).split())


def _how_it_closed(interview: Interview) -> str:
    if interview.status == InterviewStatus.CANCELLED:
        return "was cancelled"
    if interview.is_open or interview.status == InterviewStatus.EXPIRED:
        return "expired"
    return "was completed"


def _has_expired(interview: Interview, now: datetime) -> bool:
    # An invitation whose link no longer works is not worth an email, even before the sweep runs.
    return interview.expires_at is not None and interview.expires_at <= now
