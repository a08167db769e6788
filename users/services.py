"""Accounts: creating members, invite slips, roles and deletion requests."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.personal_data import registry
from core.services import audit_record
from users.models import DeletionRequest, InviteSlip, User, hash_claim_code
from users.roles import Role

# No 0/O, 1/I/L, 5/S or 2/Z: the code is read off paper and typed on a phone.
CLAIM_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CLAIM_CODE_LENGTH = 12  # about 57 bits


@dataclass(frozen=True)
class IssuedSlip:
    slip: InviteSlip
    code: str  # shown once, on the printed slip; only its hash is stored


def _new_claim_code() -> str:
    raw = "".join(secrets.choice(CLAIM_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CLAIM_CODE_LENGTH, 4))


def _placeholder_username() -> str:
    return f"invite-{secrets.token_hex(5)}"


@transaction.atomic
def member_create(
    *, created_by: User, display_name: str, roles: tuple[str, ...] = (Role.MEMBER,)
) -> User:
    """Create an account for someone who will claim it with an invite slip."""
    user = User(username=_placeholder_username(), display_name=display_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    _apply_roles(user, set(roles))
    audit_record(
        actor=created_by,
        action=AuditAction.USERS_USER_CREATE,
        obj=user,
        detail={"roles": sorted(roles)},
    )
    return user


@transaction.atomic
def invite_slip_issue(*, user: User, issued_by: User) -> IssuedSlip:
    """Issue a new claim code for ``user``; any earlier unclaimed slip stops working."""
    now = timezone.now()
    InviteSlip.objects.filter(user=user, claimed_at=None, revoked_at=None).update(revoked_at=now)
    code = _new_claim_code()
    slip = InviteSlip(
        user=user,
        code_hash=hash_claim_code(code),
        created_by=issued_by,
        expires_at=now + settings.INVITE_SLIP_LIFETIME,
    )
    slip.full_clean()
    slip.save()
    audit_record(actor=issued_by, action=AuditAction.USERS_INVITE_ISSUE, obj=user)
    return IssuedSlip(slip=slip, code=code)


def invite_slip_find(*, code: str) -> InviteSlip | None:
    """The usable slip with this code, or None (wrong, used, revoked or expired alike)."""
    slip = InviteSlip.objects.select_related("user").filter(code_hash=hash_claim_code(code)).first()
    return slip if slip is not None and slip.is_usable else None


class ClaimError(Exception):
    """The code cannot be used. The message is plain English for the person claiming."""


@transaction.atomic
def invite_slip_claim(*, code: str, username: str, password: str) -> User:
    """Use a claim code to set the account's own username and password. Works exactly once.

    The conditional update is the claim: of two requests racing with the same code only one
    changes the row, and the other is told the code has been used.
    """
    now = timezone.now()
    code_hash = hash_claim_code(code)
    claimed = InviteSlip.objects.filter(
        code_hash=code_hash, claimed_at=None, revoked_at=None, expires_at__gt=now
    ).update(claimed_at=now)
    if claimed != 1:
        raise ClaimError(
            _("That code does not work. It may be mistyped, used already or out of date.")
        )
    slip = InviteSlip.objects.select_related("user").get(code_hash=code_hash)
    user = User.objects.select_for_update().get(pk=slip.user_id)
    username = username.strip().lower()
    if User.objects.filter(username__iexact=username).exclude(pk=user.pk).exists():
        raise ValidationError({"username": _("That username is taken. Try another.")})
    user.username = username
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(actor=user, action=AuditAction.USERS_INVITE_CLAIM, obj=user)
    return user


def invite_slips_expire() -> int:
    """Revoke slips past their date. Safe to run twice: the filter is the claim."""
    return InviteSlip.objects.filter(
        claimed_at=None, revoked_at=None, expires_at__lte=timezone.now()
    ).update(revoked_at=timezone.now())


def _apply_roles(user: User, roles: set[str]) -> None:
    unknown = roles - set(Role.values)
    if unknown:
        raise ValidationError(_("Unknown role: %(roles)s") % {"roles": ", ".join(sorted(unknown))})
    user.groups.set(Group.objects.filter(name__in=roles))
    # Django's admin needs is_staff; only administrators get it.
    user.is_staff = user.is_superuser = Role.ADMINISTRATOR in roles
    user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_set_roles(*, user: User, roles: set[str], changed_by: User) -> None:
    before = sorted(user.roles)
    _apply_roles(user, roles)
    audit_record(
        actor=changed_by,
        action=AuditAction.USERS_ROLES_SET,
        obj=user,
        detail={"before": before, "after": sorted(roles)},
    )


@transaction.atomic
def deletion_request_create(*, user: User, reason: str = "") -> DeletionRequest:
    existing = DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.OPEN).first()
    if existing:
        return existing
    request = DeletionRequest(user=user, reason=reason.strip())
    request.full_clean()
    request.save()
    User.objects.filter(pk=user.pk).update(deletion_requested_at=timezone.now())
    audit_record(actor=user, action=AuditAction.USERS_DELETION_REQUEST_CREATE, obj=user)
    return request


@transaction.atomic
def deletion_request_cancel(*, user: User) -> None:
    DeletionRequest.objects.filter(user=user, status=DeletionRequest.Status.OPEN).update(
        status=DeletionRequest.Status.CANCELLED, handled_at=timezone.now()
    )
    User.objects.filter(pk=user.pk).update(deletion_requested_at=None)
    audit_record(actor=user, action=AuditAction.USERS_DELETION_REQUEST_CANCEL, obj=user)


@transaction.atomic
def account_delete(*, request: DeletionRequest, handled_by: User) -> None:
    """Remove what identifies the person and close the account.

    The row stays (as "deleted-<id>") so that records which must outlive it, such as audit
    events and the fact that someone voted in a closed election, keep a valid reference
    without saying who it was.
    """
    # user is nullable (SET_NULL) in the model; a request being handled always has one.
    user = User.objects.select_for_update().get(pk=request.user_id)  # type: ignore[misc]
    registry.erase_for(user)
    user.username = f"deleted-{user.pk}"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.email = ""
    user.phone = ""
    user.gender = ""
    user.ethnic_group = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    UserSession.objects.filter(user=user).delete()
    InviteSlip.objects.filter(user=user).delete()
    DeletionRequest.objects.filter(pk=request.pk).update(
        status=DeletionRequest.Status.DONE, handled_by=handled_by, handled_at=timezone.now()
    )
    audit_record(actor=handled_by, action=AuditAction.USERS_USER_DELETE, obj=user)
