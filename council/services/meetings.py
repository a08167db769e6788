"""Council meetings: who is expected, the agenda, responses, attendance, minutes, decisions.

The report's council is "a two way dialogue" with senior managers, and its service users
asked for "a proper process which gives recognition to the issues being brought forward and
some accountability". So: every agenda item says who raised it and for whom, senior
managers answer in writing, decisions are recorded per item, and minutes go
draft -> approved (by the chair, and nobody else) -> published, after which they cannot
change. The people who raised an item through "tell your rep" are told at each step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from council.models import (
    AgendaItem,
    AgendaResponse,
    Constituency,
    Council,
    Decision,
    Meeting,
    MeetingAttendee,
    Minutes,
    Portfolio,
    RepIssue,
    Representative,
)
from council.permissions import (
    can_approve_minutes,
    can_organise_meetings,
    can_publish_minutes,
    is_council_rep,
    rep_constituency_ids,
)
from users.models import User
from users.roles import Role

A = MeetingAttendee.Attendance


def _capacity_for(user: User) -> str:
    if user.has_role(Role.SENIOR_MANAGER):
        return MeetingAttendee.Capacity.SENIOR_MANAGER
    if user.has_role(Role.STAFF):
        return MeetingAttendee.Capacity.STAFF
    if user.has_role(Role.REPRESENTATIVE):
        return MeetingAttendee.Capacity.REPRESENTATIVE
    return MeetingAttendee.Capacity.GUEST


def _check_times(starts_at: datetime.datetime, ends_at: datetime.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    if ends_at - starts_at > datetime.timedelta(hours=12):
        raise ValidationError({"ends_at": _("A meeting can last 12 hours at most.")})


def _minutes(meeting: Meeting) -> Minutes | None:
    return Minutes.objects.filter(meeting=meeting).first()


def _agenda_fixed(meeting: Meeting) -> bool:
    """Once the chair has approved the minutes, the record of the meeting is fixed."""
    minutes = _minutes(meeting)
    return minutes is not None and not minutes.is_draft


def _attendees_to_tell(
    meeting: Meeting, *, skip_apologies: bool = False
) -> QuerySet[MeetingAttendee]:
    qs = MeetingAttendee.objects.filter(meeting=meeting, user__is_active=True).select_related(
        "user"
    )
    if skip_apologies:
        qs = qs.exclude(attendance=A.APOLOGIES)
    return qs.order_by("pk")


def _meeting_link(meeting: Meeting) -> str:
    return reverse("council:meeting-detail", kwargs={"pk": meeting.pk})


@transaction.atomic
def meeting_create(
    *,
    actor: User,
    council: Council,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    online_link: str = "",
    chair: User | None = None,
    invite_representatives: bool = True,
    invitees: Iterable[User] = (),
) -> Meeting:
    """Plan a meeting and say who is expected: the council's current representatives (unless
    told not to), the chair, and the staff and senior managers named."""
    _check_times(starts_at, ends_at)
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Say where the meeting is, or give an online link.")})
    meeting = Meeting(
        council=council,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        chair=chair,
        created_by=actor,
    )
    meeting.full_clean()
    meeting.save()
    people: dict[int, Any] = {}
    if invite_representatives:
        for rep in (
            Representative.objects.filter(council=council, stood_down_on=None)
            .select_related("user")
            .order_by("pk")
        ):
            people.setdefault(rep.user_id, (rep.user, MeetingAttendee.Capacity.REPRESENTATIVE))
    for person in [*invitees, *([chair] if chair else [])]:
        people.setdefault(person.pk, (person, _capacity_for(person)))
    MeetingAttendee.objects.bulk_create(
        [
            MeetingAttendee(meeting=meeting, user=person, capacity=capacity)
            for person, capacity in people.values()
        ]
    )
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_MEETING_CREATE,
        obj=meeting,
        detail={"expected": len(people)},
    )
    return meeting


@transaction.atomic
def meeting_update(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    place: str = "",
    online_link: str = "",
    chair: User | None = None,
) -> Meeting:
    """Change a meeting. A new time, place or link goes into everyone's calendar (a higher
    iCalendar SEQUENCE) and each person expected is told; reminders are sent again for the
    new time."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled, so it cannot be changed."))
    _check_times(starts_at, ends_at)
    if not place.strip() and not online_link.strip():
        raise ValidationError({"place": _("Say where the meeting is, or give an online link.")})
    moved = starts_at != meeting.starts_at or ends_at != meeting.ends_at
    changed = moved or place.strip() != meeting.place or online_link.strip() != meeting.online_link
    meeting.title = title.strip()
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_link = place.strip(), online_link.strip()
    meeting.chair = chair
    if changed:
        meeting.sequence += 1
    if moved:
        meeting.agenda_sent_at = meeting.reminded_at = None
    meeting.full_clean()
    meeting.save()
    if chair is not None:
        MeetingAttendee.objects.get_or_create(
            meeting=meeting, user=chair, defaults={"capacity": _capacity_for(chair)}
        )
    if changed and meeting.ends_at > timezone.now():
        for attendee in _attendees_to_tell(meeting):
            notify(
                user=attendee.user,
                kind=NotificationKind.COUNCIL_MEETING_CHANGED,
                context={"meeting": meeting},
                dedupe_key=f"council:meeting:{meeting.pk}:changed:{meeting.sequence}:{attendee.user_id}",
                link=_meeting_link(meeting),
            )
    audit_record(
        actor=actor, action=AuditAction.COUNCIL_MEETING_UPDATE, obj=meeting, detail={"moved": moved}
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: User, meeting: Meeting, reason: str) -> bool:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    claimed = Meeting.objects.filter(pk=meeting.pk, status=Meeting.Status.SCHEDULED).update(
        status=Meeting.Status.CANCELLED,
        cancelled_reason=reason.strip(),
        sequence=meeting.sequence + 1,
        updated_at=timezone.now(),
    )
    if not claimed:
        return False
    meeting.refresh_from_db()
    if meeting.ends_at > timezone.now():
        for attendee in _attendees_to_tell(meeting):
            notify(
                user=attendee.user,
                kind=NotificationKind.COUNCIL_MEETING_CANCELLED,
                context={"meeting": meeting},
                dedupe_key=f"council:meeting:{meeting.pk}:cancelled:{attendee.user_id}",
                link=_meeting_link(meeting),
            )
    audit_record(actor=actor, action=AuditAction.COUNCIL_MEETING_CANCEL, obj=meeting)
    return True


