"""The report's counters (``FinalCodeCount``, ``CodingItemCount``) are kept by database
triggers: after every kind of write they add up to what a ``GROUP BY`` of the rows says.

Runs on SQLite (row-level triggers) and on PostgreSQL (statement-level triggers with
transition tables); the ``postgres`` tests add coders racing and the folding of rows.
"""

from __future__ import annotations

import contextlib
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consultations.coding import reports
from consultations.coding import services as coding
from consultations.coding.models import (
    CodingItem,
    CodingItemCount,
    FinalCode,
    FinalCodeCount,
)
from consultations.models import Consultation, Submission
from consultations.services.jobs import submissions_retention_run
from consultations.tasks import fold_coding_counters
from core.personal_data import registry
from tests.concurrency import race
from tests.consultations.coding_factories import coded_consultation, items_of
from tests.consultations.factories import answer, full_answers
from tests.factories import make_user
from users.roles import Role

State = CodingItem.State


# --- What the rows say, and what the counters say --------------------------------------------


def _truth() -> tuple[Counter, Counter]:
    final: Counter = Counter()
    for q, c, exemplar in FinalCode.objects.values_list("question", "code", "is_exemplar"):
        final[(q, c, "answers")] += 1
        final[(q, c, "exemplars")] += int(exemplar)
    items: Counter = Counter()
    for q, state, double, done, first, second in CodingItem.objects.values_list(
        "question", "state", "is_double", "passes_done", "first_codes", "second_codes"
    ):
        paired = double and done == 2
        items[(q, state, paired, first if paired else "", second if paired else "")] += 1
    return +final, +items  # unary + drops zeros


def _counters() -> tuple[Counter, Counter]:
    final: Counter = Counter()
    for q, c, answers, exemplars in FinalCodeCount.objects.values_list(
        "question", "code", "answers", "exemplars"
    ):
        final[(q, c, "answers")] += answers
        final[(q, c, "exemplars")] += exemplars
    items: Counter = Counter()
    for q, state, paired, first, second, n in CodingItemCount.objects.values_list(
        "question", "state", "paired", "first_codes", "second_codes", "items"
    ):
        items[(q, state, bool(paired), first, second)] += n
    negative = [k for k, v in (final + items).items() if v < 0]
    assert not negative, negative
    return +final, +items


def assert_counters_exact() -> None:
    assert _counters() == _truth()


@pytest.fixture
def coder2(db):
    return make_user(Role.STAFF, display_name="Cal Coder")


# --- Every kind of write -----------------------------------------------------------------------


@pytest.mark.django_db
def test_counters_follow_coding_editing_settling_and_merging(staff, coder2):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B", "C", "D"], double_share=50
    )
    assert_counters_exact()  # the queue filled: four answers to code
    items = items_of(question)
    for item in items:  # two coders each; single-coded answers refuse the second
        coding.coding_pass_save(
            item=item, actor=staff, code_ids=[codes[0].pk], exemplar_ids=[codes[0].pk]
        )
        assert_counters_exact()
        with contextlib.suppress(coding.CodingConflict):
            coding.coding_pass_save(item=item, actor=coder2, code_ids=[codes[1].pk])
        assert_counters_exact()
    # A coder changes their mind (remove a code, add two).
    single = next(i for i in items_of(question) if not i.is_double)
    coding.coding_pass_save(item=single, actor=staff, code_ids=[codes[1].pk, codes[2].pk])
    assert_counters_exact()
    coding.coding_pass_save(item=single, actor=staff, code_ids=[], none_fits=True)
    assert_counters_exact()
    for item in CodingItem.objects.filter(question=question, state=State.DISAGREEMENT):
        coding.coding_settle(
            item=item, actor=staff, code_ids=[codes[2].pk], exemplar_ids=[codes[2].pk]
        )
        assert_counters_exact()
    coding.code_merge(source=codes[2], target=codes[0], actor=staff)
    assert_counters_exact()
    coding.question_coding_set(question=question, codebook=codebook, double_share=100, actor=staff)
    assert_counters_exact()
    report = reports.question_report(question)
    assert report.coded == CodingItem.objects.filter(question=question, state=State.DONE).count()
    assert {r.code.pk: r.count for r in report.rows} == {
        c.pk: FinalCode.objects.filter(question=question, code=c).count()
        for c in codebook.codes.filter(is_active=True)
    }


