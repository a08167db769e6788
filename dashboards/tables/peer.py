"""Peer support: mentors, sessions, attendance, certificates, helpline cover, expenses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from dashboards import charts
from dashboards.tables.base import (
    Section,
    Table,
    choice_label,
    count_table,
    csv_pct,
    day,
    key_figures,
    num,
    pct,
)
from peersupport.models import SessionType


def section(data: dict[str, Any]) -> Section:
    pe = data["peer"]
    section = Section(
        id="peer",
        heading=_("Peer support"),
        intro=_(
            "Sessions and the helpline are run for the whole service, so those figures are "
            "the same on every council's page. Mentors, attendance, certificates and "
            "expenses count the members of this council."
        )
        if data["council"]
        else _("Peer support across the whole service."),
    )
    pairs = [
        (_("Active peer mentors"), num(pe["active_mentors"]), pe["active_mentors"]),
        (
            _("Sessions delivered in the period"),
            num(pe["sessions_delivered"]),
            pe["sessions_delivered"],
        ),
        (
            _("Attendance (of places where attendance was recorded)"),
            pct(pe["attendance_rate"]),
            csv_pct(pe["attendance_rate"]),
        ),
        (_("Certificates awarded in the period"), num(pe["certificates"]), pe["certificates"]),
    ]
    helpline = pe.get("helpline")
    if helpline is not None:
        pairs.append(
            (
                _("Helpline shifts fully covered in the next 4 weeks"),
                f"{num(helpline['covered'])} / {num(helpline['shifts'])}",
                helpline["covered"],
            )
        )
    expenses = pe.get("expenses")
    if expenses is not None:
        pairs.append(
            (
                _("Travel expenses paid in the period"),
                _("£%(amount)s (%(claims)s claims)")
                % {
                    "amount": f"{Decimal(expenses['paid_amount']):,.2f}",
                    "claims": num(expenses["paid_claims"]),
                },
                expenses["paid_amount"],
            )
        )
    section.tables.append(key_figures("peer-summary", _("Peer support"), pairs))
    section.tables.append(
        count_table(
            key="sessions",
            caption=_("Sessions delivered, by type"),
            heading=_("Type of session"),
            count_heading=_("Sessions"),
            csv_heading="session_type",
            csv_count_heading="sessions",
            rows=[(s["key"], choice_label(SessionType, s["key"]), s["n"]) for s in pe["sessions"]],
        )
    )
    if helpline is not None:
        weeks = helpline["weeks"]
        table = Table(
            key="helpline",
            caption=_("Helpline cover, next 4 weeks"),
            columns=[_("Week starting"), _("Shifts"), _("Fully covered"), _("Places filled")],
            rows=[
                [
                    day(w["start"]),
                    num(w["shifts"]),
                    num(w["covered"]),
                    f"{num(w['filled'])} / {num(w['needed'])}",
                ]
                for w in weeks
            ],
            numeric=[False, True, True, True],
            csv_columns=[
                "week_starting",
                "shifts",
                "fully_covered",
                "places_filled",
                "places_needed",
            ],
            csv_rows=[
                [w["start"], w["shifts"], w["covered"], w["filled"], w["needed"]] for w in weeks
            ],
        )
        table.chart = charts.bars(
            _("Share of helpline places filled, by week"),
            [
                (
                    day(w["start"]),
                    (100.0 * w["filled"] / w["needed"]) if w["needed"] else None,
                    pct((100.0 * w["filled"] / w["needed"]) if w["needed"] else None),
                )
                for w in weeks
            ],
            maximum=100,
        )
        section.tables.append(table)
    missing = []
    if helpline is None:
        missing.append(_("helpline cover"))
    if expenses is None:
        missing.append(_("travel expenses"))
    if missing:
        section.unavailable = _(
            "Not available yet: %(what)s. The peer-support app does not record them yet."
        ) % {"what": _(" and ").join(missing)}
    return section