@transaction.atomic
def attendee_add(
    *, actor: User, meeting: Meeting, user: User, capacity: str = ""
) -> MeetingAttendee:
    if not user.roles:
        raise ValidationError(
            {"username": _("%(name)s has no role on the portal.") % {"name": user}}
        )
    attendee = MeetingAttendee(meeting=meeting, user=user, capacity=capacity or _capacity_for(user))
    attendee.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            attendee.save()
    except IntegrityError:
        raise ValidationError(
            {"username": _("%(name)s is already expected at this meeting.") % {"name": user}}
        ) from None
    audit_record(
        actor=actor, action=AuditAction.COUNCIL_ATTENDEE_ADD, obj=meeting, detail={"user": user.pk}
    )
    return attendee


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, marks: dict[int, str]) -> int:
    """Record who came (or sent apologies). ``marks`` maps attendee ids to an attendance."""
    valid = set(A.values)
    changed = 0
    for attendee in MeetingAttendee.objects.filter(meeting=meeting, pk__in=list(marks)):
        value = marks[attendee.pk]
        if value not in valid:
            raise ValidationError(_("Choose present, sent apologies or absent for each person."))
        if attendee.attendance != value:
            attendee.attendance = value
            attendee.save(update_fields=["attendance"])
            changed += 1
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_ATTENDANCE_RECORD,
        obj=meeting,
        detail={"changed": changed},
    )
    return changed


# --- Agenda -----------------------------------------------------------------------------------


def _check_item_fields(
    meeting: Meeting,
    constituency: Constituency | None,
    portfolio: Portfolio | None,
    owner: User | None,
) -> None:
    if constituency is not None and constituency.council_id != meeting.council_id:
        raise ValidationError({"constituency": _("Choose a constituency of this council.")})
    if portfolio is not None and portfolio.council_id != meeting.council_id:
        raise ValidationError({"portfolio": _("Choose a portfolio of this council.")})
    if (
        owner is not None
        and not MeetingAttendee.objects.filter(meeting=meeting, user=owner).exists()
    ):
        raise ValidationError({"owner": _("The owner must be someone expected at the meeting.")})


def _next_position(meeting: Meeting) -> int:
    top = AgendaItem.objects.filter(meeting=meeting).aggregate(m=Max("position"))["m"]
    return (top or 0) + 1


