"""Reads for the coding pages. Each page's queries are a fixed number, whatever the number
of answers: counts are ``GROUP BY``s in the database, never a loop over rows.

The report's counts (answers per state, per final code, per pair of double-coded code sets)
are read from the counters the database keeps (``FinalCodeCount``, ``CodingItemCount``, see
``coding.models``): a few rows per question, so one question's report and the all-questions
summary take the same time with 1,000 answers or 1,000,000.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from consultations.coding import agreement as stats
from consultations.coding.models import (
    COMPACT_AFTER,
    Code,
    Codebook,
    Coding,
    CodingItem,
    CodingItemCount,
    CodingPass,
    CodingProject,
    FinalCode,
    FinalCodeCount,
    QuestionCoding,
    compact_counts,
)
from consultations.coding.suppression import SMALL, SuppressedTable, suppress
from consultations.models import Answer, AnswerChoice, Consultation, Question, Submission
from consultations.selectors import PROFILE_LABELS, Tally, questions_plain, scale_label

# Keys a coder presses to apply the 1st, 2nd... codable code. Reserved: e (example quote),
# m (memo), s (skip), x (no code fits), Enter (save), ? (help).
SHORTCUT_KEYS = "1234567890abcdfghijklnopqrtuvwyz"
MAX_EXEMPLARS = 5
PROFILE_ATTRIBUTES = (
    ("gender", gettext_lazy("Gender")),
    ("ethnic_group", gettext_lazy("Ethnic group")),
    ("age_band", gettext_lazy("Age")),
    ("area", gettext_lazy("Area")),
)


def _percent(count: int, total: int) -> int:
    """Rounded half up, as people round (69.5 % is 70 %)."""
    return int(100 * count / total + 0.5) if total else 0


# --- Codebooks ----------------------------------------------------------------------------


@dataclass
class TreeCode:
    code: Code
    depth: int
    shortcut: str = ""
    matched: bool = True
    marks: str = ""  # on the settling page: which coders chose it

    @property
    def indent(self) -> str:
        """GOV.UK spacing class for the depth (no inline styles under our CSP)."""
        return f"app-coding-depth-{min(self.depth, 4)}"


def code_tree(
    codebook_id: int, *, search: str = "", include_merged: bool = False
) -> list[TreeCode]:
    """A codebook's codes in order, depth first. One query.

    With ``search``, only codes whose name or definition contains it, with the folders
    above them for context.
    """
    qs = Code.objects.filter(codebook_id=codebook_id).order_by("position", "id")
    if not include_merged:
        qs = qs.filter(is_active=True)
    codes = list(qs.select_related("merged_into"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    known = {c.pk for c in codes}
    for code in codes:  # a merged folder's children hang from the top level
        if code.parent_id is not None and code.parent_id not in known:
            children[None].append(code)
    out: list[TreeCode] = []

    def walk(parent: int | None, depth: int) -> None:
        for code in children.get(parent, []):
            out.append(TreeCode(code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    term = search.strip().lower()
    if term:
        by_id = {t.code.pk: t for t in out}
        keep: set[int] = set()
        for t in out:
            if term in t.code.name.lower() or term in t.code.definition.lower():
                keep.add(t.code.pk)
                parent = t.code.parent_id
                while parent in by_id and parent not in keep:
                    keep.add(parent)
                    by_id[parent].matched = False
                    parent = by_id[parent].code.parent_id
        out = [t for t in out if t.code.pk in keep]
    return out


def with_shortcuts(tree: list[TreeCode]) -> list[TreeCode]:
    """Give the codable codes, in order, the keys 1-9, 0, then letters."""
    keys = iter(SHORTCUT_KEYS)
    for t in tree:
        if t.code.is_codable and t.code.is_active:
            t.shortcut = next(keys, "")
    return tree


def codebooks_for_list(search: str = "") -> QuerySet[Codebook]:
    qs = Codebook.objects.select_related("consultation").annotate(
        code_count=Count("codes", filter=Q(codes__is_active=True), distinct=True),
        question_count=Count("questions", distinct=True),
    )
    term = search.strip()
    if term:
        matching = Code.objects.filter(
            Q(name__icontains=term) | Q(definition__icontains=term)
        ).values("codebook_id")
        qs = qs.filter(Q(name__icontains=term) | Q(pk__in=matching))
    return qs.order_by("name", "id")


def codebook_choices_for(consultation: Consultation) -> QuerySet[Codebook]:
    return Codebook.objects.filter(
        Q(consultation=consultation) | Q(consultation__isnull=True)
    ).order_by("name", "id")


def questions_using(codebook: Codebook) -> list[QuestionCoding]:
    return list(
        QuestionCoding.objects.filter(codebook=codebook)
        .select_related("question__consultation")
        .order_by("question__consultation_id", "question__position")
    )


# --- Overview -----------------------------------------------------------------------------


@dataclass
class QuestionProgress:
    question: Question
    number: int
    setup: QuestionCoding | None
    counts: dict[str, int] = field(default_factory=dict)
    mine: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def done(self) -> int:
        return self.counts.get(CodingItem.State.DONE, 0)

    @property
    def to_code(self) -> int:
        return self.counts.get(CodingItem.State.TO_CODE, 0)

    @property
    def waiting(self) -> int:
        return self.counts.get(CodingItem.State.AWAITING_SECOND, 0)

    @property
    def disagreements(self) -> int:
        return self.counts.get(CodingItem.State.DISAGREEMENT, 0)

    @property
    def percent_done(self) -> int:
        return _percent(self.done, self.total)


def coding_overview(consultation: Consultation, user: Any) -> list[QuestionProgress]:
    """Every question with its coding set-up and progress: four queries (now and then a
    fifth folds the counter rows, see ``_compact_if_needed``)."""
    questions = list(consultation.questions.order_by("position", "id"))
    setups = {
        s.question_id: s
        for s in QuestionCoding.objects.filter(question__consultation=consultation).select_related(
            "codebook"
        )
    }
    counts, _pairs, spare = _item_counts([q.pk for q in questions])
    _compact_if_needed(spare)
    mine = dict(
        CodingPass.objects.filter(question__consultation=consultation, coder=user)
        .values_list("question")
        .annotate(n=Count("pk"))
        .values_list("question", "n")
        .order_by()
    )
    return [
        QuestionProgress(q, n, setups.get(q.pk), counts.get(q.pk, {}), mine.get(q.pk, 0))
        for n, q in enumerate(questions, start=1)
    ]


def coding_leads(consultation: Consultation) -> list[Any]:
    from consultations.coding.models import CodingLead

    return list(
        CodingLead.objects.filter(consultation=consultation)
        .select_related("user")
        .order_by("user__display_name", "user__username")
    )


def project_for(consultation: Consultation) -> CodingProject | None:
    return CodingProject.objects.filter(consultation=consultation).first()


# --- The queue ----------------------------------------------------------------------------


def queue_remaining(question: Question, coder: Any) -> int:
    """Answers this coder could still be given for this question (two queries).

    Everything in the queue's states, from the counters, less the answers waiting for a
    second coder that this coder coded first (read through the queue index, so the cost
    follows that backlog, not the number of answers).
    """
    queued = (
        CodingItemCount.objects.filter(
            question=question, state__in=CodingItem.QUEUE_STATES
        ).aggregate(n=Sum("items"))["n"]
        or 0
    )
    mine_waiting = CodingItem.objects.filter(
        question=question, state=CodingItem.State.AWAITING_SECOND, first_coder=coder
    ).count()
    return queued - mine_waiting


def recent_passes(question: Question, coder: Any, limit: int = 5) -> list[CodingPass]:
    """The answers this coder coded last, so they can go back and change one."""
    return list(
        CodingPass.objects.filter(question=question, coder=coder)
        .select_related("item__answer")
        .order_by("-updated_at")[:limit]
    )


def my_codes(item: CodingItem, coder: Any) -> tuple[set[int], set[int], str, bool]:
    """This coder's codes, example-quote marks and memo for ``item`` (to change them)."""
    rows = list(Coding.objects.filter(item=item, coder=coder).values_list("code_id", "is_exemplar"))
    coding_pass = CodingPass.objects.filter(item=item, coder=coder).first()
    memo = coding_pass.memo if coding_pass else ""
    none_fits = coding_pass is not None and not rows
    return {c for c, _e in rows}, {c for c, e in rows if e}, memo, none_fits


