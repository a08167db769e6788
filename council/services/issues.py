""" "Tell your rep": a member sends an issue to their constituency's representatives.

The report found that people on probation fear "if you are honest with probation it will
come back on you". So the member decides who may see their name (by default nobody: the
representatives read what they wrote, not who wrote it), staff and senior managers never
see an issue except through the agenda item a representative makes of it, and nothing here
writes the member's name anywhere they did not agree to. The member's own actions are not
written to the audit log either, because the audit log would link them to the issue; the
representatives' actions are.

Representatives can reply, join duplicates into one issue (the count of people behind it
is kept), raise it onto a meeting's agenda, or close it with a reason. The member is told
at each step and can follow the trail: received, raised at meeting X, answered, decided,
became action Y.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from council.models import (
    AgendaItem,
    Constituency,
    Meeting,
    Minutes,
    Portfolio,
    RepIssue,
    RepIssueMessage,
    Representative,
)
from council.permissions import can_handle_issue
from council.services.elections import is_current_member
from council.services.meetings import agenda_item_add
from users.models import User

S = RepIssue.Status


def _link(issue: RepIssue) -> str:
    return reverse("council:issue-detail", kwargs={"pk": issue.pk})


def _representatives(constituency: Constituency) -> QuerySet[Representative]:
    return (
        Representative.objects.filter(
            constituency=constituency, stood_down_on=None, user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    )


def representatives_exist(*, constituency: Constituency) -> bool:
    return Representative.objects.filter(constituency=constituency, stood_down_on=None).exists()


@transaction.atomic
def rep_issue_create(
    *,
    actor: User,
    constituency: Constituency,
    problem: str,
    what_would_help: str = "",
    portfolio: Portfolio | None = None,
    name_shared: str = RepIssue.NameShared.NOBODY,
) -> RepIssue:
    """Send an issue to the representatives of one of the member's constituencies."""
    if not is_current_member(user=actor, constituency=constituency):
        raise ValidationError(
            {"constituency": _("You can only write to the representatives of your own area.")}
        )
    if portfolio is not None and portfolio.council_id != constituency.council_id:
        raise ValidationError({"portfolio": _("Choose one of the council's portfolios.")})
    issue = RepIssue(
        council_id=constituency.council_id,
        constituency=constituency,
        portfolio=portfolio,
        raised_by=actor,
        problem=problem.strip(),
        what_would_help=what_would_help.strip(),
        name_shared=name_shared,
    )
    issue.full_clean()
    issue.save()
    for rep in _representatives(constituency):
        if rep.user_id == actor.pk:
            continue
        notify(
            user=rep.user,
            kind=NotificationKind.COUNCIL_ISSUE_RECEIVED,
            context={"issue": issue, "constituency": constituency},
            dedupe_key=f"council:issue:{issue.pk}:received:{rep.user_id}",
            link=_link(issue),
        )
    return issue


@transaction.atomic
def rep_issue_message(*, actor: User, issue: RepIssue, body: str) -> RepIssueMessage:
    """A reply on an issue, from one of its representatives or from the member who raised it.
    The other side is told; a representative's reply never says who the member is."""
    from_raiser = issue.raised_by_id == actor.pk
    if not from_raiser and not can_handle_issue(actor, issue):
        raise ValidationError(_("Only the member and their representatives can write here."))
    if not body.strip():
        raise ValidationError({"body": _("Write your message.")})
    message = RepIssueMessage(issue=issue, author=actor, from_raiser=from_raiser, body=body.strip())
    message.full_clean()
    message.save()
    if from_raiser:
        for rep in _representatives(issue.constituency):
            if rep.user_id == actor.pk:
                continue
            notify(
                user=rep.user,
                kind=NotificationKind.COUNCIL_ISSUE_MEMBER_WROTE,
                context={"issue": issue},
                dedupe_key=f"council:issue-message:{message.pk}:{rep.user_id}",
                link=_link(issue),
            )
    else:
        if issue.raised_by is not None and issue.raised_by.is_active:
            notify(
                user=issue.raised_by,
                kind=NotificationKind.COUNCIL_ISSUE_REPLY,
                context={"issue": issue, "message": message},
                dedupe_key=f"council:issue-message:{message.pk}:{issue.raised_by_id}",
                link=_link(issue),
            )
        audit_record(actor=actor, action=AuditAction.COUNCIL_ISSUE_REPLY, obj=issue)
    return message


def _count_people(item: AgendaItem) -> int:
    counted = (
        RepIssue.objects.filter(agenda_item=item, raised_by__isnull=False)
        .values("raised_by")
        .distinct()
        .count()
    )
    # Never goes down: a member who deletes their account still raised it.
    return max(counted, item.people_count)


def _tell_raised(item: AgendaItem, issues: Iterable[RepIssue]) -> None:
    for issue in issues:
        if issue.raised_by is None or not issue.raised_by.is_active:
            continue
        notify(
            user=issue.raised_by,
            kind=NotificationKind.COUNCIL_ISSUE_RAISED,
            context={"issue": issue, "item": item, "meeting": item.meeting},
            dedupe_key=f"council:issue-raised:{item.pk}:{issue.raised_by_id}",
            link=_link(issue),
        )


