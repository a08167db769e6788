"""PostgreSQL only: one answer per person under concurrent submits, codes used once, and no
transaction id (xmin) that pairs an anonymous answer with a participation row."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction

from consultations import services
from consultations.models import (
    AnonymousInvitation,
    AnonymousPending,
    Consultation,
    NamedRespondent,
    Submission,
)
from tests.concurrency import race
from tests.consultations.factories import full_answers, make_consultation
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture(autouse=True)
def _role_groups():
    """Transactional tests empty every table afterwards, including the role groups that a
    data migration made; put them back."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _submit(consultation, person, **kwargs):
    return lambda: services.submission_create(
        consultation=consultation,
        answers=full_answers(consultation),
        consented=True,
        respondent=person,
        **kwargs,
    )


@pytest.mark.parametrize("mode", ["pseudonymous", "named", "anonymous"])
def test_one_answer_per_person_under_concurrent_submits(mode):
    staff = make_user(Role.STAFF)
    person = make_user(Role.MEMBER)
    c = make_consultation(staff, anonymity=mode)
    results = race([_submit(c, person)] * THREADS)
    created = [r for r in results if isinstance(r, services.NewSubmission)]
    refused = [r for r in results if isinstance(r, services.AlreadyAnswered)]
    assert len(created) == 1, results
    assert len(refused) == THREADS - 1, results
    assert Submission.objects.filter(consultation=c).count() == 1


def test_access_code_works_once_under_concurrency():
    staff = make_user(Role.STAFF)
    c = make_consultation(
        staff,
        anonymity="anonymous",
        audience=Consultation.Audience.OPEN_LINK,
        require_access_code=True,
    )
    code = services.access_code_batch_create(consultation=c, label="x", size=1, actor=staff).codes[
        0
    ]
    results = race([_submit(c, None, access_code=code)] * THREADS)
    assert sum(isinstance(r, services.NewSubmission) for r in results) == 1
    assert sum(isinstance(r, services.InvalidAccessCode) for r in results) == THREADS - 1
    assert Submission.objects.filter(consultation=c).count() == 1


def test_retention_run_twice_at_once_deletes_each_answer_once():
    staff = make_user(Role.STAFF)
    c = make_consultation(staff, anonymity="anonymous")
    for _ in range(30):
        services.submission_create(
            consultation=c,
            answers=full_answers(c),
            consented=True,
            method="paper",
            actor=staff,
        )
    day = services.add_years(c.period_start, 5)
    results = race([lambda: services.submissions_retention_run(today=day, batch_size=4)] * 3)
    assert sum(r.deleted for r in results) == 30, results
    assert not Submission.objects.exists()


def _xmins(model) -> dict[object, int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT "{model._meta.pk.column}", xmin::text::bigint FROM "{table}"')  # noqa: S608
        return dict(cursor.fetchall())


def test_anonymous_answers_share_no_transaction_id_with_participation_rows():
    """RECIPES.md: rows written in one transaction share ``xmin``. A "has answered" row written
    with an anonymous answer could be paired with it that way. Ours are written only in bulk
    when the consultation opens, and answering only deletes — so no live participation row
    carries an answer's transaction id, and they all carry the opening's."""
    staff = make_user(Role.STAFF)
    people = [make_user(Role.MEMBER) for _ in range(5)]
    c = make_consultation(staff, anonymity="anonymous")
    for person in people[:3]:
        services.submission_create(
            consultation=c, answers=full_answers(c), consented=True, respondent=person
        )
    submission_xmins = set(_xmins(Submission).values())
    participation = {
        **{("i", k): v for k, v in _xmins(AnonymousInvitation).items()},
        **{("p", k): v for k, v in _xmins(AnonymousPending).items()},
    }
    assert len(submission_xmins) == 3
    assert not submission_xmins & set(participation.values())
    assert len(set(participation.values())) == 1  # all from the one opening transaction


def test_by_contrast_named_answers_do_share_xmin_with_their_author_row():
    """What the test above rules out, shown where it is expected: a named answer and its
    NamedRespondent row are written together and share xmin."""
    staff = make_user(Role.STAFF)
    c = make_consultation(staff, anonymity="named")
    created = services.submission_create(
        consultation=c, answers=full_answers(c), consented=True, respondent=make_user(Role.MEMBER)
    )
    assert (
        _xmins(Submission)[created.submission.pk] == _xmins(NamedRespondent)[created.submission.pk]
    )


def test_database_refuses_a_pseudonym_on_an_anonymous_submission():
    staff = make_user(Role.STAFF)
    c = make_consultation(staff, anonymity="anonymous")
    created = services.submission_create(
        consultation=c, answers=full_answers(c), consented=True, method="paper", actor=staff
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Submission.objects.filter(pk=created.submission.pk).update(pseudonym="x" * 64)
