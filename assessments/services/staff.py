"""Admin logins for MarioHR staff: account managers and recruiters."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from assessments.models import Organization
from assessments.roles import ROLE_GROUPS


@transaction.atomic
def create_staff_user(
    *, email: str, role: str, organizations: list[Organization], password: str | None
) -> tuple[AbstractUser, bool]:
    """Create or update the login (username = email) in that role. Returns (user, created).

    Raises ValidationError for a bad email, an unknown role or a recruiter without organizations.
    """
    validate_email(email)
    if role not in ROLE_GROUPS:
        raise ValidationError(f"role must be one of {', '.join(ROLE_GROUPS)}")
    if role == "recruiter" and not organizations:
        raise ValidationError("a recruiter needs at least one organization")
    user, created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
    user.email = email
    user.is_staff = True
    if password:
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    user.save()
    user.groups.set([Group.objects.get_or_create(name=ROLE_GROUPS[role])[0]])
    user.recruiter_organizations.set(organizations if role == "recruiter" else [])
    return user, created
