"""Who a consultation is for: all members, some constituencies, or anyone with the link.

Constituencies belong to the council app, which is lower than this one, so this module
asks council's ``selectors`` for them directly (and is the only place consultations does):
the choices for the form, the constituencies a person is an active member of, and the
active members of some constituencies (for opening anonymous consultations and for
notifications).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from council import selectors as council_selectors
from users.models import User
from users.roles import MEMBER_ROLES


def constituency_choices() -> list[tuple[int, str]]:
    return list(council_selectors.constituency_choices())


def constituency_ids_for_user(user: Any) -> set[int]:
    return set(council_selectors.constituency_ids_for_user(user=user))


def members() -> QuerySet[User]:
    """Active people who hold a member-type role."""
    return User.objects.filter(is_active=True, groups__name__in=MEMBER_ROLES).distinct()


def is_member(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_active and user.roles & MEMBER_ROLES)


def audience_user_ids(consultation) -> Iterable[int]:
    """Ids of everyone a members' consultation is for (empty for an open link)."""
    from consultations.models import Consultation

    if consultation.audience == Consultation.Audience.ALL_MEMBERS:
        return members().values_list("pk", flat=True)
    if consultation.audience == Consultation.Audience.CONSTITUENCIES:
        ids = list(consultation.constituencies.values_list("constituency_id", flat=True))
        if not ids:
            return []
        member_ids = council_selectors.member_ids_in_constituencies(constituency_ids=ids)
        return members().filter(pk__in=list(member_ids)).values_list("pk", flat=True)
    return []


def user_in_audience(consultation, user: Any) -> bool:
    from consultations.models import Consultation

    if consultation.audience == Consultation.Audience.OPEN_LINK:
        return True
    if not is_member(user):
        return False
    if consultation.audience == Consultation.Audience.ALL_MEMBERS:
        return True
    wanted = {c.constituency_id for c in consultation.constituencies.all()}
    return bool(wanted & constituency_ids_for_user(user))


def audience_filter_for(user: Any) -> Q:
    """A filter on Consultation for the members' consultations ``user`` is in."""
    q = Q(audience="all_members")
    ids = constituency_ids_for_user(user)
    if ids:
        q |= Q(audience="constituencies", constituencies__constituency_id__in=ids)
    return q
