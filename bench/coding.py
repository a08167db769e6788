"""Coding reports at national scale: 1,000,000 answers and about 1,500,000 codings.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test .venv/bin/python bench/coding.py
    ... --answers 200000 --questions 7 --keep

Makes a throwaway database on the PostgreSQL server that DATABASE_URL names (the test
settings give it its own name), generates one consultation with ``--questions`` free-text
questions and ``--answers`` answers in all, each coded with one or two of eight codes, a
fifth double coded; then times the report: every question's report (printing the median
and the largest) and the all-questions report, with their query counts, and the report
pages through the test client. Prints figures; never fails on time. PostgreSQL only: the
rows are generated inside the database with ``generate_series``.

The generating ``INSERT ... SELECT``s fire the counter triggers like any other writer, so
the report reads counters that the bulk load itself kept (see ``coding.models``).
``--reuse NAME`` measures again a database kept with ``--keep`` (migrating it first).
"""

# Table names are interpolated from the models' own metadata, never from input.
# ruff: noqa: S608
from __future__ import annotations

import argparse
import statistics
import time

import _harness

_harness.setup("config.settings.test")

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

CODES = 8
TEXTS = [
    "More time with my officer would help",
    "They never listen to what I say",
    "Housing is the main problem for me",
    "Face to face meetings with people at the top",
    "Someone who has been through it",
    "I do not know",
]


def _timed(func):
    timing = _harness.measure(func)
    return timing.ms, timing.queries, timing.result