def _profile_combinations(consultation_id: int) -> dict[tuple[str, ...], int]:
    """How many respondents share each combination of profile answers (cached 5 minutes)."""
    key = f"coding:profile-combos:{consultation_id}"
    combos = cache.get(key)
    if combos is None:
        combos = {
            tuple(row[:-1]): row[-1]
            for row in Submission.objects.filter(consultation_id=consultation_id)
            .values_list(*Submission.PROFILE_FIELDS)
            .annotate(n=Count("pk"))
            .values_list(*Submission.PROFILE_FIELDS, "n")
            .order_by()
        }
        cache.set(key, combos, 300)
    return combos


def profile_for_coder(item: CodingItem) -> tuple[list[tuple[str, str]], bool]:
    """The answer's profile details that at least 5 respondents share, all together.

    Starts from every detail given and drops the rarest until the combination shown is
    shared by at least 5 people, so a coder can never see a combination that points at
    one person. Returns the details and whether any were held back.
    """
    submission = item.answer.submission
    combos = _profile_combinations(submission.consultation_id)
    fields = list(Submission.PROFILE_FIELDS)
    values = {f: getattr(submission, f) for f in fields}
    shown = [f for f in fields if values[f]]
    held_back = False

    def shared(chosen: list[str]) -> int:
        index = [fields.index(f) for f in chosen]
        return sum(
            n for combo, n in combos.items() if all(combo[i] == values[fields[i]] for i in index)
        )

    while shown and shared(shown) < SMALL:
        held_back = True
        rarest = min(shown, key=lambda f: shared([f]))
        shown.remove(rarest)
    labels = dict(PROFILE_ATTRIBUTES)
    details = [
        (str(labels[f]), str(PROFILE_LABELS.get(f, {}).get(values[f], values[f]))) for f in shown
    ]
    return details, held_back


