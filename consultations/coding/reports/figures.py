"""One question's or all questions' figures, read from the counters (see the package
docstring), and the agreement between coders."""

from __future__ import annotations

import textwrap
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, Sum, Window
from django.db.models.functions import RowNumber

from consultations.coding import agreement as stats
from consultations.coding.models import (
    Code,
    CodingItem,
    CodingProject,
    FinalCode,
    FinalCodeCount,
    QuestionCoding,
)
from consultations.coding.selectors import (
    _item_counts,
    _percent,
    code_tree,
)
from consultations.models import Answer, AnswerChoice, Consultation, Question, Submission
from consultations.selectors import Tally, questions_plain, scale_label

MAX_EXEMPLARS = 5


# --- Reports ------------------------------------------------------------------------------


# The chart is CHART_WIDTH units wide with text of CHART_FONT units and is never drawn wider
# than that many pixels: 20 px text on a desktop, about 15 px when a 390 px phone shrinks it
# to its 358 px column. Labels wrap onto as many lines as they need above their bar (never
# cut), so the chart grows taller instead.
CHART_WIDTH = 480
CHART_FONT = 20
CHART_LINE = 24
CHART_CHARS = 40
CHART_BAR = 22
CHART_GAP = 14
CHART_BAR_MAX = 380


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    colour: str
    y: int = 0
    width: float = 0.0
    lines: list[tuple[int, str]] = field(default_factory=list)
    bar_y: int = 0

    @property
    def value_x(self) -> float:
        return self.width + 8

    @property
    def value_y(self) -> int:
        return self.bar_y + CHART_BAR - 4


@dataclass
class Chart:
    bars: list[Bar]
    height: int = 0
    width: int = CHART_WIDTH
    font: int = CHART_FONT

    def __post_init__(self) -> None:
        y = CHART_GAP // 2
        for bar in self.bars:
            wrapped = textwrap.wrap(bar.label, CHART_CHARS, break_long_words=True) or [""]
            bar.lines = [(0 if i == 0 else CHART_LINE, line) for i, line in enumerate(wrapped)]
            bar.y = y + CHART_FONT
            y += CHART_LINE * len(wrapped) + 4
            bar.bar_y = y
            bar.width = round(CHART_BAR_MAX * min(bar.percent, 100) / 100, 1)
            y += CHART_BAR + CHART_GAP
        self.height = max(y + CHART_GAP // 2, CHART_LINE * 2)


@dataclass
class CodeRow:
    code: Code
    depth: int
    count: int
    percent: int
    exemplars: list[str] = field(default_factory=list)
    agreement: stats.CodeAgreement | None = None
    action_link: str = ""

    @property
    def is_folder(self) -> bool:
        return not self.code.is_codable

    @property
    def indent(self) -> str:
        return f"app-coding-depth-{min(self.depth, 4)}"


@dataclass
class QuestionReport:
    question: Question
    number: int
    answered: int
    setup: QuestionCoding | None = None
    coded: int = 0
    to_code: int = 0
    waiting: int = 0
    disagreements: int = 0
    rows: list[CodeRow] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)
    chart: Chart | None = None
    agreement: stats.QuestionAgreement | None = None

    @property
    def is_coded(self) -> bool:
        return self.setup is not None

    @property
    def still_to_code(self) -> int:
        return self.to_code + self.waiting + self.disagreements

    @property
    def sums_past_100(self) -> bool:
        return sum(r.percent for r in self.rows if not r.is_folder) > 100

    @property
    def multi_code(self) -> bool:
        return self.setup is not None and not self.setup.exclusive


@dataclass
class ConsultationReport:
    consultation: Consultation
    respondents: int
    questions: list[QuestionReport]
    published: bool = False


def _answered(question_ids: list[int]) -> dict[int, int]:
    return dict(
        Answer.objects.filter(question__in=question_ids)
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
        .order_by()
    )


