from __future__ import annotations

import hashlib
import hmac
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.phone import can_take_texts, validate_stored_phone
from users import demographics
from users.roles import MEMBER_ROLES, MFA_REQUIRED_ROLES, STAFF_ROLES, Role
from users.validators import username_validator


class PortalUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: str | None) -> User:
        # Usernames are case-insensitive: "Sam.B" and "sam.b" are the same person.
        return self.get(username__iexact=username)


class User(AbstractUser):
    """A person with an account. Logs in with a username; e-mail is optional."""

    class MessagesBy(models.TextChoices):
        PORTAL = "portal", _("Only in the portal")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")
        BOTH = "both", _("E-mail and text message")

    username = models.CharField(
        _("username"),
        max_length=40,
        unique=True,
        validators=[username_validator],
        help_text=_("3 to 40 letters, numbers, dots, dashes or underscores."),
        error_messages={"unique": _("That username is taken. Try another.")},
    )
    email = models.EmailField(_("e-mail address"), blank=True, default="")
    display_name = models.CharField(
        _("name to show"),
        max_length=100,
        blank=True,
        help_text=_("How the portal addresses you, for example your first name."),
    )
    phone = models.CharField(
        _("mobile number"),
        max_length=20,
        blank=True,
        default="",
        validators=[validate_stored_phone],
        help_text=_("For text message reminders. Leave blank if you do not want them."),
    )
    messages_by = models.CharField(
        _("how we send you messages and reminders"),
        max_length=10,
        choices=MessagesBy.choices,
        default=MessagesBy.BOTH,
        help_text=_("Every message also stays in your portal inbox."),
    )
    # Optional, self-declared; used only in aggregate (dashboards hide counts under 5).
    gender = models.CharField(
        _("gender"), max_length=20, choices=demographics.Gender.choices, blank=True
    )
    ethnic_group = models.CharField(
        _("ethnic group"), max_length=20, choices=demographics.EthnicGroup.choices, blank=True
    )
    deletion_requested_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[PortalUserManager] = PortalUserManager()

    class Meta:
        constraints = [
            # Case-insensitive uniqueness enforced by the database, not only by forms.
            models.UniqueConstraint(Lower("username"), name="users_user_username_ci_unique"),
        ]
        indexes = [
            # Lists in name order read a page of this index instead of sorting 250,000 people:
            # the staff "People" list (users.selectors, ORDER BY display_name, username) and
            # the peer-support mentor list (peersupport.selectors.mentors_for_staff).
            models.Index(fields=["display_name", "username"], name="users_user_name_idx"),
        ]

    def __str__(self) -> str:
        return self.display_name or self.username

    def save(self, *args, **kwargs) -> None:
        self.username = self.username.lower()
        super().save(*args, **kwargs)

    @cached_property
    def roles(self) -> frozenset[str]:
        """The role names this person holds (cached for the request)."""
        names = {g.name for g in self.groups.all()} if self.pk else set()
        if self.is_superuser:
            names.add(Role.ADMINISTRATOR)
        return frozenset(names & set(Role.values))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_staff_role(self) -> bool:
        return bool(self.roles & STAFF_ROLES)

    @property
    def is_member_role(self) -> bool:
        return bool(self.roles & MEMBER_ROLES)

    @property
    def sends_email(self) -> bool:
        """Whether messages to this person also go by e-mail."""
        return bool(self.email) and self.messages_by in (
            self.MessagesBy.EMAIL,
            self.MessagesBy.BOTH,
        )

    @property
    def sends_sms(self) -> bool:
        """Whether messages to this person also go by text message."""
        return self.messages_by in (self.MessagesBy.SMS, self.MessagesBy.BOTH) and can_take_texts(
            self.phone
        )

    @property
    def requires_mfa(self) -> bool:
        return bool(self.roles & MFA_REQUIRED_ROLES)


def hash_claim_code(code: str) -> str:
    """HMAC the normalised claim code so the database never holds a usable code."""
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalised.encode(), hashlib.sha256).hexdigest()


class InviteSlip(TimeStampedModel):
    """A printed one-time code with which a member claims the account staff made for them."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invite_slips")
    code_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    expires_at = models.DateTimeField()
    claimed_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The expiry job looks for open slips past their date.
            models.Index(
                fields=["expires_at"],
                name="users_invite_expires_idx",
                condition=models.Q(claimed_at=None, revoked_at=None),
            ),
        ]

    def __str__(self) -> str:
        return f"Invite for {self.user}"

    @property
    def is_usable(self) -> bool:
        return (
            self.claimed_at is None and self.revoked_at is None and self.expires_at > timezone.now()
        )


class DeletionRequest(TimeStampedModel):
    """A person's request that their account and data be deleted."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting")
        DONE = "done", _("Deleted")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="deletion_requests"
    )
    reason = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="open"),
                name="users_one_open_deletion_request",
            )
        ]