# --- Review of disagreements --------------------------------------------------------------


def disagreements(consultation: Consultation, question: Question | None = None) -> QuerySet:
    qs = CodingItem.objects.filter(
        question__consultation=consultation, state=CodingItem.State.DISAGREEMENT
    ).select_related("question", "answer")
    if question is not None:
        qs = qs.filter(question=question)
    return qs.order_by("question__position", "question_id", "id")


@dataclass
class PassView:
    coding_pass: CodingPass
    codes: list[Code]
    exemplars: set[int]


def passes_for(items: Sequence[CodingItem]) -> dict[Any, list[PassView]]:
    """Both coders' passes and codes for ``items`` (two queries)."""
    passes = list(
        CodingPass.objects.filter(item__in=[i.pk for i in items])
        .select_related("coder")
        .order_by("item_id", "slot")
    )
    codings: dict[tuple[Any, int], list[Coding]] = defaultdict(list)
    for coding in (
        Coding.objects.filter(item__in=[i.pk for i in items])
        .select_related("code")
        .order_by("code__position", "code_id")
    ):
        codings[(coding.item_id, coding.coder_id)].append(coding)
    out: dict[Any, list[PassView]] = defaultdict(list)
    for p in passes:
        rows = codings.get((p.item_id, p.coder_id), [])
        out[p.item_id].append(
            PassView(p, [c.code for c in rows], {c.code_id for c in rows if c.is_exemplar})
        )
    return out


# --- Reports ------------------------------------------------------------------------------


@dataclass
class Bar:
    label: str
    count: int
    percent: int
    colour: str
    y: int = 0
    width: float = 0.0

    @property
    def value_x(self) -> float:
        return self.width + 6


CHART_ROW = 44
CHART_BAR_MAX = 420


@dataclass
class Chart:
    bars: list[Bar]

    def __post_init__(self) -> None:
        for index, bar in enumerate(self.bars):
            bar.y = index * CHART_ROW
            bar.width = round(CHART_BAR_MAX * min(bar.percent, 100) / 100, 1)

    @property
    def height(self) -> int:
        return max(CHART_ROW, CHART_ROW * len(self.bars))


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