@pytest.mark.django_db
def test_counters_follow_withdrawal_erasure_retention_and_deletion(staff, member):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B", "C"])
    mine = answer(consultation, member, answers=full_answers(consultation, text="Mine"))
    other = answer(
        consultation,
        None,
        answers=full_answers(consultation, text="Other"),
        method=Submission.Method.PAPER,
        actor=staff,
    )
    coding.coding_items_sync(question=question)
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk, codes[1].pk])
    assert_counters_exact()
    # Account erasure withdraws the member's answers.
    registry.erase_for(member)
    assert not Submission.objects.filter(pk=mine.submission.pk).exists()
    assert_counters_exact()
    # Retention deletes a submission whose time has come.
    Consultation.objects.filter(pk=consultation.pk).update(
        retention_action=Consultation.RetentionAction.DELETE
    )
    Submission.objects.filter(pk=other.submission.pk).update(
        destroy_after=timezone.localdate() - timedelta(days=1)
    )
    assert submissions_retention_run().deleted == 1
    assert_counters_exact()
    # Deleting one answer (as the admin would), the rest, then the whole consultation.
    CodingItem.objects.filter(question=question).first().answer.delete()
    assert_counters_exact()
    Submission.objects.filter(consultation=consultation).delete()
    assert_counters_exact()
    consultation.delete()
    assert not FinalCode.objects.exists()
    assert_counters_exact()


@pytest.mark.django_db
def test_bulk_sql_writes_are_counted_too(staff):
    """The seeder and the bench write with plain SQL (``COPY`` on PostgreSQL)."""
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B", "C"])
    items = items_of(question)
    FinalCode.objects.bulk_create(
        FinalCode(
            item=i, answer_id=i.answer_id, question=question, code=codes[n % 2], is_exemplar=n == 0
        )
        for n, i in enumerate(items)
    )
    CodingItem.objects.filter(question=question).update(state=State.DONE)
    assert_counters_exact()
    FinalCode.objects.filter(question=question, code=codes[0]).update(code=codes[2])
    FinalCode.objects.filter(question=question).update(is_exemplar=True)
    assert_counters_exact()
    FinalCode.objects.filter(question=question).delete()
    assert_counters_exact()


# --- Any sequence of operations ------------------------------------------------------------------

_OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("code"), st.integers(0, 3), st.integers(0, 2), st.sets(st.integers(0, 2))
        ),
        st.tuples(st.just("settle"), st.integers(0, 3), st.sets(st.integers(0, 2))),
        st.tuples(st.just("merge"), st.integers(0, 2), st.integers(0, 2)),
        st.tuples(st.just("withdraw"), st.integers(0, 3)),
        st.tuples(st.just("share"), st.sampled_from([0, 50, 100])),
    ),
    max_size=12,
)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=_OPS)
def test_counters_stay_exact_after_any_sequence_of_operations(ops, staff):
    with transaction.atomic():
        coders = [staff, make_user(Role.STAFF), make_user(Role.STAFF)]
        consultation, question, codebook, codes = coded_consultation(
            staff, texts=["A", "B", "C", "D"], double_share=50
        )
        for op in ops:
            items = items_of(question)
            try:
                if op[0] == "code" and items:
                    _, i, c, chosen = op
                    coding.coding_pass_save(
                        item=items[i % len(items)],
                        actor=coders[c],
                        code_ids=[codes[k].pk for k in chosen],
                        exemplar_ids=[codes[k].pk for k in sorted(chosen)[:1]],
                        none_fits=not chosen,
                    )
                elif op[0] == "settle" and items:
                    _, i, chosen = op
                    coding.coding_settle(
                        item=items[i % len(items)],
                        actor=staff,
                        code_ids=[codes[k].pk for k in chosen],
                        none_fits=not chosen,
                    )
                elif op[0] == "merge":
                    coding.code_merge(source=codes[op[1]], target=codes[op[2]], actor=staff)
                elif op[0] == "withdraw" and items:
                    items[op[1] % len(items)].answer.submission.delete()
                elif op[0] == "share":
                    coding.question_coding_set(
                        question=question, codebook=codebook, double_share=op[1], actor=staff
                    )
            except coding.CodingError:
                pass  # refused (a conflict, a merged code...): nothing changed
            assert_counters_exact()
        transaction.set_rollback(True)


# --- The report reads the counters: its queries do not grow with the data ----------------------


def _report_queries(consultation, question) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as one:
        reports.question_report(question)
    with CaptureQueriesContext(connection) as whole:
        reports.consultation_report(consultation)
    return len(one), len(whole)