def _tallies(questions: list[Question], answered: dict[int, int]) -> dict[int, list[Tally]]:
    """Choice and scale questions counted directly: two queries for any number of them."""
    choice_ids = [q.pk for q in questions if q.has_choices]
    scale_ids = [q.pk for q in questions if q.kind == Question.Kind.SCALE]
    choice_counts = (
        dict(
            AnswerChoice.objects.filter(choice__question__in=choice_ids)
            .values_list("choice")
            .annotate(n=Count("pk"))
            .values_list("choice", "n")
            .order_by()
        )
        if choice_ids
        else {}
    )
    scale_counts = (
        {
            (q, v): n
            for q, v, n in Answer.objects.filter(question__in=scale_ids, number_value__isnull=False)
            .values_list("question", "number_value")
            .annotate(n=Count("pk"))
            .values_list("question", "number_value", "n")
            .order_by()
        }
        if scale_ids
        else {}
    )
    out: dict[int, list[Tally]] = {}
    for q in questions:
        total = answered.get(q.pk, 0)
        if q.has_choices:
            out[q.pk] = [
                Tally(
                    c.label, choice_counts.get(c.pk, 0), _percent(choice_counts.get(c.pk, 0), total)
                )
                for c in q.choices.all()
            ]
        elif q.kind == Question.Kind.SCALE:
            out[q.pk] = [
                Tally(
                    scale_label(q, v),
                    scale_counts.get((q.pk, v), 0),
                    _percent(scale_counts.get((q.pk, v), 0), total),
                )
                for v in range(1, 6)
            ]
    return out


def _exemplars(question_ids: list[int]) -> dict[tuple[int, int], list[str]]:
    """Up to ``MAX_EXEMPLARS`` example quotes per question and code, in one query."""
    rows = (
        FinalCode.objects.filter(question__in=question_ids, is_exemplar=True)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("question_id"), F("code_id")], order_by="item_id"
            )
        )
        .filter(rank__lte=MAX_EXEMPLARS)
        .values_list("question_id", "code_id", "answer__text_value")
    )
    out: dict[tuple[int, int], list[str]] = defaultdict(list)
    for question_id, code_id, text in rows:
        out[(question_id, code_id)].append(text)
    return out


def _code_counts(question_ids: list[int]) -> dict[tuple[int, int], int]:
    """Answers with each final code, per (question, code): one query on ``FinalCodeCount``."""
    counts: dict[tuple[int, int], int] = {}
    for question_id, code_id, n in (
        FinalCodeCount.objects.filter(question__in=question_ids)
        .values_list("question", "code")
        .annotate(n=Sum("answers"))
        .order_by()
    ):
        if n:
            counts[(question_id, code_id)] = n
    return counts


def _agreement_pairs(question_ids: list[int]) -> dict[int, dict[tuple[str, str], int]]:
    return _item_counts(question_ids)[1]


