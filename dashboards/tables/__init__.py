"""From a snapshot's counts to the page: sections of key figures, tables and their charts.

Every table here is both printed on the page (beside its chart) and offered as a CSV file,
from the same rows, so the picture, the table and the download always agree. Labels are
worked out here, at reading time, so they follow the reader's language. One module per
section, like ``dashboards.figures``.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from core.templatetags.portal_dates import clock, govuk_date
from dashboards.tables import actions, consultations, elections, membership, peer, representation
from dashboards.tables.base import PAGE_ROWS, Section, Table, num, pct

__all__ = [
    "PAGE_ROWS",
    "Section",
    "Table",
    "as_of",
    "num",
    "pct",
    "period_text",
    "sections",
    "table_keys",
]


def sections(data: dict[str, Any]) -> list[Section]:
    return [
        membership.section(data),
        representation.section(data),
        elections.section(data),
        consultations.section(data),
        actions.section(data),
        peer.section(data),
    ]


def table_keys(data: dict[str, Any]) -> dict[str, Table]:
    return {table.key: table for section in sections(data) for table in section.tables}


def as_of(computed_at: datetime) -> str:
    return _("%(time)s on %(day)s") % {"time": clock(computed_at), "day": govuk_date(computed_at)}


def period_text(start: date, end: date) -> str:
    return _("%(start)s to %(end)s") % {
        "start": govuk_date(start),
        "end": govuk_date(end),
    }
