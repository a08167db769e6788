from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.contrib.admin.models import LogEntry

from core.personal_data import registry
from users.models import DeletionRequest, InviteSlip, User

registry.register(
    User,
    user_field="pk",
    fields=[
        "username",
        "display_name",
        "email",
        "phone",
        "messages_by",
        "gender",
        "ethnic_group",
        "date_joined",
        "last_login",
        "deletion_requested_at",
    ],
    title="Your account",
)
registry.register(
    InviteSlip, fields=["created_at", "expires_at", "claimed_at"], title="Invite slips"
)
registry.register(
    DeletionRequest,
    fields=["created_at", "status", "reason", "handled_at"],
    title="Requests to delete your account",
)
registry.register(EmailAddress, fields=["email", "verified", "primary"], title="E-mail addresses")
registry.register(
    Authenticator,
    fields=["type", "created_at", "last_used_at"],
    title="Two-factor authentication",
    description="The kind of each authenticator you set up. Secrets are never exported.",
)
registry.register(
    UserSession,
    fields=["ip", "user_agent", "created_at", "last_seen_at"],
    title="Where you are signed in",
)
registry.register(
    LogEntry,
    fields=["action_time", "object_repr", "change_message"],
    title="Changes you made in the administration pages",
)