def generate(answers: int, questions: int):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Group

    from consultations import services
    from consultations.coding import services as coding
    from consultations.coding.models import (
        Code,
        Coding,
        CodingItem,
        CodingPass,
        FinalCode,
        QuestionCoding,
    )
    from consultations.models import Answer, Consultation, Question, Submission
    from users.models import User
    from users.roles import Role

    staff = User.objects.create(username="bench-staff", display_name="Bench staff")
    staff.groups.add(Group.objects.get_or_create(name=Role.STAFF)[0])
    TOTP.activate(staff, generate_totp_secret())  # staff need two-factor to open pages
    second = User.objects.create(username="bench-second", display_name="Second coder")
    consultation = services.consultation_create(
        actor=staff,
        title="Bench: national survey",
        purpose="Benchmark.",
        information_sheet="Benchmark.",
        consent_statement="Benchmark.",
        anonymity=Consultation.Anonymity.ANONYMOUS,
        areas="North\nSouth\nEast\nWest",
    )
    question_objects = [
        services.question_create(
            consultation=consultation,
            actor=staff,
            kind=Question.Kind.LONG_TEXT,
            text=f"Question {i + 1}",
        )
        for i in range(questions)
    ]
    services.consultation_publish(consultation=consultation, actor=staff)
    consent = consultation.consent_versions.order_by("-number").first()
    for number, question in enumerate(question_objects, start=1):
        codebook = coding.codebook_create(
            name=f"Bench codebook {number}", consultation=consultation, actor=staff
        )
        for c in range(CODES):
            coding.code_create(codebook=codebook, name=f"Theme {c + 1}", actor=staff)
        # The set-up row only: the queue is filled below in SQL, far faster than the sync.
        QuestionCoding.objects.create(
            question=question, codebook=codebook, double_share=20, updated_by=staff
        )
    people = answers // questions
    t = {
        "submission": Submission._meta.db_table,
        "answer": Answer._meta.db_table,
        "item": CodingItem._meta.db_table,
        "pass": CodingPass._meta.db_table,
        "coding": Coding._meta.db_table,
        "final": FinalCode._meta.db_table,
        "code": Code._meta.db_table,
        "setup": QuestionCoding._meta.db_table,
    }
    texts = "ARRAY[" + ",".join("'" + x.replace("'", "''") + "'" for x in TEXTS) + "]"
    steps = [
        (
            "submissions",
            f"""INSERT INTO {t["submission"]} (id, consultation_id, anonymity, reference, method,
                consent_version_id, consent_method, submitted_on, gender, ethnic_group,
                age_band, area)
            SELECT gen_random_uuid(), %(c)s, 'anonymous', 'B' || lpad(g::text, 8, '0'),
                'online', %(consent)s, 'online', CURRENT_DATE,
                (ARRAY['man','man','man','woman','non_binary',''])[1 + g %% 6],
                (ARRAY['white','white','asian','black','mixed','other',''])[1 + g %% 7],
                (ARRAY['18-24','25-34','35-44','45-54','55-64','65+'])[1 + g %% 6],
                (ARRAY['North','South','East','West',''])[1 + g %% 5]
            FROM generate_series(1, %(people)s) g""",
        ),
        (
            "answers",
            f"""INSERT INTO {t["answer"]} (submission_id, question_id, text_value, declined)
            SELECT s.id, q.id, ({texts})[1 + (abs(hashtext(s.id::text || q.id::text)) %% 6)], ''
            FROM {t["submission"]} s CROSS JOIN unnest(%(questions)s::bigint[]) AS q(id)
            WHERE s.consultation_id = %(c)s""",
        ),
        (
            "coding queue",
            f"""INSERT INTO {t["item"]} (id, answer_id, question_id, is_double, state,
                passes_done, first_coder_id, first_codes, second_codes, settle_note)
            SELECT gen_random_uuid(), a.id, a.question_id, random() < 0.2, 'done', 1, %(staff)s,
                '', '', ''
            FROM {t["answer"]} a WHERE a.question_id = ANY(%(questions)s)""",
        ),
        (
            "first codings",
            f"""INSERT INTO {t["coding"]} (answer_id, item_id, question_id, code_id, coder_id,
                slot, is_exemplar, created_at)
            SELECT i.answer_id, i.id, i.question_id, c.id, %(staff)s, 1,
                abs(hashtext(i.id::text)) %% 5000 = 0, now()
            FROM {t["item"]} i
            JOIN {t["setup"]} s ON s.question_id = i.question_id
            JOIN LATERAL (
                SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS k
                FROM {t["code"]} WHERE codebook_id = s.codebook_id
            ) c ON c.k = abs(hashtext(i.id::text)) %% {CODES}
                OR (abs(hashtext(i.id::text || 'b')) %% 10 < 3
                    AND c.k = (abs(hashtext(i.id::text)) + 1) %% {CODES})
            WHERE i.question_id = ANY(%(questions)s)""",
        ),
        (
            "second codings (double-coded fifth)",
            f"""INSERT INTO {t["coding"]} (answer_id, item_id, question_id, code_id, coder_id,
                slot, is_exemplar, created_at)
            SELECT c.answer_id, c.item_id, c.question_id, c.code_id, %(second)s, 2, false, now()
            FROM {t["coding"]} c JOIN {t["item"]} i ON i.id = c.item_id
            WHERE i.is_double AND i.question_id = ANY(%(questions)s)
                AND abs(hashtext(c.item_id::text || 'd')) %% 10 <> 0""",
        ),
        (
            "passes",
            f"""INSERT INTO {t["pass"]} (item_id, question_id, coder_id, slot, memo,
                created_at, updated_at)
            SELECT DISTINCT c.item_id, c.question_id, c.coder_id, c.slot, '', now(), now()
            FROM {t["coding"]} c WHERE c.question_id = ANY(%(questions)s)""",
        ),
        (
            "final codes",
            f"""INSERT INTO {t["final"]} (item_id, answer_id, question_id, code_id, is_exemplar)
            SELECT item_id, answer_id, question_id, code_id, is_exemplar
            FROM {t["coding"]} WHERE slot = 1 AND question_id = ANY(%(questions)s)""",
        ),
        (
            "double-coded answers' code sets",
            f"""UPDATE {t["item"]} i SET passes_done = 2, first_codes = x.a,
                second_codes = coalesce(x.b, '')
            FROM (
                SELECT item_id,
                    string_agg(code_id::text, ',' ORDER BY code_id) FILTER (WHERE slot = 1) a,
                    string_agg(code_id::text, ',' ORDER BY code_id) FILTER (WHERE slot = 2) b
                FROM {t["coding"]} WHERE question_id = ANY(%(questions)s) GROUP BY item_id
            ) x
            WHERE x.item_id = i.id AND i.is_double""",
        ),
        ("vacuum and analyse", "VACUUM ANALYZE"),
    ]
    params = {
        "c": consultation.pk,
        "consent": consent.pk,
        "people": people,
        "questions": [q.pk for q in question_objects],
        "staff": staff.pk,
        "second": second.pk,
    }
    with connection.cursor() as cursor:
        for label, sql in steps:
            started = time.perf_counter()
            cursor.execute(sql, params)
            _harness.say(f"generated {label:<40} {time.perf_counter() - started:7.1f} s")
        cursor.execute(f"SELECT count(*) FROM {t['answer']}")
        answers_made = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {t['coding']}")
        codings_made = cursor.fetchone()[0]
    _harness.say(f"{answers_made} answers, {codings_made} codings")
    return consultation, question_objects, staff