@transaction.atomic
def agenda_item_add(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    description: str = "",
    constituency: Constituency | None = None,
    portfolio: Portfolio | None = None,
    owner: User | None = None,
) -> AgendaItem:
    """Put an item on the agenda. A representative raises it for one of their own
    constituencies (or the whole council); staff raise it as staff."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting is cancelled."))
    if _agenda_fixed(meeting):
        raise ValidationError(_("The minutes are approved, so the agenda can no longer change."))
    as_rep = is_council_rep(actor, meeting.council_id) and not can_organise_meetings(actor)
    if as_rep and constituency is not None and constituency.pk not in rep_constituency_ids(actor):
        raise ValidationError(
            {"constituency": _("You can only raise items for a constituency you represent.")}
        )
    if not as_rep and not can_organise_meetings(actor):
        raise ValidationError(_("Only representatives of this council and staff can add items."))
    # Whoever raises an item may own it even if they were not on the list: they are added.
    _check_item_fields(meeting, constituency, portfolio, None if owner in (None, actor) else owner)
    item = AgendaItem(
        meeting=meeting,
        position=_next_position(meeting),
        title=title.strip(),
        description=description.strip(),
        raised_as=AgendaItem.RaisedAs.REPRESENTATIVE if as_rep else AgendaItem.RaisedAs.STAFF,
        raised_by=actor,
        constituency=constituency,
        portfolio=portfolio,
        owner=owner or actor,
    )
    item.full_clean()
    item.save()
    new_owner = item.owner
    if (
        new_owner is not None
        and not MeetingAttendee.objects.filter(meeting=meeting, user=new_owner).exists()
    ):
        MeetingAttendee.objects.create(
            meeting=meeting, user=new_owner, capacity=_capacity_for(new_owner)
        )
    audit_record(actor=actor, action=AuditAction.COUNCIL_AGENDA_ADD, obj=item)
    return item


@transaction.atomic
def agenda_item_update(
    *,
    actor: User,
    item: AgendaItem,
    title: str,
    description: str = "",
    portfolio: Portfolio | None = None,
    owner: User | None = None,
) -> AgendaItem:
    if _agenda_fixed(item.meeting):
        raise ValidationError(_("The minutes are approved, so the agenda can no longer change."))
    _check_item_fields(item.meeting, None, portfolio, owner)
    item.title = title.strip()
    item.description = description.strip()
    item.portfolio = portfolio
    item.owner = owner
    item.full_clean()
    item.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_AGENDA_UPDATE, obj=item)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, direction: str) -> bool:
    """Move an item one place up or down. Positions are renumbered 1..n as it goes, so two
    items never share a place however the agenda was built."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Choose up or down."))
    Meeting.objects.select_for_update().filter(pk=item.meeting_id).first()
    items = list(AgendaItem.objects.filter(meeting_id=item.meeting_id).order_by("position", "pk"))
    index = next(i for i, it in enumerate(items) if it.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(items):
        return False
    items[index], items[other] = items[other], items[index]
    for position, it in enumerate(items, start=1):
        if it.position != position:
            AgendaItem.objects.filter(pk=it.pk).update(position=position)
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_AGENDA_MOVE,
        obj=item,
        detail={"direction": direction},
    )
    return True


def item_raisers(item: AgendaItem) -> list[tuple[User, RepIssue]]:
    """(member, their issue) for each active member who raised ``item`` through "tell your
    rep": one row per person (their earliest issue), to tell each of them separately."""
    seen: dict[int, tuple[User, RepIssue]] = {}
    for issue in (
        RepIssue.objects.filter(agenda_item=item, raised_by__is_active=True)
        .select_related("raised_by")
        .order_by("created_at", "pk")
    ):
        raiser = issue.raised_by
        # Never None: the filter on ``raised_by__is_active`` leaves out issues without one.
        assert raiser is not None
        seen.setdefault(raiser.pk, (raiser, issue))
    return list(seen.values())


def _issue_link(issue: RepIssue) -> str:
    return reverse("council:issue-detail", kwargs={"pk": issue.pk})


@transaction.atomic
def response_post(*, actor: User, item: AgendaItem, body: str) -> AgendaResponse:
    """A senior manager answers an item in writing. The members who raised it, and the
    representative who put it on the agenda, are each told."""
    if not body.strip():
        raise ValidationError({"body": _("Write your response.")})
    response = AgendaResponse(item=item, author=actor, body=body.strip())
    response.full_clean()
    response.save()
    for person, issue in item_raisers(item):
        notify(
            user=person,
            kind=NotificationKind.COUNCIL_ISSUE_ANSWERED,
            context={"item": item, "meeting": item.meeting, "response": response},
            dedupe_key=f"council:response:{response.pk}:{person.pk}",
            link=_issue_link(issue),
        )
    for person in {u for u in (item.raised_by, item.owner) if u is not None and u != actor}:
        notify(
            user=person,
            kind=NotificationKind.COUNCIL_AGENDA_ANSWERED,
            context={"item": item, "meeting": item.meeting, "response": response},
            dedupe_key=f"council:response:{response.pk}:{person.pk}",
            link=reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
        )
    audit_record(actor=actor, action=AuditAction.COUNCIL_AGENDA_RESPOND, obj=item)
    return response


