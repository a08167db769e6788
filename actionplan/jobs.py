"""The action plan's background job: the staff export of actions as CSV or Excel.

A national export (20,000 actions) takes seconds to build, longer than a page may wait, so the
export page starts a job (``core/jobs.py``) and the person downloads the file from the job's
progress page when it is ready.

- One job per person, format and set of filters is waiting or running at a time: the subject
  is the person, the format and a digest of the filters, so pressing the button twice follows
  the same job, and different filters are different jobs. (The person is in it because "only
  mine" depends on who asks, and because the audit log says who took the file.)
- The job records the export in the audit log (``core.exports.audit_export``) as the person who
  started it, in the job, before the file is stored. A job run again after a worker crash
  builds the file again and may record the export a second time: an extra line, never a
  missing one.
- Who may follow the job and download its file: whoever may export actions today (staff,
  senior managers, administrators), and the person who started it.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from actionplan import exports, selectors
from actionplan.models import Plan
from actionplan.permissions import MANAGER_ROLES
from core import jobs
from core.audit_actions import AuditAction
from core.exports import audit_export
from core.models import Job
from users.models import User

EXPORT = "actionplan.export"
FORMATS = {"csv": "CSV", "xlsx": "Excel"}


class Filters(TypedDict):
    """The action list's filters, as plain values a job can keep (``Job.params``)."""

    plan: int | None
    status: str
    rag: str
    theme: str
    public: str
    mine: bool
    search: str


def filters_from(cleaned: dict[str, Any]) -> Filters:
    """The filters from a valid ``ActionFilterForm``'s cleaned data (or ``{}``: every action)."""
    plan = cleaned.get("plan")
    return {
        "plan": plan.pk if plan is not None else None,
        "status": cleaned.get("status") or "",
        "rag": cleaned.get("rag") or "",
        "theme": cleaned.get("theme") or "",
        "public": cleaned.get("public") or "",
        "mine": bool(cleaned.get("mine")),
        "search": (cleaned.get("q") or "").strip(),
    }


def query_of(filters: Filters) -> str:
    """The action list's query string for these filters (to go back to the same list)."""
    pairs = {
        "plan": filters["plan"] or "",
        "status": filters["status"],
        "rag": filters["rag"],
        "theme": filters["theme"],
        "public": filters["public"],
        "mine": "on" if filters["mine"] else "",
        "q": filters["search"],
    }
    return urlencode({k: v for k, v in pairs.items() if v})


def subject(*, user: User, fmt: str, filters: Filters) -> str:
    # At most 100 characters (Job.subject): the filters (a search may be 100 long) as a digest.
    digest = hashlib.sha256(json.dumps(filters, sort_keys=True).encode()).hexdigest()[:24]
    return f"actionplan.actions:{user.pk}:{fmt}:{digest}"


def start(*, user: User, fmt: str, filters: Filters) -> Job:
    """Start the export, or return the same person's export of the same filters underway."""
    return jobs.start(
        kind=EXPORT,
        user=user,
        subject=subject(user=user, fmt=fmt, filters=filters),
        params={"format": fmt, "filters": dict(filters)},
    )


def underway(*, user: User, fmt: str, filters: Filters) -> Job | None:
    return jobs.active(kind=EXPORT, subject=subject(user=user, fmt=fmt, filters=filters))


def _may_export(user: Any, job: Job) -> bool:
    """Those who may export actions today may follow any export job and take its file."""
    return bool(user.has_role(*MANAGER_ROLES))


@jobs.register(EXPORT, title=gettext_lazy("Exporting actions"), can_see=_may_export)
def export_actions(job: Job, progress: jobs.Progress) -> jobs.Result:
    fmt = job.params.get("format", "csv")
    if fmt not in FORMATS:
        raise ValidationError(_("That kind of file is not offered. Start the export again."))
    filters: Filters = job.params.get("filters") or filters_from({})
    plan = None
    if filters["plan"] is not None:
        plan = Plan.objects.filter(pk=filters["plan"]).first()
        if plan is None:
            raise ValidationError(_("The plan chosen in the filters no longer exists."))
    actor = job.started_by
    if actor is None:  # the person's account was removed: nobody to give the file to
        raise ValidationError(_("The person who asked for this export no longer has an account."))
    qs = selectors.actions_filtered(
        plan=plan,
        status=filters["status"],
        rag=filters["rag"],
        theme=filters["theme"],
        public=filters["public"],
        owner=actor if filters["mine"] else None,
        search=filters["search"],
    )
    progress(1)
    count = qs.count()
    content = exports.build(qs, fmt, progress, total=count)
    audit_export(
        actor=actor,
        action=AuditAction.ACTIONPLAN_ACTIONS_EXPORT,
        fmt=fmt,
        obj=plan,
        detail={"rows": count, "filters": query_of(filters), "job": str(job.public_id)},
    )
    query = query_of(filters)
    return jobs.Result(
        filename=f"actions-{timezone.localdate():%Y-%m-%d}.{fmt}",
        content=content,
        url=reverse("actionplan:action-list") + (f"?{query}" if query else ""),
        message=ngettext("%(n)s action is in the file.", "%(n)s actions are in the file.", count)
        % {"n": f"{count:,}"},
    )