def measure(consultation, questions, staff, verbose: bool = False) -> None:
    from django.test import Client
    from django.urls import reverse

    from consultations.coding import reports

    for _ in range(2):  # warm the caches the way a running site has them warm
        reports.question_report(questions[0])
    times = []
    slowest: dict[str, float] = {}
    for question in questions:
        with CaptureQueriesContext(connection) as queries:
            elapsed, count, _r = _timed(lambda q=question: reports.question_report(q))
        times.append((elapsed, count))
        for query in queries.captured_queries:
            key = query["sql"][:90]
            slowest[key] = max(slowest.get(key, 0.0), float(query["time"]) * 1000)
    _harness.say(
        f"one question's report: median {statistics.median(t for t, _c in times):.1f} ms, "
        f"largest {max(t for t, _c in times):.1f} ms ({times[0][1]} queries)"
    )
    if verbose:
        for sql, ms in sorted(slowest.items(), key=lambda kv: -kv[1])[:5]:
            _harness.say(f"    {ms:7.1f} ms  {sql}")
    elapsed, count, report = _timed(lambda: reports.consultation_report(consultation))
    _harness.say(f"all-questions report: {elapsed:.1f} ms ({count} queries)")
    first = report.questions[0]
    _harness.say(
        f"  e.g. question 1: {first.coded} coded, {first.agreement.items} double coded, "
        f"kappa {first.agreement.kappa}"
    )
    elapsed, count, _r = _timed(lambda: reports.breakdown(first, "gender"))
    _harness.say(f"one question's breakdown by gender: {elapsed:.1f} ms ({count} queries)")
    client = Client()
    client.force_login(staff)
    for name, kwargs in (
        ("coding-report-question", {"pk": consultation.pk, "question_pk": questions[0].pk}),
        ("coding-report", {"pk": consultation.pk}),
        ("coding-queue", {"pk": consultation.pk, "question_pk": questions[0].pk}),
    ):
        url = reverse(f"consultations:{name}", kwargs=kwargs)
        client.get(url)
        elapsed, count, response = _timed(lambda u=url: client.get(u))
        _harness.say(f"page {name:<28} {elapsed:8.1f} ms ({count} queries, {response.status_code})")


def remeasure(name: str, verbose: bool = False) -> None:
    from django.core.management import call_command

    from consultations.models import Consultation, Question
    from users.models import User

    connection.close()
    connection.settings_dict["NAME"] = name
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    _harness.say(f"migrated {name} in {time.perf_counter() - started:.1f} s")
    consultation = Consultation.objects.get(title="Bench: national survey")
    questions = list(Question.objects.filter(consultation=consultation).order_by("position", "id"))
    measure(consultation, questions, User.objects.get(username="bench-staff"), verbose=verbose)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--questions", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="Keep the database afterwards.")
    parser.add_argument("--verbose", action="store_true", help="Show the slowest queries.")
    parser.add_argument(
        "--reuse",
        metavar="NAME",
        help="Measure again a database kept by an earlier --keep run (migrated first).",
    )
    args = parser.parse_args()
    _harness.require_postgresql("bench/coding.py")
    if args.reuse:
        remeasure(args.reuse, verbose=args.verbose)
        return
    with _harness.throwaway_database(keep=args.keep):
        consultation, questions, staff = generate(args.answers, args.questions)
        measure(consultation, questions, staff, verbose=args.verbose)


if __name__ == "__main__":
    main()