def _item_counts(
    question_ids: list[int],
) -> tuple[dict[int, dict[str, int]], dict[int, dict[tuple[str, str], int]], dict[int, int]]:
    """Answers per state, and double-coded answers per pair of code sets, for each question.

    One query on the counters the database keeps (``CodingItemCount``): a few rows per
    question whatever the number of answers. Also returns how many more counter rows each
    question has than keys, so the caller can fold them when they pile up.
    """
    states: dict[int, dict[str, int]] = defaultdict(dict)
    pairs: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    rows: dict[int, int] = defaultdict(int)
    for question_id, state, paired, first, second, n, r in (
        CodingItemCount.objects.filter(question__in=question_ids)
        .values_list("question", "state", "paired", "first_codes", "second_codes")
        .annotate(n=Sum("items"), r=Count("pk"))
        .order_by()
    ):
        rows[question_id] += r - 1
        if not n:
            continue
        states[question_id][state] = states[question_id].get(state, 0) + n
        if paired:
            key = (first, second)
            pairs[question_id][key] = pairs[question_id].get(key, 0) + n
    return states, pairs, rows


def _code_counts(question_ids: list[int]) -> tuple[dict[tuple[int, int], int], dict[int, int]]:
    """Answers with each final code, per (question, code): one query on ``FinalCodeCount``."""
    counts: dict[tuple[int, int], int] = {}
    rows: dict[int, int] = defaultdict(int)
    for question_id, code_id, n, r in (
        FinalCodeCount.objects.filter(question__in=question_ids)
        .values_list("question", "code")
        .annotate(n=Sum("answers"), r=Count("pk"))
        .order_by()
    ):
        rows[question_id] += r - 1
        if n:
            counts[(question_id, code_id)] = n
    return counts, rows


def _compact_if_needed(*row_counts: dict[int, int]) -> None:
    """Fold the counter rows of questions that have gathered many spare rows (PostgreSQL).

    Rarely more than one statement per table; never changes what the counters add up to.
    """
    crowded = sorted({q for rows in row_counts for q, n in rows.items() if n > COMPACT_AFTER})
    if crowded and connection.vendor == "postgresql":
        compact_counts(crowded)


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
    folder_counts: dict[tuple[int, int], int] = {}
    exemplars: dict[tuple[int, int], list[str]] = {}
    pairs: dict[int, dict[tuple[str, str], int]] = {}
    coded_ids = list(setups)
    if coded_ids:
        states, pairs, item_rows = _item_counts(coded_ids)
        code_counts, final_rows = _code_counts(coded_ids)
        _compact_if_needed(item_rows, final_rows)
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


# --- Breakdown by who answered ------------------------------------------------------------


@dataclass
class Breakdown:
    attribute: str
    label: str
    columns: list[str]
    rows: list[tuple[str, list[str]]]
    totals: list[str]
    hidden_any: bool


def _columns(consultation: Consultation, attribute: str, seen: set[str]) -> list[tuple[str, str]]:
    if attribute == "area":
        values = [(a, a) for a in consultation.area_list]
    else:
        values = [(k, str(v)) for k, v in PROFILE_LABELS[attribute].items()]
    known = {k for k, _v in values}
    values += [(v, v) for v in sorted(seen - known - {""})]
    return [*values, ("", _("Not given"))]