@pytest.mark.django_db
def test_report_queries_do_not_grow_with_the_data(staff, coder2, query_count, client):
    from django.urls import reverse

    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B"], double_share=50
    )
    small = _report_queries(consultation, question)
    url = reverse(
        "consultations:coding-report-question",
        kwargs={"pk": consultation.pk, "question_pk": question.pk},
    )
    client.force_login(staff)
    small_page = query_count(client, url)
    for n in range(20):
        answer(
            consultation,
            None,
            answers=full_answers(consultation, text=f"More {n}"),
            method=Submission.Method.PAPER,
            actor=staff,
        )
    coding.coding_items_sync(question=question)
    for n, item in enumerate(items_of(question)):
        chosen = [codes[n % 3].pk, codes[(n + 1) % 3].pk][: 1 + n % 2]
        coding.coding_pass_save(item=item, actor=staff, code_ids=chosen, exemplar_ids=chosen[:1])
        if item.is_double:
            coding.coding_pass_save(item=item, actor=coder2, code_ids=[codes[n % 3].pk])
    assert _report_queries(consultation, question) == small
    assert query_count(client, url) == small_page


# --- PostgreSQL: coders at the same moment, and folding the rows --------------------------------


THREADS = 8


@pytest.fixture
def _role_groups_committed():
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_role_groups_committed")
def test_coders_and_leads_at_the_same_moment_lose_no_count_and_never_deadlock():
    staff = make_user(Role.STAFF)
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=[f"Answer {i}" for i in range(2 * THREADS)], double_share=50
    )
    a, b, c = codes
    coders = [make_user(Role.STAFF) for _ in range(THREADS)]
    items = items_of(question)
    # Every coder codes a different answer at once, half of them swapping A/B for B/A.
    results = race(
        [
            lambda k=k: coding.coding_pass_save(
                item=items[k], actor=coders[k], code_ids=[a.pk] if k % 2 else [b.pk, c.pk]
            )
            for k in range(THREADS)
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert_counters_exact()
    # Second coders disagree on every double-coded answer...
    doubles = [i for i in items_of(question) if i.is_double and i.passes_done == 1]
    second = make_user(Role.STAFF)
    for item in doubles:
        coding.coding_pass_save(item=item, actor=second, code_ids=[c.pk])
    disputed = list(CodingItem.objects.filter(question=question, state=State.DISAGREEMENT))
    assert disputed
    # ...and leads settle them all at the same moment, in opposite code orders, twice over.
    leads = [make_user(Role.STAFF) for _ in range(len(disputed))]
    for turn in range(2):
        results = race(
            [
                lambda k=k, item=item, turn=turn: coding.coding_settle(
                    item=item,
                    actor=leads[k],
                    code_ids=[a.pk, b.pk] if (k + turn) % 2 else [b.pk],
                    exemplar_ids=[b.pk],
                )
                for k, item in enumerate(disputed)
            ]
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        assert_counters_exact()
    # And the same answer settled by several leads at once: one wins, counts stay exact.
    results = race(
        [
            lambda k=k: coding.coding_settle(
                item=disputed[0], actor=leads[0], code_ids=[codes[k % 3].pk]
            )
            for k in range(THREADS)
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert_counters_exact()
    assert FinalCode.objects.filter(item=disputed[0]).count() == 1


# Coders changing their minds many times leave a row of change per statement (PostgreSQL).
PILED_UP = 200


def _pile_up_rows(staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B", "C"])
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    item = items_of(question)[0]
    for n in range(PILED_UP // 2 + 2):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[n % 2].pk])
    if connection.vendor == "postgresql":
        assert FinalCodeCount.objects.filter(question=question).count() > PILED_UP + 3
    return consultation, question, codes


# The login session's own bookkeeping (allauth records when a session was last seen).
SESSION_TABLES = ('"django_session"', '"usersessions_usersession"')


def _writes(queries) -> list[str]:
    """The INSERT, UPDATE and DELETE statements (a ``WITH ... DELETE`` too) among ``queries``,
    other than the session's own bookkeeping."""
    return [
        q["sql"]
        for q in queries
        if (
            re.match(r"\s*(INSERT|UPDATE|DELETE)\b", q["sql"], re.IGNORECASE)
            or re.search(r"\b(INSERT\s+INTO|DELETE\s+FROM)\b", q["sql"], re.IGNORECASE)
        )
        and not re.match(rf"\s*UPDATE\s+({'|'.join(SESSION_TABLES)})\s", q["sql"], re.IGNORECASE)
    ]


@pytest.mark.django_db
def test_reading_the_reports_writes_nothing_even_with_many_counter_rows_waiting(client, staff):
    from django.urls import reverse

    client.force_login(staff)
    client.get(reverse("consultations:codebook-list"))  # a new session records itself once
    consultation, question, codes = _pile_up_rows(staff)
    rows_before = FinalCodeCount.objects.count(), CodingItemCount.objects.count()
    on_question = {"pk": consultation.pk, "question_pk": question.pk}
    urls = [
        reverse("consultations:coding-report", kwargs={"pk": consultation.pk}),
        reverse("consultations:coding-report-question", kwargs=on_question),
        reverse("consultations:coding-overview", kwargs={"pk": consultation.pk}),
        reverse("consultations:coding-agreement", kwargs=on_question),
        reverse("consultations:theme", kwargs={"pk": codes[0].pk, "question_pk": question.pk}),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        assert not _writes(ctx.captured_queries), (url, _writes(ctx.captured_queries))
    # The rows are still waiting (nothing folded them), and the report still adds them up.
    assert (FinalCodeCount.objects.count(), CodingItemCount.objects.count()) == rows_before
    assert reports.question_report(question).coded == 3
    assert_counters_exact()


def test_the_fold_is_a_periodic_job():
    from django.utils.module_loading import import_string

    from config.schedule import BEAT_SCHEDULE

    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert "consultations.tasks.fold_coding_counters" in tasks
    assert import_string("consultations.tasks.fold_coding_counters") is fold_coding_counters


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_fold_job_folds_rows_that_pile_up_without_changing_a_count_and_is_safe_twice(staff):
    consultation, question, codes = _pile_up_rows(staff)
    before = reports.question_report(question)
    fold_coding_counters()
    assert FinalCodeCount.objects.filter(question=question).count() <= len(codes)
    assert CodingItemCount.objects.filter(question=question).count() <= 4
    after = reports.question_report(question)
    assert [(r.code.pk, r.count) for r in before.rows] == [(r.code.pk, r.count) for r in after.rows]
    assert (before.coded, before.to_code) == (after.coded, after.to_code) == (3, 0)
    assert_counters_exact()
    # A second run finds one row per key and changes no count.
    folded = sorted(FinalCodeCount.objects.values_list("question", "code", "answers", "exemplars"))
    fold_coding_counters()
    assert (
        sorted(FinalCodeCount.objects.values_list("question", "code", "answers", "exemplars"))
        == folded
    )
    assert_counters_exact()
    # Keys that add up to nothing are dropped: a deleted question's rows go.
    question_id = question.pk
    question.delete()  # as the admin would; its counters now add up to nothing
    assert FinalCodeCount.objects.filter(question_id=question_id).exists()
    fold_coding_counters()
    assert not FinalCodeCount.objects.filter(question_id=question_id).exists()
    assert not CodingItemCount.objects.filter(question_id=question_id).exists()
    assert_counters_exact()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_role_groups_committed")
def test_folds_at_the_same_moment_as_each_other_and_as_coders_lose_no_count():
    staff = make_user(Role.STAFF)
    consultation, question, codes = _pile_up_rows(staff)
    coders = [make_user(Role.STAFF) for _ in range(THREADS // 2)]
    items = items_of(question)
    results = race(
        [fold_coding_counters for _ in range(THREADS // 2)]
        + [
            lambda k=k: coding.coding_pass_save(
                item=items[k % len(items)], actor=coders[k], code_ids=[codes[k % 3].pk]
            )
            for k in range(THREADS // 2)
        ]
    )
    unexpected = [
        r for r in results if isinstance(r, Exception) and not isinstance(r, coding.CodingConflict)
    ]
    assert not unexpected, unexpected
    assert_counters_exact()
    fold_coding_counters()
    assert FinalCodeCount.objects.filter(question=question).count() <= len(codes)
    assert_counters_exact()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_bulk_load_that_skips_foreign_key_checks_is_still_counted(staff):
    """The national seeder loads as superuser with ``session_replication_role = replica``,
    which silences ordinary triggers; the counters' triggers are ``ENABLE ALWAYS``."""
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B", "C"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        FinalCode.objects.bulk_create(
            FinalCode(item=i, answer_id=i.answer_id, question=question, code=codes[0])
            for i in items_of(question)
        )
        CodingItem.objects.filter(question=question).update(state=State.DONE)
    assert_counters_exact()
    assert reports.question_report(question).coded == 3
