"""The demo's coding reproduces the report's published figures (section 4.1 and the summary)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from actionplan import sources
from consultations import demo
from consultations.coding import reports
from consultations.coding.models import CodingItem, CodingPass, FinalCode, SettledCode
from consultations.models import Consultation

pytestmark = pytest.mark.django_db

PUBLISHED = {
    1: {"Positive": 69, "Negative": 11, "Neither positive nor negative": 20},
    2: {
        "Pre-conceived attitudes of offenders": 29,
        "Don't see the relevance or benefit of courses": 18,
        "Lifestyle issues (e.g. drug use or housing)": 18,
    },
    3: {
        "More 1 to 1 time with officers": 35,
        "Increased flexibility from officers": 24,
        "Improve the quality of relationships": 20,
    },
    4: {
        "Nothing": 50,
        "Probation listening to service user views": 13,
        "Service users attending services": 13,
        "Service users delivering services": 11,
    },
    5: {"Service users supporting service users": 48, "Nothing": 45},
    7: {"Face to face meetings": 53, "Through a third party": 20},
}


def test_the_demo(client, role_users):
    """One seeding (it takes a while), many checks."""
    demo.seed(role_users)
    demo.seed(role_users)  # twice: nothing is added again
    seeded = Consultation.objects.get(title=demo.REPORT_TITLE)
    _the_coding_report_shows_the_published_figures(seeded)
    _the_report_page_shows_them_too(client, seeded, role_users)
    _a_fifth_is_double_coded_with_realistic_disagreement_all_settled(seeded)
    _the_reports_example_comments_are_the_example_quotes(seeded)
    _a_theme_becomes_an_action_source_that_names_nobody(seeded, role_users)


def _the_coding_report_shows_the_published_figures(seeded):
    report = reports.consultation_report(seeded)
    assert report.respondents == 119
    by_number = {q.number: q for q in report.questions}
    for number, figures in PUBLISHED.items():
        q = by_number[number]
        assert q.coded == 119 and q.still_to_code == 0, number
        shown = {row.code.name: row.percent for row in q.rows}
        for name, percent in figures.items():
            assert shown[name] == percent, (number, name)
    yes_no = by_number[6]
    assert [(t.label, t.percent) for t in yes_no.tallies] == [("Yes", 61), ("No", 39)]


def _the_report_page_shows_them_too(client, seeded, role_users):
    client.force_login(role_users["senior_manager"])
    body = client.get(
        reverse("consultations:coding-report", kwargs={"pk": seeded.pk})
    ).content.decode()
    for text in ("69%", "11%", "20%", "61%", "39%", "53%", "48%", "45%"):
        assert text in body
    assert "if you are honest with probation it will come back on you" in body


def _a_fifth_is_double_coded_with_realistic_disagreement_all_settled(seeded):
    items = CodingItem.objects.filter(question__consultation=seeded)
    double = items.filter(is_double=True)
    assert 6 * 23 <= double.count() <= 6 * 25  # 20 % of 119 for each of six questions
    assert not items.exclude(state=CodingItem.State.DONE).exists()
    settled = SettledCode.objects.filter(item__question__consultation=seeded).count()
    assert 5 <= settled <= 0.5 * double.count()  # some disagreement, not chaos
    assert CodingPass.objects.filter(item__in=double).count() == 2 * double.count()
    agreement = reports.consultation_report(seeded).questions[0].agreement
    assert agreement.items >= 23 and agreement.kappa is not None and 0.3 < agreement.kappa < 1


def _the_reports_example_comments_are_the_example_quotes(seeded):
    quotes = set(
        FinalCode.objects.filter(question__consultation=seeded, is_exemplar=True).values_list(
            "answer__text_value", flat=True
        )
    )
    assert "All I get is hello and see you next week, what's the point in that?" in quotes
    assert "Brainstorming panels" in quotes
    assert "Bad, she's always threatening to breach me" not in quotes  # not in the report


def _a_theme_becomes_an_action_source_that_names_nobody(seeded, role_users):
    question = seeded.questions.order_by("position").first()
    code = question.coding_setup.codebook.codes.get(name="Negative")
    ref = f"consultations.code:{code.pk}-{question.pk}"
    kind, resolved = sources.resolve(ref=ref, user=role_users["staff"])
    assert kind == "consultation_code"
    assert resolved.count == 13 and resolved.raised_by == ()
    assert "13 people in" in resolved.summary and "Negative" in resolved.summary
    assert resolved.link == reverse(
        "consultations:theme", kwargs={"pk": code.pk, "question_pk": question.pk}
    )
    # Published in the demo: the link works for anyone.
    from django.test import Client

    assert Client().get(resolved.link).status_code == 200
    assert sources.current_raisers(ref=ref) == ()
