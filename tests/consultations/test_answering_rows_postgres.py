"""PostgreSQL only: what answering an anonymous consultation writes, row by row.

Every row written or deleted in the answering transaction (``submission_create`` for a
signed-in member, anonymous mode, online), found by ``xmin`` rather than by trusting the code:

- ``consultations_submission``: one row. Random reference, the consultation's period start
  as the date (no time), the withdrawal code's keyed hash, the consent version, profile
  answers if asked. No person, no pseudonym, no time of day.
  (Written in a savepoint, so its ``xmin`` is the transaction's plus one.)
- ``consultations_answer``: one row per answered question (submission, question, the value).
- ``consultations_answerchoice``: one row per chosen option (answer, choice).
- ``consultations_anonymouspending``: the member's "may still answer" row is DELETED. It
  named them; it is gone, and a deleted row keeps no ``xmin`` a reader can query (its old
  version stays on disk until vacuum, readable only by a superuser with page-inspection
  tools: the same limit as for ballots).
- Not written: no audit event, no notification, no draft (anonymous mode keeps none), no
  ``StaffEntry`` (online), no ``NamedRespondent``, no access-code row (member audience; an
  open-link code is a DELETE of a row that names nobody), no coding-queue item or coding
  counter (those are made later by the ``sync_coding_queues`` job, in its own transaction,
  and the counters' triggers fire on coding tables only), no consultation counter update.

Rows written by the *request* around that transaction, in transactions of their own, do name
the person: the session row (``SESSION_SAVE_EVERY_REQUEST``; its data holds the user id) and
allauth's ``usersessions_usersession`` row (``USERSESSIONS_TRACK_ACTIVITY``). Each is
rewritten on every request the person makes, so it keeps only the ``xmin`` of their latest
request; but if answering was their latest request, that ``xmin`` sits a few transaction ids
from the submission's. ``test_the_request_around_it`` pins this down. It is NOT fixed here
(see the report for issue 14 item 6): closing it needs anonymous answers to be held and
released in batches, away from the time they were sent, as ballots are.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from consultations import services
from consultations.models import AnonymousPending, Submission
from tests.consultations.factories import full_answers, make_consultation, questions_of
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PERSON_COLUMNS = {
    "user_id",
    "respondent_id",
    "actor_id",
    "owner_id",
    "recipient_id",
    "created_by_id",
    "entered_by_id",
    "interviewer_id",
    "voter_id",
}


@pytest.fixture(autouse=True)
def _role_groups():
    for role in Role:
        Group.objects.get_or_create(name=role.value)


def _xid_now() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current()")
        return int(cursor.fetchone()[0])


def _rows_between(low: int, high: int) -> dict[str, list[dict]]:
    """Every live row, in any table, whose ``xmin`` is strictly between ``low`` and ``high``."""
    found: dict[str, list[dict]] = {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'r'"
        )
        for (table,) in cursor.fetchall():
            cursor.execute(
                f'SELECT row_to_json(t)::text FROM "{table}" t '  # noqa: S608
                "WHERE xmin::text::bigint > %s AND xmin::text::bigint < %s",
                [low, high],
            )
            rows = [json.loads(text) for (text,) in cursor.fetchall()]
            if rows:
                found[table] = rows
    return found


def _names_person(row: dict, person) -> bool:
    text = json.dumps(row)
    if "session_data" in row:  # signed, not encrypted: anyone can read it
        from django.contrib.sessions.backends.db import SessionStore

        if str(SessionStore().decode(row["session_data"]).get("_auth_user_id")) == str(person.pk):
            return True
    return (
        any(row.get(column) == person.pk for column in PERSON_COLUMNS)
        or person.username in text
        or (bool(person.email) and person.email in text)
    )


def test_the_answering_transaction_writes_nothing_that_names_the_person():
    staff = make_user(Role.STAFF)
    person = make_user(Role.MEMBER)
    c = make_consultation(staff, anonymity="anonymous")
    assert AnonymousPending.objects.filter(consultation=c, user=person).exists()
    before = _xid_now()
    created = services.submission_create(
        consultation=c, answers=full_answers(c), consented=True, respondent=person
    )
    after = _xid_now()

    written = _rows_between(before, after)
    assert set(written) == {
        "consultations_submission",
        "consultations_answer",
        "consultations_answerchoice",
    }, set(written)
    assert [r["id"] for r in written["consultations_submission"]] == [str(created.submission.pk)]
    assert len(written["consultations_answer"]) == len(questions_of(c))
    for table, rows in written.items():
        for row in rows:
            assert not _names_person(row, person), (table, row)
    submission = written["consultations_submission"][0]
    assert submission["pseudonym"] is None and submission["consented_at"] is None
    assert submission["submitted_on"] == c.period_start.isoformat()
    # The one row that named the person was deleted, not updated.
    assert not AnonymousPending.objects.filter(consultation=c, user=person).exists()
    assert Submission.objects.filter(consultation=c).count() == 1


def test_the_request_around_it(client):
    """The answering request, through the site: inside the answering transaction nothing
    names the person; the session and user-session rows written in the request's other
    transactions do (see the module docstring: a known, reported gap)."""
    staff = make_user(Role.STAFF)
    person = make_user(Role.MEMBER)
    c = make_consultation(
        staff, anonymity="anonymous", questions=[{"kind": "yes_no", "text": "OK?"}]
    )
    question = questions_of(c)[0]
    client.force_login(person)
    start = client.post(reverse("consultations:start", kwargs={"pk": c.pk}), {"agree": "on"})
    state = start.content.decode().split('name="state" value="')[1].split('"')[0]
    page = 0
    data = {"state": state, "page": page, "action": "next"}
    data[f"q_{question.pk}"] = str(question.choices.first().pk)
    response = client.post(reverse("consultations:answer", kwargs={"pk": c.pk}), data)
    while "Your answers have been sent" not in response.content.decode():
        # The profile page (every question may be skipped), then "Check your answers".
        page += 1
        body = response.content.decode()
        state = body.split('name="state" value="')[1].split('"')[0]
        action = "send" if "Check your answers" in body else "next"
        response = client.post(
            reverse("consultations:answer", kwargs={"pk": c.pk}),
            {"state": state, "page": page, "action": action},
        )
        assert page < 5, response.content[:500]
    submission = Submission.objects.get(consultation=c)
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text::bigint FROM consultations_submission")
        (xid,) = cursor.fetchone()
        cursor.execute(
            "SELECT DISTINCT xmin::text::bigint FROM consultations_answer WHERE submission_id = %s",
            [submission.pk],
        )
        answer_xids = {row[0] for row in cursor.fetchall()}
    # The answering transaction: the answers in its top level, the submission in savepoints.
    first = min(answer_xids)
    assert 0 < xid - first <= 3
    inside = _rows_between(first - 1, xid + 1)
    assert set(inside) <= {
        "consultations_submission",
        "consultations_answer",
        "consultations_answerchoice",
    }, set(inside)
    for table, rows in inside.items():
        for row in rows:
            assert not _names_person(row, person), (table, row)
    # Around it, in the request's other transactions: what names the person, and nothing
    # else. This is the gap the docstring describes; if it is closed, change this test.
    around = _rows_between(xid - 6, xid + 6)
    naming = {
        table
        for table, rows in around.items()
        if table not in inside and any(_names_person(row, person) for row in rows)
    }
    assert "django_session" in naming  # the gap, pinned: change this when it is closed
    assert naming <= {"django_session", "usersessions_usersession"}, naming
