"""The count in plain English: a stored count report (``stv.CountResult.as_dict()``) turned into
one sentence per stage, whole-number tables and a note on any draw by lot.

Read-only and free of the database, so the results page and the worked example on "How the
count works" explain a count the same way. The exact five-decimal figures stay in the report;
this module only rounds them *down* for display, so a candidate shown with the quota really
has it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from council.models import RON_LEGACY_NAMES, RON_NAME

_NUMBER_WORDS = {
    2: "Two",
    3: "Three",
    4: "Four",
    5: "Five",
    6: "Six",
    7: "Seven",
    8: "Eight",
    9: "Nine",
}


def display_name(name: str) -> str:
    """The name a member reads: "RON" is spelled out, whichever wording the count stored."""
    if name == RON_NAME or name in RON_LEGACY_NAMES:
        return _("Re-open nominations (none of these)")
    return name


def whole(value: str | int | Decimal) -> int:
    """Votes shown as a whole number: rounded down, so "25" always means at least 25."""
    return int(Decimal(str(value)).to_integral_value(rounding=ROUND_FLOOR))


def _votes_phrase(value: Decimal) -> str:
    """``12`` -> "12 votes"; ``12.4`` -> "more than 12 votes"; ``0.4`` -> "less than 1 vote".

    Fractions are said as "more than" the whole number, matching the tables, which round down.
    """
    if value == value.to_integral_value():
        n = int(value)
        return ngettext("%(n)s vote", "%(n)s votes", n) % {"n": n}
    if value < 1:
        return _("less than 1 vote")
    n = whole(value)
    return ngettext("more than %(n)s vote", "more than %(n)s votes", n) % {"n": n}


def _names(names: list[str]) -> str:
    shown = [display_name(n) for n in names]
    if len(shown) <= 1:
        return "".join(shown)
    return _("%(first)s and %(last)s") % {"first": ", ".join(shown[:-1]), "last": shown[-1]}


@dataclass
class Row:
    name: str
    votes: int
    change: int | None
    elected: bool
    excluded: bool
    elected_before: bool
    excluded_before: bool


@dataclass
class PlainStage:
    number: int
    sentence: str
    rows: list[Row]
    non_transferable: int
    exact: dict[str, Any] = field(default_factory=dict)


@dataclass
class PlainCount:
    elected: list[str]
    stages: list[PlainStage]
    lot_summary: str
    lot_details: list[str]
    quota: int
    valid: int
    seats: int


def _decimal(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def _gains(stage: dict[str, Any], candidates: list[str], skip: str | None) -> str:
    gains = [
        (name, _decimal(stage["changes"][name]))
        for name in candidates
        if name != skip and _decimal(stage["changes"][name]) > 0
    ]
    if not gains:
        return ""
    parts = [
        _("%(name)s gained %(votes)s") % {"name": display_name(name), "votes": _votes_phrase(value)}
        for name, value in gains
    ]
    text = _names_plain(parts)
    lost = _decimal(stage["non_transferable_change"])
    if lost > 0:
        text += _("; %(votes)s went no further, because those voters chose nobody else") % {
            "votes": _votes_phrase(lost)
        }
    return text + "."


def _names_plain(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}


def _stage_sentence(
    stage: dict[str, Any], previous: dict[str, Any] | None, report: dict[str, Any]
) -> str:
    candidates = report["candidates"]
    quota = report["quota"]
    subject = stage["subject"]
    sentences: list[str] = []
    if stage["action"] == "first preferences":
        sentences.append(
            _(
                "Every ballot paper was given to the candidate marked 1 on it. To be elected "
                "a candidate needed %(quota)s (the quota)."
            )
            % {"quota": _votes_phrase(Decimal(quota))}
        )
    elif stage["action"] == "surplus" and previous is not None:
        extra = _decimal(previous["votes"][subject]) - quota
        name = display_name(subject)
        if extra == extra.to_integral_value():
            sentences.append(
                ngettext(
                    "%(name)s had more votes than needed, so their extra vote was passed on "
                    "to the people their voters put next.",
                    "%(name)s had more votes than needed, so their extra %(n)s votes were "
                    "passed on to the people their voters put next.",
                    int(extra),
                )
                % {"name": name, "n": int(extra)}
            )
        else:
            sentences.append(
                _(
                    "%(name)s had more votes than needed, so their extra votes (%(votes)s) "
                    "were passed on to the people their voters put next."
                )
                % {"name": name, "votes": _votes_phrase(extra)}
            )
        sentences.append(
            _(
                "Every one of their ballot papers was passed on, each worth only part of a "
                "vote, so that together they make up the extra."
            )
        )
    elif previous is not None and _decimal(previous["votes"][subject]) == 0:
        sentences.append(
            _("%(name)s had no votes, so they were excluded.") % {"name": display_name(subject)}
        )
    elif previous is not None:
        held = _decimal(previous["votes"][subject])
        sentences.append(
            _(
                "%(name)s had the fewest votes (%(votes)s), so they were excluded and their "
                "ballot papers were passed on to the people their voters put next."
            )
            % {"name": display_name(subject), "votes": _votes_phrase(held)}
        )
    if stage["action"] != "first preferences":
        gains = _gains(stage, candidates, subject)
        if gains:
            sentences.append(gains[0].upper() + gains[1:])
    if stage["elected"]:
        if stage["last_vacancies"]:
            sentences.append(
                _(
                    "Only as many candidates were left as there were seats to fill, so "
                    "%(names)s elected."
                )
                % {
                    "names": ngettext("%(who)s was", "%(who)s were", len(stage["elected"]))
                    % {"who": _names(stage["elected"])}
                }
            )
        else:
            sentences.append(
                ngettext(
                    "%(who)s reached the quota and was elected.",
                    "%(who)s reached the quota and were elected.",
                    len(stage["elected"]),
                )
                % {"who": _names(stage["elected"])}
            )
    return " ".join(sentences)


def _tie_sentence(tie: dict[str, Any]) -> str:
    tied = _names(tie["tied"])
    chosen = display_name(tie["chosen"])
    if tie["purpose"] == "exclusion":
        outcome = _("%(name)s was the one excluded") % {"name": chosen}
    elif tie["purpose"] == "surplus":
        outcome = _("%(name)s's extra votes were passed on first") % {"name": chosen}
    else:
        outcome = _("%(name)s was elected first") % {"name": chosen}
    if tie["method"] == "lot":
        return _(
            "After stage %(stage)s, %(tied)s were level, and the draw decided that %(out)s."
        ) % {
            "stage": tie["stage"],
            "tied": tied,
            "out": outcome,
        }
    return _(
        "After stage %(stage)s, %(tied)s were level, so the count looked back to stage "
        "%(earlier)s, when their votes were different: %(out)s."
    ) % {"stage": tie["stage"], "tied": tied, "earlier": tie["decided_at_stage"], "out": outcome}


def explain(report: dict[str, Any]) -> PlainCount:
    """The whole count in plain English, from the stored report."""
    candidates: list[str] = report["candidates"]
    stages: list[PlainStage] = []
    elected_so_far: set[str] = set()
    excluded_so_far: set[str] = set()
    previous: dict[str, Any] | None = None
    ties_by_stage: dict[int, list[str]] = {}
    for tie in report.get("ties", []):
        # A tie over whom to exclude or whose surplus goes first is settled at the end of a
        # stage and acted on in the next; a tie over who is elected first, in the same stage.
        acted_in = tie["stage"] if tie["purpose"] == "order" else tie["stage"] + 1
        ties_by_stage.setdefault(acted_in, []).append(_tie_sentence(tie))
    for stage in report["stages"]:
        rows = [
            Row(
                name=display_name(name),
                votes=whole(stage["votes"][name]),
                change=None
                if previous is None
                else whole(stage["votes"][name]) - whole(previous["votes"][name]),
                elected=name in stage["elected"],
                excluded=name in stage["excluded"],
                elected_before=name in elected_so_far,
                excluded_before=name in excluded_so_far,
            )
            for name in candidates
        ]
        sentence = _stage_sentence(stage, previous, report)
        if stage["number"] in ties_by_stage:
            sentence = " ".join([*ties_by_stage[stage["number"]], sentence])
        stages.append(
            PlainStage(
                number=stage["number"],
                sentence=sentence,
                rows=rows,
                non_transferable=whole(stage["non_transferable"]),
                exact=stage,
            )
        )
        elected_so_far.update(stage["elected"])
        excluded_so_far.update(stage["excluded"])
        previous = stage
    lots = [t for t in report.get("ties", []) if t["method"] == "lot"]
    lot_summary = ""
    if lots:
        sizes = {len(t["tied"]) for t in lots}
        size = max(sizes)
        lot_summary = _(
            "%(count)s candidates had exactly the same votes at every stage, so the count drew "
            "lots between them, as the rules say."
        ) % {"count": _(_NUMBER_WORDS[size]) if size in _NUMBER_WORDS else str(size)}
    return PlainCount(
        elected=[display_name(n) for n in report["elected"]],
        stages=stages,
        lot_summary=lot_summary,
        lot_details=[_tie_sentence(t) for t in lots],
        quota=report["quota"],
        valid=report["valid"],
        seats=report["seats"],
    )


# The worked example on "How the count works": five candidates, 20 ballot papers, two seats.
# Counted with the real ``council.stv`` each time the page is drawn, so the example can never
# disagree with the rules the portal counts by (tests/council/test_plain_count.py pins what
# the page says it shows: a surplus, two exclusions and an election at the quota).
EXAMPLE_CANDIDATES = ["Asha", "Ben", "Cara", "Dev", "Ella"]
EXAMPLE_SEATS = 2
EXAMPLE_BALLOTS: dict[tuple[str, ...], int] = {
    ("Asha", "Ben"): 3,
    ("Asha", "Cara"): 4,
    ("Asha",): 2,
    ("Ben",): 4,
    ("Cara", "Ben"): 3,
    ("Dev",): 3,
    ("Ella", "Dev"): 1,
}


@dataclass
class Example:
    ballots: list[tuple[list[str], int]]
    papers: int
    seats: int
    report: dict[str, Any]
    plain: PlainCount

    @property
    def divisor(self) -> int:
        return self.seats + 1

    @property
    def share(self) -> int:
        return self.papers // self.divisor


def worked_example() -> Example:
    from council import stv

    result = stv.count(
        candidates=EXAMPLE_CANDIDATES, ballots=EXAMPLE_BALLOTS, seats=EXAMPLE_SEATS, seed="example"
    )
    report = result.as_dict()
    return Example(
        ballots=[(list(ranking), n) for ranking, n in EXAMPLE_BALLOTS.items()],
        papers=sum(EXAMPLE_BALLOTS.values()),
        seats=EXAMPLE_SEATS,
        report=report,
        plain=explain(report),
    )
