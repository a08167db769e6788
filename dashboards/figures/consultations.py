"""Consultations: responses, coding progress, agreement between coders, themes by quarter.

A consultation belongs to the councils whose constituencies it was sent to; one for all
members (or an open link) appears on the all-councils page only. Everything is counted in
the database: responses per consultation, coding items per state, double-coded answers
whose two coders chose the same codes, and final codes per theme and quarter.

Themes are per consultation: a code's name means something only in its own codebook
("Nothing" in one survey and in another are unrelated), so codes with the same name in two
consultations are two themes. Codes that staff have linked to one shared theme (on the
codebook page: ``consultations.coding.shared_themes``) are one theme across consultations.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncQuarter

from consultations.models import CodingItem, Consultation, FinalCode, Submission
from dashboards.figures.context import ALL, Context
from dashboards.periods import quarter_label, quarters_in

TOP_THEMES = 8


def _percent(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def consultations(ctx: Context, linked: dict[int, set[int]]) -> dict[str, dict[str, Any]]:
    """One row per consultation that was open at some time in the period."""
    in_period = Consultation.objects.filter(
        opened_at__isnull=False, opened_at__lt=ctx.end_before
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=ctx.start_at))
    listed = list(
        in_period.order_by("-opened_at", "pk").values(
            "pk", "title", "status", "audience", "opened_at", "closed_at"
        )
    )
    ids = [row["pk"] for row in listed]
    responses = dict(
        Submission.objects.filter(ctx.day_in_period("submitted_on"), consultation_id__in=ids)
        .values_list("consultation_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    states: dict[int, Counter] = defaultdict(Counter)
    for row in (
        CodingItem.objects.filter(question__consultation_id__in=ids)
        .values("state", c=F("question__consultation_id"))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        states[row["c"]][row["state"]] += row["n"]
    pairs = {
        row["c"]: row
        for row in CodingItem.objects.filter(
            question__consultation_id__in=ids, is_double=True, passes_done=2
        )
        .values(c=F("question__consultation_id"))
        .annotate(pairs=Count("pk"), agreed=Count("pk", filter=Q(first_codes=F("second_codes"))))
        .order_by()
    }
    result: dict[str, dict[str, Any]] = {scope: {"rows": []} for scope in ctx.scopes}
    for listed_row in listed:
        counted = states.get(listed_row["pk"], Counter())
        to_code = sum(counted.values())
        done = counted.get(CodingItem.State.DONE, 0)
        pair = pairs.get(listed_row["pk"], {"pairs": 0, "agreed": 0})
        item = {
            "id": listed_row["pk"],
            "title": listed_row["title"],
            "status": listed_row["status"],
            "councils": sorted(linked.get(listed_row["pk"], ())),
            "opened_at": listed_row["opened_at"].isoformat() if listed_row["opened_at"] else None,
            "closed_at": listed_row["closed_at"].isoformat() if listed_row["closed_at"] else None,
            "responses": responses.get(listed_row["pk"], 0),
            "answers_to_code": to_code,
            "coded": done,
            "coded_share": _percent(done, to_code),
            "awaiting_second": counted.get(CodingItem.State.AWAITING_SECOND, 0),
            "disagreements": counted.get(CodingItem.State.DISAGREEMENT, 0),
            "double_coded": pair["pairs"],
            "agreed": pair["agreed"],
            "agreement": _percent(pair["agreed"], pair["pairs"]),
        }
        result[ALL]["rows"].append(item)
        for council in linked.get(listed_row["pk"], ()):
            if str(council) in result:
                result[str(council)]["rows"].append(item)
    for entry in result.values():
        rows = entry["rows"]
        to_code = sum(r["answers_to_code"] for r in rows)
        coded = sum(r["coded"] for r in rows)
        double = sum(r["double_coded"] for r in rows)
        agreed = sum(r["agreed"] for r in rows)
        entry["summary"] = {
            "consultations": len(rows),
            "responses": sum(r["responses"] for r in rows),
            "answers_to_code": to_code,
            "coded": coded,
            "coded_share": _percent(coded, to_code),
            "double_coded": double,
            "agreed": agreed,
            "agreement": _percent(agreed, double),
        }
    return result


def themes(ctx: Context, linked: dict[int, set[int]]) -> dict[str, dict[str, Any]]:
    """The most used themes (final codes) on answers sent in the period, by quarter."""
    quarters = quarters_in(ctx.period)
    index = {q: i for i, q in enumerate(quarters)}
    # scope -> theme key -> counts per quarter. A key is ("shared", theme id) for a shared
    # theme, ("own", consultation id, name in lower case) for a consultation's own code.
    counts: dict[str, dict[tuple, list[int]]] = {
        scope: defaultdict(lambda: [0] * len(quarters)) for scope in ctx.scopes
    }
    labels: dict[tuple, Counter] = defaultdict(Counter)
    rows = (
        FinalCode.objects.filter(ctx.day_in_period("answer__submission__submitted_on"))
        .values(
            c=F("question__consultation_id"),
            title=F("question__consultation__title"),
            name=F("code__name"),
            shared=F("code__shared_theme_link__theme_id"),
            shared_name=F("code__shared_theme_link__theme__name"),
            quarter=TruncQuarter("answer__submission__submitted_on"),
        )
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        quarter = row["quarter"]
        if not isinstance(quarter, date):
            continue
        i = index.get(date(quarter.year, quarter.month, 1))
        if i is None:
            continue
        if row["shared"] is not None:
            key: tuple = ("shared", row["shared"])
            labels[key][(row["shared_name"], "")] += row["n"]
        else:
            key = ("own", row["c"], row["name"].strip().lower())
            labels[key][(row["name"].strip(), row["title"])] += row["n"]
        counts[ALL][key][i] += row["n"]
        for council in linked.get(row["c"], ()):
            if str(council) in counts:
                counts[str(council)][key][i] += row["n"]
    result = {}
    for scope in ctx.scopes:
        ranked = sorted(counts[scope].items(), key=lambda kv: (-sum(kv[1]), str(kv[0])))[
            :TOP_THEMES
        ]
        result[scope] = {
            "quarters": [quarter_label(q) for q in quarters],
            "rows": [
                {
                    "theme": labels[key].most_common(1)[0][0][0],
                    "consultation": labels[key].most_common(1)[0][0][1],
                    "shared": key[0] == "shared",
                    "counts": per_quarter,
                    "total": sum(per_quarter),
                }
                for key, per_quarter in ranked
            ],
        }
    return result