@transaction.atomic
def rep_issue_merge(*, actor: User, main: RepIssue, duplicates: Iterable[RepIssue]) -> int:
    """Join duplicates into ``main``. They follow ``main`` from then on (its agenda item, if
    it has one), and the people behind them are counted with it."""
    main = (
        RepIssue.objects.select_for_update(of=("self",))
        .select_related("agenda_item")
        .get(pk=main.pk)
    )
    if not can_handle_issue(actor, main):
        raise ValidationError(_("Only the representatives of this area can join issues."))
    if main.status not in (S.OPEN, S.RAISED):
        raise ValidationError(_("Only an open or raised issue can have others joined to it."))
    ids = [d.pk for d in duplicates if d.pk != main.pk]
    if not ids:
        raise ValidationError({"duplicates": _("Choose at least one issue to join to this one.")})
    joined = list(
        RepIssue.objects.select_for_update(of=("self",))
        .select_related("raised_by")
        .filter(pk__in=ids)
        .order_by("pk")
    )
    for dup in joined:
        if dup.council_id != main.council_id or not can_handle_issue(actor, dup):
            raise ValidationError(
                {"duplicates": _("You can only join issues from areas you represent.")}
            )
        if dup.status != S.OPEN:
            raise ValidationError(
                {"duplicates": _("Only issues that are still open can be joined to another.")}
            )
    # An issue that already had duplicates brings them along, so there is one level only.
    RepIssue.objects.filter(merged_into__in=joined).update(
        merged_into=main, agenda_item=main.agenda_item
    )
    RepIssue.objects.filter(pk__in=[d.pk for d in joined]).update(
        status=S.MERGED, merged_into=main, agenda_item=main.agenda_item
    )
    if main.agenda_item is not None:
        item = main.agenda_item
        item.people_count = _count_people(item)
        item.save(update_fields=["people_count", "updated_at"])
        _tell_raised(item, joined)
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_ISSUE_MERGE,
        obj=main,
        detail={"joined": [d.pk for d in joined]},
    )
    return len(joined)


@transaction.atomic
def rep_issue_raise(
    *,
    actor: User,
    issue: RepIssue,
    meeting: Meeting,
    title: str,
    description: str = "",
    portfolio: Portfolio | None = None,
) -> AgendaItem:
    """Put an issue (with the duplicates joined to it) on a meeting's agenda, on behalf of
    its constituency. Each member behind it is told, separately."""
    issue = (
        RepIssue.objects.select_for_update(of=("self",))
        .select_related("constituency")
        .get(pk=issue.pk)
    )
    if not can_handle_issue(actor, issue):
        raise ValidationError(_("Only the representatives of this area can raise it."))
    if issue.status != S.OPEN:
        raise ValidationError(_("This issue is not open, so it cannot be raised again."))
    if meeting.council_id != issue.council_id:
        raise ValidationError({"meeting": _("Choose a meeting of this council.")})
    if meeting.is_cancelled:
        raise ValidationError({"meeting": _("That meeting is cancelled. Choose another.")})
    if Minutes.objects.filter(meeting=meeting).exclude(status=Minutes.Status.DRAFT).exists():
        raise ValidationError(
            {"meeting": _("That meeting's minutes are approved. Choose another.")}
        )
    item = agenda_item_add(
        actor=actor,
        meeting=meeting,
        title=title,
        description=description,
        constituency=issue.constituency,
        portfolio=portfolio or issue.portfolio,
        owner=actor,
    )
    RepIssue.objects.filter(pk=issue.pk).update(status=S.RAISED, agenda_item=item)
    RepIssue.objects.filter(merged_into=issue).update(agenda_item=item)
    item.people_count = _count_people(item)
    item.save(update_fields=["people_count", "updated_at"])
    behind = list(
        RepIssue.objects.filter(agenda_item=item).select_related("raised_by").order_by("pk")
    )
    _tell_raised(item, behind)
    audit_record(
        actor=actor,
        action=AuditAction.COUNCIL_ISSUE_RAISE,
        obj=issue,
        detail={"agenda_item": item.pk, "people": item.people_count},
    )
    issue.refresh_from_db()
    return item


@transaction.atomic
def rep_issue_close(*, actor: User, issue: RepIssue, reason: str) -> RepIssue:
    """Close an issue without raising it (dealt with, or not for the council), saying why."""
    issue = RepIssue.objects.select_for_update().get(pk=issue.pk)
    if not can_handle_issue(actor, issue):
        raise ValidationError(_("Only the representatives of this area can close it."))
    if issue.status != S.OPEN:
        raise ValidationError(_("Only an open issue can be closed."))
    if not reason.strip():
        raise ValidationError(
            {"reason": _("Say why you are closing it: the member will see this.")}
        )
    issue.status = S.CLOSED
    issue.closed_reason = reason.strip()
    issue.full_clean()
    issue.save(update_fields=["status", "closed_reason", "updated_at"])
    told = [issue, *RepIssue.objects.filter(merged_into=issue).select_related("raised_by")]
    for each in told:
        if each.raised_by is None or not each.raised_by.is_active:
            continue
        notify(
            user=each.raised_by,
            kind=NotificationKind.COUNCIL_ISSUE_CLOSED,
            context={"issue": issue},
            dedupe_key=f"council:issue-closed:{issue.pk}:{each.raised_by_id}",
            link=_link(each),
        )
    audit_record(actor=actor, action=AuditAction.COUNCIL_ISSUE_CLOSE, obj=issue)
    return issue
