"""Who a consultation is for: all members, some constituencies, or anyone with the link.

Constituencies belong to the council app. This module is the only place consultations asks
about them, through three functions that council's ``selectors`` module provides:

* ``constituency_choices() -> list[tuple[int, str]]`` — every constituency, for the form;
* ``constituency_ids_for_user(*, user) -> set[int]`` — the constituencies a person is an
  active member of;
* ``member_ids_in_constituencies(*, constituency_ids) -> QuerySet | Iterable[int]`` — the ids
  of active members of any of those constituencies (for opening anonymous consultations and
  for notifications).

While council does not provide them, a constituency audience is simply empty (nobody can
answer online; staff can still type in interviews), and the form offers no constituencies.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet

from users.models import User
from users.roles import MEMBER_ROLES


def _council_selector(name: str):
    try:
        from council import selectors as council_selectors  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(council_selectors, name, None)


def constituency_choices() -> list[tuple[int, str]]:
    func = _council_selector("constituency_choices")
    return list(func()) if func else []


def constituency_ids_for_user(user: Any) -> set[int]:
    func = _council_selector("constituency_ids_for_user")
    return set(func(user=user)) if func else set()


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
        func = _council_selector("member_ids_in_constituencies")
        if not ids or func is None:
            return []
        return (
            members().filter(pk__in=list(func(constituency_ids=ids))).values_list("pk", flat=True)
        )
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