# --- Minutes and decisions --------------------------------------------------------------------


def _draft_minutes(meeting: Meeting, actor: User) -> Minutes:
    minutes, _created = Minutes.objects.select_for_update().get_or_create(
        meeting=meeting, defaults={"drafted_by": actor}
    )
    if not minutes.is_draft:
        raise ValidationError(_("The chair has approved these minutes, so they cannot change."))
    return minutes


@transaction.atomic
def minutes_save(
    *, actor: User, meeting: Meeting, summary: str, notes: dict[int, str] | None = None
) -> Minutes:
    """Save the draft: a plain-English summary and what was said under each item."""
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled, so it has no minutes."))
    minutes = _draft_minutes(meeting, actor)
    minutes.summary = summary.strip()
    minutes.drafted_by = actor
    minutes.full_clean()
    minutes.save()
    for item in AgendaItem.objects.filter(meeting=meeting, pk__in=list(notes or {})):
        note = (notes or {})[item.pk].strip()
        if note != item.minute_note:
            item.minute_note = note
            item.full_clean()
            item.save(update_fields=["minute_note", "updated_at"])
    audit_record(actor=actor, action=AuditAction.COUNCIL_MINUTES_SAVE, obj=meeting)
    return minutes


@transaction.atomic
def decision_add(
    *, actor: User, meeting: Meeting, text: str, item: AgendaItem | None = None
) -> Decision:
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was cancelled, so it has no decisions."))
    _draft_minutes(meeting, actor)
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"item": _("Choose an item on this meeting's agenda.")})
    decision = Decision(meeting=meeting, item=item, text=text.strip(), created_by=actor)
    decision.full_clean()
    decision.save()
    audit_record(actor=actor, action=AuditAction.COUNCIL_DECISION_ADD, obj=decision)
    return decision


@transaction.atomic
def decision_delete(*, actor: User, decision: Decision) -> None:
    _draft_minutes(decision.meeting, actor)
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_DECISION_DELETE,
        obj=decision.meeting,
        detail={"decision": decision.pk, "text": decision.text[:200]},
    )
    decision.delete()


@transaction.atomic
def minutes_approve(*, actor: User, meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """The chair approves the draft. Only the chair: nobody can approve on their behalf."""
    now = now or timezone.now()
    if not can_approve_minutes(actor, meeting):
        raise ValidationError(_("Only the chair of the meeting can approve its minutes."))
    if meeting.starts_at > now:
        raise ValidationError(_("The meeting has not happened yet."))
    minutes = _minutes(meeting)
    if minutes is None or not (
        minutes.summary or meeting.agenda_items.exclude(minute_note="").exists()
    ):
        raise ValidationError(_("Write the minutes before approving them."))
    claimed = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.DRAFT).update(
        status=Minutes.Status.APPROVED, approved_by=actor, approved_at=now, updated_at=now
    )
    if claimed:
        audit_record(actor=actor, action=AuditAction.COUNCIL_MINUTES_APPROVE, obj=meeting)
    return bool(claimed)


@transaction.atomic
def minutes_publish(*, actor: User, meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    """Publish approved minutes to members. Everyone who raised an item through "tell your
    rep" is told, each with a link to their own issue."""
    now = now or timezone.now()
    if not can_publish_minutes(actor, meeting):
        raise ValidationError(_("Only staff or the chair can publish minutes."))
    minutes = _minutes(meeting)
    if minutes is not None and minutes.is_published:
        return False
    if minutes is None or minutes.status != Minutes.Status.APPROVED:
        raise ValidationError(_("The chair must approve the minutes before they are published."))
    claimed = Minutes.objects.filter(pk=minutes.pk, status=Minutes.Status.APPROVED).update(
        status=Minutes.Status.PUBLISHED, published_at=now, updated_at=now
    )
    if not claimed:
        return False
    for item in AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"):
        decisions = list(item.decisions.order_by("pk").values_list("text", flat=True))
        for person, issue in item_raisers(item):
            notify(
                user=person,
                kind=NotificationKind.COUNCIL_ISSUE_MINUTES,
                context={"item": item, "meeting": meeting, "decisions": decisions},
                dedupe_key=f"council:minutes:{meeting.pk}:{item.pk}:{person.pk}",
                link=_issue_link(issue),
            )
    audit_record(actor=actor, action=AuditAction.COUNCIL_MINUTES_PUBLISH, obj=meeting)
    return True
