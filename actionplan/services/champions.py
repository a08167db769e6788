"""User champions: the name the board shows for them, and forgetting them."""

from __future__ import annotations

from django.db import transaction

from actionplan.models import ActionSourceRaiser, ChampionProfile
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User


@transaction.atomic
def champion_name_set(*, user: User, public_name: str) -> ChampionProfile:
    profile, _created = ChampionProfile.objects.get_or_create(user=user)
    profile.public_name = public_name.strip()
    profile.full_clean()
    profile.save()
    audit_record(
        actor=user,
        action=AuditAction.ACTIONPLAN_CHAMPION_SET_NAME,
        obj=profile,
        detail={"named": bool(profile.public_name)},
    )
    return profile


def champion_erase(user: User) -> None:
    """On account deletion: stop naming them on the board and stop telling them anything."""
    ChampionProfile.objects.filter(user=user).delete()
    ActionSourceRaiser.objects.filter(user=user).delete()
