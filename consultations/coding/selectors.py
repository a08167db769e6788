"""Reads for the coding pages. Each page's queries are a fixed number, whatever the number
of answers: counts are ``GROUP BY``s in the database, never a loop over rows.

The reports, breakdowns, agreement, public themes and exports are built in ``coding.reports``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy

from consultations.coding.models import (
    Code,
    Codebook,
    Coding,
    CodingItem,
    CodingItemCount,
    CodingPass,
    CodingProject,
    QuestionCoding,
)
from consultations.coding.suppression import SMALL
from consultations.models import Consultation, Question, Submission
from consultations.selectors import PROFILE_LABELS

# Keys a coder presses to apply the 1st, 2nd... codable code. Reserved: e (example quote),
# m (memo), s (skip), x (no code fits), Enter (save), ? (help).
SHORTCUT_KEYS = "1234567890abcdfghijklnopqrtuvwyz"
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
    """Every question with its coding set-up and progress: four queries, and no writes (the
    counter rows are folded by a periodic job, ``services.counters.coding_counts_fold``)."""
    questions = list(consultation.questions.order_by("position", "id"))
    setups = {
        s.question_id: s
        for s in QuestionCoding.objects.filter(question__consultation=consultation).select_related(
            "codebook"
        )
    }
    counts, _pairs = _item_counts([q.pk for q in questions])
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
    combos: dict[tuple[str, ...], int] | None = cache.get(key)
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


def disagreements(
    consultation: Consultation, question: Question | None = None
) -> QuerySet[CodingItem]:
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


# --- Counters --------------------------------------------------------------------------------


def _item_counts(
    question_ids: list[int],
) -> tuple[dict[int, dict[str, int]], dict[int, dict[tuple[str, str], int]]]:
    """Answers per state, and double-coded answers per pair of code sets, for each question.

    One query on the counters the database keeps (``CodingItemCount``): a few rows per
    question whatever the number of answers (summing the rows not yet folded).
    """
    states: dict[int, dict[str, int]] = defaultdict(dict)
    pairs: dict[int, dict[tuple[str, str], int]] = defaultdict(dict)
    for question_id, state, paired, first, second, n in (
        CodingItemCount.objects.filter(question__in=question_ids)
        .values_list("question", "state", "paired", "first_codes", "second_codes")
        .annotate(n=Sum("items"))
        .order_by()
    ):
        if not n:
            continue
        states[question_id][state] = states[question_id].get(state, 0) + n
        if paired:
            key = (first, second)
            pairs[question_id][key] = pairs[question_id].get(key, 0) + n
    return states, pairs
