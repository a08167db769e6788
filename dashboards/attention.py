""" "Needs your attention": the rules that pick at most six items from a snapshot.

Each rule reads the snapshot's counts (no query: the page's query count does not grow with
the items), and gives at most one item: one sentence with a number, a direction (against
the previous period, or against the rule's threshold) and a link. Every rule and its
threshold is written on the page ("shown when ...") so a reader knows why an item is there
and what its absence means.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboards import suppression
from dashboards.figures.attention import CLOSING_DAYS, CONCERN_DAYS
from dashboards.headline import helpline_gaps
from users.demographics import EthnicGroup, Gender
from users.roles import Role

MAX_ITEMS = 6
HELPLINE_DAYS = 7
# A consultation closing soon is flagged when fewer than this share of the people invited
# have answered.
LOW_RESPONSE_PERCENT = 20
# A group is under-represented among members when its share of members is less than this
# fraction of its share of the caseload, and it is at least MIN_CASELOAD_SHARE of the caseload.
UNDER_FRACTION = 0.5
MIN_CASELOAD_SHARE = 5.0


@dataclass
class Item:
    key: str
    text: str
    link: str
    link_text: str
    shown_when: str = ""


@dataclass
class Rule:
    key: str
    shown_when: str


def rules() -> list[Rule]:
    return [
        Rule(
            "concerns",
            _(
                "Safeguarding: shown when any safeguarding concern has been open for more than "
                "%(days)s days. A count only; the concerns are seen by peer-support staff."
            )
            % {"days": CONCERN_DAYS},
        ),
        Rule(
            "helpline",
            _(
                "Helpline: shown when at least one helpline shift in the next %(days)s days "
                "does not have all the mentors it needs."
            )
            % {"days": HELPLINE_DAYS},
        ),
        Rule("overdue", _("Action plan: shown when any action is past its due date and not done.")),
        Rule(
            "closing",
            _(
                "Consultations: shown when a consultation closes within %(days)s days and fewer "
                "than %(percent)s%% of the people invited have answered."
            )
            % {"days": CLOSING_DAYS, "percent": LOW_RESPONSE_PERCENT},
        ),
        Rule(
            "vacant",
            _("Council seats: shown when a constituency has no representative today."),
        ),
        Rule(
            "under",
            _(
                "Representation: shown when a group makes up at least %(min)s%% of the "
                "caseload but its share of members is less than half its share of the "
                "caseload."
            )
            % {"min": int(MIN_CASELOAD_SHARE)},
        ),
    ]


def _direction(now: int | None, before: int | None) -> str:
    """ "up from 2", "down from 5", "the same as", in words, against the previous period."""
    if before is None or now is None:
        return _("no figure for the previous period")
    if now > before:
        return _("up from %(n)s in the previous period") % {"n": f"{before:,}"}
    if now < before:
        return _("down from %(n)s in the previous period") % {"n": f"{before:,}"}
    return _("the same as in the previous period")


ROLE_PLURALS: dict[str, Callable[[int], str]] = {
    Role.STAFF: lambda n: ngettext("%(n)s owned by staff", "%(n)s owned by staff", n),
    Role.SENIOR_MANAGER: lambda n: ngettext(
        "%(n)s by a senior manager", "%(n)s by senior managers", n
    ),
    Role.ADMINISTRATOR: lambda n: ngettext(
        "%(n)s by an administrator", "%(n)s by administrators", n
    ),
}


def _by_role(counts: dict[str, int]) -> str:
    parts = []
    for role, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        words = ROLE_PLURALS.get(role)
        if words is None:
            parts.append(_("%(n)s by people with another role") % {"n": n})
        else:
            parts.append(words(n) % {"n": n})
    return ", ".join(parts)


def _days_left(iso: str, now: datetime) -> int:
    closes = datetime.fromisoformat(iso)
    return max((timezone.localdate(closes) - timezone.localdate(now)).days, 0)


def _category_name(dim: str, key: str) -> str:
    choices = Gender if dim == "gender" else EthnicGroup
    try:
        return str(choices(key).label)
    except ValueError:
        return key


def _under(data: dict[str, Any]) -> dict[str, Any] | None:
    """The group furthest below its caseload share among members, if any is below the rule."""
    worst = None
    for dim in data["representation"]["dimensions"]:
        if dim["key"] not in ("gender", "ethnic_group"):
            continue
        for row in dim["rows"]:
            cell = row["cells"]["members"]
            load = row["caseload"]
            if not row["key"] or load is None or load["share"] is None:
                continue
            if cell["state"] != suppression.SHOWN or cell["share"] is None:
                continue
            if load["share"] < MIN_CASELOAD_SHARE:
                continue
            if cell["share"] >= UNDER_FRACTION * load["share"]:
                continue
            gap = load["share"] - cell["share"]
            if worst is None or gap > worst["gap"]:
                worst = {
                    "dim": dim["key"],
                    "key": row["key"],
                    "members": cell["share"],
                    "caseload": load["share"],
                    "gap": gap,
                }
    return worst


def items(data: dict[str, Any], *, dashboard_url: str, now: datetime | None = None) -> list[Item]:
    """The attention items for one scope's snapshot data, most urgent first (at most six)."""
    now = now or timezone.now()
    before = data.get("previous") or {}
    attention = data.get("attention") or {}
    found: list[Item] = []

    concerns = attention.get("old_concerns")
    if concerns:
        found.append(
            Item(
                "concerns",
                ngettext(
                    "%(n)s safeguarding concern has been open for more than %(days)s days "
                    "(%(direction)s).",
                    "%(n)s safeguarding concerns have been open for more than %(days)s days "
                    "(%(direction)s).",
                    concerns,
                )
                % {
                    "n": f"{concerns:,}",
                    "days": CONCERN_DAYS,
                    "direction": _direction(concerns, before.get("old_concerns")),
                },
                f"{dashboard_url}#peer",
                _("Peer support figures"),
            )
        )

    gaps = helpline_gaps(data)
    if gaps:
        shifts = data["peer"]["helpline"]["weeks"][0]["shifts"]
        found.append(
            Item(
                "helpline",
                ngettext(
                    "%(n)s of %(shifts)s helpline shifts in the next %(days)s days is not fully "
                    "covered (%(direction)s).",
                    "%(n)s of %(shifts)s helpline shifts in the next %(days)s days are not fully "
                    "covered (%(direction)s).",
                    gaps,
                )
                % {
                    "n": f"{gaps:,}",
                    "shifts": f"{shifts:,}",
                    "days": HELPLINE_DAYS,
                    "direction": _direction(gaps, before.get("helpline_gaps")),
                },
                f"{dashboard_url}#table-helpline",
                _("Helpline cover"),
            )
        )

    actions = data["actions"]
    if actions["overdue"]:
        roles = actions.get("overdue_by_role") or {}
        sentence = ngettext(
            "%(n)s action is overdue (%(direction)s)",
            "%(n)s actions are overdue (%(direction)s)",
            actions["overdue"],
        ) % {
            "n": f"{actions['overdue']:,}",
            "direction": _direction(actions["overdue"], before.get("overdue")),
        }
        if roles:
            sentence += ": " + _by_role(roles)
        found.append(
            Item(
                "overdue",
                sentence + ".",
                reverse("actionplan:plan-list"),
                _("Action plans, with their overdue actions"),
            )
        )

    low = [
        c
        for c in attention.get("closing", [])
        if c["invited"] and 100.0 * c["answered"] / c["invited"] < LOW_RESPONSE_PERCENT
    ]
    if low:
        worst = min(low, key=lambda c: c["answered"] / c["invited"])
        share = 100.0 * worst["answered"] / worst["invited"]
        days = _days_left(worst["closes_at"], now)
        found.append(
            Item(
                "closing",
                ngettext(
                    "“%(title)s” closes in %(days)s day with %(share).0f%% of the %(invited)s "
                    "people invited answering, below the %(limit)s%% this rule looks for.",
                    "“%(title)s” closes in %(days)s days with %(share).0f%% of the %(invited)s "
                    "people invited answering, below the %(limit)s%% this rule looks for.",
                    days,
                )
                % {
                    "title": worst["title"],
                    "days": days,
                    "share": share,
                    "invited": f"{worst['invited']:,}",
                    "limit": LOW_RESPONSE_PERCENT,
                },
                reverse("consultations:manage-detail", kwargs={"pk": worst["id"]}),
                _("The consultation"),
            )
        )

    vacant = attention.get("vacant") or []
    if vacant:
        council = data.get("council")
        link = (
            reverse("council:representative-list", kwargs={"slug": council["slug"]})
            if council
            else reverse("council:council-list")
        )
        found.append(
            Item(
                "vacant",
                ngettext(
                    "%(n)s constituency has no representative (%(direction)s).",
                    "%(n)s constituencies have no representative (%(direction)s).",
                    len(vacant),
                )
                % {
                    "n": f"{len(vacant):,}",
                    "direction": _direction(len(vacant), before.get("vacant")),
                },
                link,
                _("Representatives") if council else _("Councils"),
            )
        )

    under = _under(data)
    if under:
        found.append(
            Item(
                "under",
                _(
                    "%(group)s: %(members).0f%% of members but %(caseload).0f%% of the caseload, "
                    "%(gap).0f points below."
                )
                % {
                    "group": _category_name(under["dim"], under["key"]),
                    "members": under["members"],
                    "caseload": under["caseload"],
                    "gap": under["gap"],
                },
                f"{dashboard_url}#representation",
                _("Representativeness"),
            )
        )
    why = {rule.key: rule.shown_when for rule in rules()}
    for item in found:
        item.shown_when = why[item.key]
    return found[:MAX_ITEMS]