def _flatten(
    children: dict[tuple[int, int | None], list[Code]], book_id: int
) -> list[tuple[Code, int]]:
    flat: list[tuple[Code, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get((book_id, parent), []):
            flat.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    return flat


def build_reports(
    consultation: Consultation, questions: list[Question], numbers: dict[int, int]
) -> list[QuestionReport]:
    """Reports for ``questions``: a fixed number of grouped queries for any amount of data."""
    ids = [q.pk for q in questions]
    setups = {
        s.question_id: s
        for s in QuestionCoding.objects.filter(question__in=ids).select_related("codebook")
    }
    # A coded question's answers are its queue (the non-empty ones), counted with its
    # states below; only the others need counting here.
    answered = _answered([pk for pk in ids if pk not in setups])
    tallies = _tallies(questions, answered)
    trees = {}
    codebook_ids = sorted({s.codebook_id for s in setups.values()})
    if codebook_ids:
        children: dict[tuple[int, int | None], list[Code]] = defaultdict(list)
        for code in Code.objects.filter(codebook_id__in=codebook_ids, is_active=True).order_by(
            "position", "id"
        ):
            children[(code.codebook_id, code.parent_id)].append(code)
        for book_id in codebook_ids:
            trees[book_id] = _flatten(children, book_id)
    states: dict[int, dict[str, int]] = defaultdict(dict)
    code_counts: dict[tuple[int, int], int] = {}
    # (question, folder) -> answers; the folder is never None (code__parent__isnull=False).
    folder_counts: dict[tuple[int, int | None], int] = {}
    exemplars: dict[tuple[int, int], list[str]] = {}
    pairs: dict[int, dict[tuple[str, str], int]] = {}
    coded_ids = list(setups)
    if coded_ids:
        states, pairs = _item_counts(coded_ids)
        code_counts = _code_counts(coded_ids)
        # A folder's count is the answers with any code directly inside it (asked only
        # when some codebook has codes inside folders).
        nested = any(code.parent_id for tree in trees.values() for code, _d in tree)
        folder_counts = (
            {
                (q, p): n
                for q, p, n in FinalCode.objects.filter(
                    question__in=coded_ids, code__parent__isnull=False
                )
                .values_list("question", "code__parent")
                .annotate(n=Count("item", distinct=True))
                .values_list("question", "code__parent", "n")
                .order_by()
            }
            if nested
            else {}
        )
        exemplars = _exemplars(coded_ids)
    reports = []
    for q in questions:
        report = QuestionReport(q, numbers.get(q.pk, 0), answered.get(q.pk, 0))
        setup = setups.get(q.pk)
        if setup is not None:
            report.setup = setup
            s = states.get(q.pk, {})
            report.coded = s.get(CodingItem.State.DONE, 0)
            report.to_code = s.get(CodingItem.State.TO_CODE, 0)
            report.waiting = s.get(CodingItem.State.AWAITING_SECOND, 0)
            report.disagreements = s.get(CodingItem.State.DISAGREEMENT, 0)
            report.answered = sum(s.values())
            tree = trees.get(setup.codebook_id, [])
            report.agreement = stats.question_agreement(
                pairs.get(q.pk, {}),
                [c.pk for c, _d in tree if c.is_codable],
                exclusive=setup.exclusive,
            )
            for code, depth in tree:
                n = (
                    code_counts.get((q.pk, code.pk), 0)
                    if code.is_codable
                    else folder_counts.get((q.pk, code.pk), 0)
                )
                report.rows.append(
                    CodeRow(
                        code=code,
                        depth=depth,
                        count=n,
                        percent=_percent(n, report.coded),
                        exemplars=exemplars.get((q.pk, code.pk), []),
                        agreement=report.agreement.codes.get(code.pk),
                    )
                )
            report.chart = Chart(
                [
                    Bar(r.code.name, r.count, r.percent, r.code.colour)
                    for r in report.rows
                    if not r.is_folder
                ]
            )
        elif q.pk in tallies:
            report.tallies = tallies[q.pk]
            report.chart = Chart(
                [
                    Bar(
                        t.label,
                        t.count,
                        t.percent,
                        PALETTE_FOR_TALLIES[i % len(PALETTE_FOR_TALLIES)],
                    )
                    for i, t in enumerate(report.tallies)
                ]
            )
        reports.append(report)
    return reports


PALETTE_FOR_TALLIES = ("#1D70B8", "#D4351C", "#00703C", "#F47738", "#4C2C92", "#28A197")


def consultation_report(consultation: Consultation) -> ConsultationReport:
    questions = questions_plain(consultation)
    numbers = {q.pk: n for n, q in enumerate(questions, start=1)}
    return ConsultationReport(
        consultation=consultation,
        respondents=Submission.objects.filter(consultation=consultation).count(),
        questions=build_reports(consultation, questions, numbers),
        published=CodingProject.objects.filter(
            consultation=consultation, themes_published_at__isnull=False
        ).exists(),
    )


def question_number(question: Question) -> int:
    return (
        Question.objects.filter(consultation_id=question.consultation_id)
        .filter(
            Q(position__lt=question.position) | Q(position=question.position, pk__lt=question.pk)
        )
        .count()
        + 1
    )


def question_report(question: Question) -> QuestionReport:
    question = (
        Question.objects.filter(pk=question.pk)
        .prefetch_related("choices")
        .select_related("consultation")
        .get()
    )
    return build_reports(
        question.consultation, [question], {question.pk: question_number(question)}
    )[0]


# --- Agreement ----------------------------------------------------------------------------


def agreement_for(
    question: Question, setup: QuestionCoding
) -> tuple[stats.QuestionAgreement, list[tuple[Code, stats.CodeAgreement | None]]]:
    codes = [t.code for t in code_tree(setup.codebook_id) if t.code.is_codable]
    result = stats.question_agreement(
        _agreement_pairs([question.pk]).get(question.pk, {}),
        [c.pk for c in codes],
        exclusive=setup.exclusive,
    )
    return result, [(c, result.codes.get(c.pk)) for c in codes]