def breakdown(report: QuestionReport, attribute: str) -> Breakdown | None:
    """The question's figures by one profile attribute, small cells suppressed. Two queries."""
    if attribute not in dict(PROFILE_ATTRIBUTES):
        return None
    q = report.question
    path = f"answer__submission__{attribute}"
    if report.is_coded:
        totals = dict(
            CodingItem.objects.filter(question=q, state=CodingItem.State.DONE)
            .values_list(path)
            .annotate(n=Count("pk"))
            .values_list(path, "n")
            .order_by()
        )
        cells = {
            (code, value): n
            for code, value, n in FinalCode.objects.filter(question=q)
            .values_list("code", path)
            .annotate(n=Count("pk"))
            .values_list("code", path, "n")
            .order_by()
        }
        row_keys = [(r.code.pk, r.code.name) for r in report.rows if not r.is_folder]
        exclusive = bool(report.setup and report.setup.exclusive)
    elif q.has_choices:
        totals = dict(
            Answer.objects.filter(question=q)
            .values_list(f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list(f"submission__{attribute}", "n")
            .order_by()
        )
        cells = {
            (choice, value): n
            for choice, value, n in AnswerChoice.objects.filter(choice__question=q)
            .values_list("choice", path)
            .annotate(n=Count("pk"))
            .values_list("choice", path, "n")
            .order_by()
        }
        row_keys = [(c.pk, c.label) for c in q.choices.all()]
        exclusive = q.kind != Question.Kind.MULTIPLE_CHOICE
    elif q.kind == Question.Kind.SCALE:
        totals = dict(
            Answer.objects.filter(question=q, number_value__isnull=False)
            .values_list(f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list(f"submission__{attribute}", "n")
            .order_by()
        )
        cells = {
            (v, value): n
            for v, value, n in Answer.objects.filter(question=q, number_value__isnull=False)
            .values_list("number_value", f"submission__{attribute}")
            .annotate(n=Count("pk"))
            .values_list("number_value", f"submission__{attribute}", "n")
            .order_by()
        }
        row_keys = [(v, scale_label(q, v)) for v in range(1, 6)]
        exclusive = True
    else:
        return None
    totals = {(k or ""): n for k, n in totals.items()}
    columns = _columns(q.consultation, attribute, set(totals))
    keys = [k for k, _label in columns]
    cells = {(row, value or ""): n for (row, value), n in cells.items()}
    matrix = [[cells.get((row, k), 0) for k in keys] for row, _l in row_keys]
    table: SuppressedTable = suppress(
        matrix, [totals.get(k, 0) for k in keys], columns_add_up=exclusive
    )
    return Breakdown(
        attribute=attribute,
        label=dict(PROFILE_ATTRIBUTES)[attribute],
        columns=[label for _k, label in columns],
        rows=[(label, cells_) for (_row, label), cells_ in zip(row_keys, table.cells, strict=True)],
        totals=table.totals,
        hidden_any=table.hidden_any,
    )


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


# --- Public themes ------------------------------------------------------------------------


@dataclass
class Theme:
    consultation: Consultation
    question: Question
    code: Code
    count: int
    coded: int

    @property
    def percent(self) -> int:
        return _percent(self.count, self.coded)

    @property
    def is_small(self) -> bool:
        return self.count < SMALL


def theme(question: Question, code: Code) -> Theme:
    count = (
        FinalCodeCount.objects.filter(question=question, code=code).aggregate(n=Sum("answers"))["n"]
        or 0
    )
    coded = (
        CodingItemCount.objects.filter(question=question, state=CodingItem.State.DONE).aggregate(
            n=Sum("items")
        )["n"]
        or 0
    )
    return Theme(question.consultation, question, code, count, coded)


# --- Exports ------------------------------------------------------------------------------


def export_codes(setup: QuestionCoding) -> list[Code]:
    return [t.code for t in code_tree(setup.codebook_id) if t.code.is_codable]


def export_header(codes: list[Code]) -> list[str]:
    return [
        "Answer ID",
        "Answer",
        "Coding",
        "Gender",
        "Ethnic group",
        "Age band",
        "Area",
        *[code.name for code in codes],
    ]


def export_rows(question: Question, codes: list[Code]) -> Iterator[list[Any]]:
    """One row per answer with a 0/1 column per code, in the random order of answer IDs.

    The answer ID is the coding queue's random ID: it matches no submission reference.
    """
    state_labels = {k: str(v) for k, v in CodingItem.State.choices}
    qs = (
        CodingItem.objects.filter(question=question)
        .select_related("answer__submission")
        .prefetch_related(
            Prefetch("final_codes", queryset=FinalCode.objects.only("item_id", "code_id"))
        )
        .order_by("id")
    )
    for item in qs.iterator(chunk_size=1000):
        submission = item.answer.submission
        final = {fc.code_id for fc in item.final_codes.all()}
        done = item.state == CodingItem.State.DONE
        yield [
            str(item.pk),
            item.answer.text_value,
            state_labels.get(item.state, item.state),
            str(PROFILE_LABELS["gender"].get(submission.gender, "")),
            str(PROFILE_LABELS["ethnic_group"].get(submission.ethnic_group, "")),
            str(PROFILE_LABELS["age_band"].get(submission.age_band, "")),
            submission.area,
            *[(1 if code.pk in final else 0) if done else "" for code in codes],
        ]
