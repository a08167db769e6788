"""Demo accounts: one per role, all with the same printed password.

Staff-type roles need two-factor authentication. Their demo accounts get a fixed TOTP secret
so that ``python manage.py demo_code <username>`` can print the current code (DEBUG only).
"""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import transaction

from users.models import User
from users.roles import Role

DEMO_PASSWORD = "demo-portal-password"
# Base32 secret used only by demo accounts in development.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

DEMO_ACCOUNTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("member", "Jordan (member)", (Role.MEMBER,)),
    ("mentor", "Alex (peer mentor)", (Role.MEMBER, Role.MENTOR)),
    ("representative", "Sam (representative)", (Role.MEMBER, Role.REPRESENTATIVE)),
    ("staff", "Priya (staff)", (Role.STAFF,)),
    ("senior_manager", "Chris (senior manager)", (Role.SENIOR_MANAGER,)),
    ("returning_officer", "Morgan (returning officer)", (Role.RETURNING_OFFICER,)),
    ("data_steward", "Taylor (data steward)", (Role.DATA_STEWARD,)),
    ("administrator", "Robin (administrator)", (Role.ADMINISTRATOR,)),
]


@transaction.atomic
def seed() -> dict[str, User]:
    from allauth.mfa.totp.internal.auth import TOTP

    users: dict[str, User] = {}
    for username, display_name, roles in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = Role.ADMINISTRATOR in roles
        user.is_superuser = Role.ADMINISTRATOR in roles
        user.save()
        user.groups.set(Group.objects.filter(name__in=roles))
        user.__dict__.pop("roles", None)
        if (
            user.requires_mfa
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[username] = user
    return users
