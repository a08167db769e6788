"""The action plan: status, RAG, overdue, done in the period."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from actionplan.models import Status as ActionStatus
from actionplan.rag import Rag
from dashboards import charts
from dashboards.tables.base import (
    Section,
    choice_label,
    count_table,
    key_figures,
    num,
    pct,
)


def section(data: dict[str, Any]) -> Section:
    ac = data["actions"]
    is_all = data["council"] is None
    section = Section(
        id="actions",
        heading=_("Action plan"),
        intro=_("Every action in the action plans.")
        if is_all
        else _(
            "Actions that answer something raised at this council: an agenda item or a "
            "decision of one of its meetings."
        ),
    )
    section.tables.append(
        key_figures(
            "actions-summary",
            _("Actions"),
            [
                (_("Actions"), num(ac["total"]), ac["total"]),
                (_("Overdue"), num(ac["overdue"]), ac["overdue"]),
                (_("Done in the period"), num(ac["done_in_period"]), ac["done_in_period"]),
                (
                    _("On the \u201cYou said, we did\u201d board"),
                    f"{num(ac['public'])} ({pct(ac['public_share'])})",
                    ac["public"],
                ),
                (
                    _("With a user champion as co-owner"),
                    f"{num(ac['champion'])} ({pct(ac['champion_share'])})",
                    ac["champion"],
                ),
            ],
        )
    )
    section.tables.append(
        count_table(
            key="actions-status",
            caption=_("Actions by status"),
            heading=_("Status"),
            count_heading=_("Actions"),
            csv_heading="status",
            csv_count_heading="actions",
            rows=[
                (r["key"], choice_label(ActionStatus, r["key"]), r["n"]) for r in ac["by_status"]
            ],
        )
    )
    section.tables.append(
        count_table(
            key="actions-rag",
            caption=_("Actions by RAG rating"),
            heading=_("RAG"),
            count_heading=_("Actions"),
            csv_heading="rag",
            csv_count_heading="actions",
            rows=[(r["key"], choice_label(Rag, r["key"]), r["n"]) for r in ac["by_rag"]],
            note=_(
                "Red: blocked or past its due date. Amber: due within 14 days and less than 75% "
                "done. Green: done, or on track. Dropped actions are not rated."
            ),
            colours=[charts.RAG_COLOURS.get(r["key"], charts.PALETTE[0]) for r in ac["by_rag"]],
        )
    )
    return section
