"""PostgreSQL only: coders racing for answers, and the report's counts using their indexes."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from consultations.coding import services as coding
from consultations.coding.models import Coding, CodingItem, CodingPass
from tests.concurrency import race
from tests.consultations.coding_factories import coded_consultation, items_of
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8


@pytest.fixture(autouse=True)
def _role_groups():
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def test_coders_asking_at_once_are_given_different_answers():
    staff = make_user(Role.STAFF)
    consultation, question, *_ = coded_consultation(
        staff, texts=[f"Answer {i}" for i in range(THREADS)]
    )
    coders = [make_user(Role.STAFF) for _ in range(THREADS)]
    results = race(
        [lambda c=c: coding.coding_queue_next(question=question, actor=c) for c in coders]
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    given = [r.pk for r in results if r is not None]
    assert len(given) == len(set(given))  # nobody shares an answer


def test_two_coders_saving_one_single_coded_answer_one_wins():
    staff = make_user(Role.STAFF)
    consultation, question, codebook, codes = coded_consultation(staff, texts=["Only one"])
    (item,) = items_of(question)
    coders = [make_user(Role.STAFF) for _ in range(THREADS)]
    results = race(
        [
            lambda c=c: coding.coding_pass_save(item=item, actor=c, code_ids=[codes[0].pk])
            for c in coders
        ]
    )
    wins = [r for r in results if isinstance(r, CodingPass)]
    assert len(wins) == 1, results
    assert all(isinstance(r, coding.CodingConflict) for r in results if r not in wins)
    assert CodingPass.objects.filter(item=item).count() == 1
    assert Coding.objects.filter(item=item).count() == 1
    item.refresh_from_db()
    assert item.state == CodingItem.State.DONE


def test_a_double_coded_answer_gets_exactly_two_coders():
    staff = make_user(Role.STAFF)
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["Only one"], double_share=100
    )
    (item,) = items_of(question)
    coders = [make_user(Role.STAFF) for _ in range(THREADS)]
    race(
        [
            lambda c=c: coding.coding_pass_save(item=item, actor=c, code_ids=[codes[0].pk])
            for c in coders
        ]
    )
    assert sorted(CodingPass.objects.filter(item=item).values_list("slot", flat=True)) == [1, 2]
    item.refresh_from_db()
    assert item.state == CodingItem.State.DONE and item.passes_done == 2


def test_the_report_counts_use_the_question_indexes():
    """With the planner told not to scan whole tables, the report's two biggest counts still
    run: each has an index that starts with the question."""
    staff = make_user(Role.STAFF)
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B"])
    from consultations.coding.models import FinalCode

    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for qs in (
            FinalCode.objects.filter(question=question).values("code"),
            CodingItem.objects.filter(question=question).values("state"),
        ):
            sql, params = qs.query.sql_with_params()
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert "Index" in plan, plan
        cursor.execute("SET enable_seqscan = on")
