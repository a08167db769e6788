"""Councils, constituencies, portfolios, membership and representatives."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.services import audit_record
from council.models import (
    Constituency,
    Council,
    Election,
    Membership,
    Nomination,
    Portfolio,
    RecordedSelection,
    Representative,
)
from users.models import User
from users.roles import Role

# Words the council URLs use, which a council's slug must not take.
RESERVED_SLUGS = {
    "new",
    "elections",
    "nominations",
    "constituencies",
    "memberships",
    "representatives",
    "my-nominations",
    "meetings",
    "agenda",
    "decisions",
    "issues",
    "tell-your-rep",
}


@transaction.atomic
def council_create(*, actor: User, name: str, description: str = "", slug: str = "") -> Council:
    slug = slug or slugify(name)[:80]
    if slug in RESERVED_SLUGS or not slug:
        raise ValidationError(
            {"name": _("Choose a different name: this one cannot be used in a web address.")}
        )
    council = Council(name=name.strip(), description=description, slug=slug)
    council.full_clean()
    council.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_COUNCIL_CREATE, obj=council)
    return council


@transaction.atomic
def council_update(
    *, actor: User, council: Council, name: str, description: str, is_active: bool
) -> Council:
    council.name = name.strip()
    council.description = description
    council.is_active = is_active
    council.full_clean()
    council.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_COUNCIL_UPDATE, obj=council)
    return council


@transaction.atomic
def constituency_create(
    *, actor: User, council: Council, name: str, kind: str, description: str = ""
) -> Constituency:
    constituency = Constituency(
        council=council, name=name.strip(), kind=kind, description=description
    )
    constituency.full_clean()
    constituency.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_CONSTITUENCY_CREATE, obj=constituency)
    return constituency


@transaction.atomic
def portfolio_create(
    *, actor: User, council: Council, name: str, description: str = "", order: int = 0
) -> Portfolio:
    portfolio = Portfolio(council=council, name=name.strip(), description=description, order=order)
    portfolio.full_clean()
    portfolio.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_PORTFOLIO_CREATE, obj=portfolio)
    return portfolio


@transaction.atomic
def membership_add(
    *, actor: User, constituency: Constituency, user: User, joined_on: datetime.date | None = None
) -> Membership:
    """Put a member in a constituency. Refused if they are already a current member."""
    if not user.has_role(Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE):
        raise ValidationError(
            _("Only members can join a constituency. Give them the member role first.")
        )
    if Membership.objects.filter(user=user, constituency=constituency, left_on=None).exists():
        raise ValidationError(
            _("%(name)s is already a member of %(place)s.") % {"name": user, "place": constituency}
        )
    membership = Membership(
        user=user, constituency=constituency, joined_on=joined_on or timezone.localdate()
    )
    membership.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        raise ValidationError(
            _("%(name)s is already a member of %(place)s.") % {"name": user, "place": constituency}
        ) from None
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_MEMBERSHIP_ADD,
        obj=constituency,
        detail={"user": user.pk},
    )
    return membership


@transaction.atomic
def membership_end(
    *, actor: User, membership: Membership, left_on: datetime.date | None = None
) -> Membership:
    if membership.left_on is not None:
        return membership
    membership.left_on = left_on or timezone.localdate()
    membership.full_clean(validate_constraints=False)
    membership.save(update_fields=["left_on", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_MEMBERSHIP_END,
        obj=membership.constituency,
        detail={"user": membership.user_id},
    )
    return membership


def _forget_cached_roles(user: User) -> None:
    """Role and "which constituencies do they represent" answers are cached on the user
    object for one request (see council.permissions); a change must clear them."""
    for name in ("roles", "_council_rep_constituencies", "_council_rep_councils"):
        user.__dict__.pop(name, None)


def _grant_representative_role(user: User) -> None:
    group = Group.objects.filter(name=Role.REPRESENTATIVE).first()
    if group is not None:
        user.groups.add(group)
    _forget_cached_roles(user)


def _revoke_representative_role_if_done(user: User) -> None:
    if not Representative.objects.filter(user=user, stood_down_on=None).exists():
        group = Group.objects.filter(name=Role.REPRESENTATIVE).first()
        if group is not None:
            user.groups.remove(group)
    _forget_cached_roles(user)


def _representative_create(
    *,
    user: User,
    council: Council,
    constituency: Constituency | None,
    source: str,
    term_start: datetime.date,
    term_end: datetime.date | None,
    portfolios: Iterable[Portfolio] = (),
    election: Election | None = None,
    recorded_selection: RecordedSelection | None = None,
    note: str = "",
) -> Representative:
    rep = Representative(
        user=user,
        council=council,
        constituency=constituency,
        source=source,
        term_start=term_start,
        term_end=term_end,
        election=election,
        recorded_selection=recorded_selection,
        note=note,
    )
    rep.full_clean()
    rep.save()
    portfolios = list(portfolios)
    if portfolios:
        rep.portfolios.set(portfolios)
    _grant_representative_role(user)
    return rep


@transaction.atomic
def representative_coopt(
    *,
    actor: User,
    council: Council,
    user: User,
    constituency: Constituency | None,
    portfolios: Iterable[Portfolio],
    term_start: datetime.date,
    term_end: datetime.date | None,
    note: str,
) -> Representative:
    """Co-opt a member onto the council (no election), saying why."""
    if not user.has_role(Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE):
        raise ValidationError(_("Only members can be representatives."))
    if term_end and term_end < term_start:
        raise ValidationError(_("The term must end after it starts."))
    rep = _representative_create(
        user=user,
        council=council,
        constituency=constituency,
        source=Representative.Source.COOPTED,
        term_start=term_start,
        term_end=term_end,
        portfolios=portfolios,
        note=note,
    )
    audit_record(actor=actor, action=AuditAction.COUNCIL_REPRESENTATIVE_COOPT, obj=rep)
    return rep


@transaction.atomic
def representative_set_portfolios(
    *, actor: User, representative: Representative, portfolios: Iterable[Portfolio]
) -> Representative:
    portfolios = list(portfolios)
    if any(p.council_id != representative.council_id for p in portfolios):
        raise ValidationError(_("A portfolio must belong to the same council."))
    representative.portfolios.set(portfolios)
    audit_record(
        actor=actor, action=AuditAction.COUNCIL_REPRESENTATIVE_SET_PORTFOLIOS, obj=representative
    )
    return representative


@transaction.atomic
def representative_stand_down(
    *,
    actor: User,
    representative: Representative,
    reason: str = "",
    on: datetime.date | None = None,
) -> Representative:
    if representative.stood_down_on is not None:
        return representative
    representative.stood_down_on = on or timezone.localdate()
    representative.stood_down_reason = reason
    representative.full_clean()
    representative.save(update_fields=["stood_down_on", "stood_down_reason", "updated_at"])
    _revoke_representative_role_if_done(representative.user)
    audit_record(
        actor=actor, action=AuditAction.COUNCIL_REPRESENTATIVE_STAND_DOWN, obj=representative
    )
    return representative


@transaction.atomic
def recorded_selection_create(
    *,
    actor: User,
    council: Council,
    constituency: Constituency | None,
    title: str,
    held_on: datetime.date,
    method: str,
    selected: Iterable[Any],
    term_months: int = 12,
) -> RecordedSelection:
    """Record a result reached in person, and make the people chosen representatives."""
    selected = list(selected)
    if not selected:
        raise ValidationError(_("Name at least one person who was chosen."))
    for person in selected:
        if not person.has_role(Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE):
            raise ValidationError(_("%(name)s is not a member.") % {"name": person})
    selection = RecordedSelection(
        council=council,
        constituency=constituency,
        title=title,
        held_on=held_on,
        method=method,
        recorded_by=actor,
    )
    selection.full_clean()
    selection.save()
    for person in selected:
        _representative_create(
            user=person,
            council=council,
            constituency=constituency,
            source=Representative.Source.RECORDED,
            term_start=held_on,
            term_end=held_on + relativedelta(months=term_months),
            recorded_selection=selection,
            note=method,
        )
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_RECORDED_SELECTION_CREATE,
        obj=selection,
        detail={"selected": [p.pk for p in selected]},
    )
    return selection


def representatives_from_result(*, election: Election, on: datetime.date) -> list[Representative]:
    """Make the elected candidates representatives (called when the result is released)."""
    reps = []
    elected = (
        Nomination.objects.filter(election=election, elected_order__isnull=False, is_ron=False)
        .select_related("nominee")
        .order_by("elected_order")
    )
    for nomination in elected:
        nominee = nomination.nominee
        # Never None: a database constraint gives every nomination but RON a nominee.
        assert nominee is not None
        if Representative.objects.filter(election=election, user=nominee).exists():
            continue
        reps.append(
            _representative_create(
                user=nominee,
                council=election.council,
                constituency=election.constituency,
                source=Representative.Source.ELECTED,
                term_start=on,
                term_end=on + relativedelta(months=election.term_months),
                election=election,
            )
        )
    return reps
