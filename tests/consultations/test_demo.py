"""The demo: the report's questionnaire with 119 answers in the report's proportions."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from consultations import demo, selectors
from consultations.models import Answer, Consultation, Question, Submission

pytestmark = pytest.mark.django_db

THIRD_PARTY = (
    "It needs third party involvement because if you are honest with probation it will "
    "come back on you"
)


def test_report_questionnaire_mirrors_the_published_figures_and_seeding_twice_is_safe(
    role_users,
):
    demo.seed(role_users)
    demo.seed(role_users)
    assert Consultation.objects.filter(title=demo.REPORT_TITLE).count() == 1
    assert Consultation.objects.filter(title=demo.OPEN_TITLE).count() == 1
    c = Consultation.objects.get(title=demo.REPORT_TITLE)
    assert c.submissions.count() == 119
    assert c.status == Consultation.Status.CLOSED and c.anonymity == "anonymous"
    questions = list(c.questions.order_by("position"))
    assert [q.text for q in questions] == [spec.text for spec in demo.DEMO_QUESTIONNAIRE]
    assert all(s.method == Submission.Method.INTERVIEW for s in c.submissions.all())

    def shares(position: int) -> dict[str, int]:
        texts = Answer.objects.filter(question=questions[position - 1]).values_list(
            "text_value", flat=True
        )
        counts = Counter(demo.category_for(position, t) for t in texts)
        assert None not in counts
        return {name: round(100 * n / 119) for name, n in counts.items()}

    assert shares(1) == {"Positive": 69, "Negative": 11, "Neither positive nor negative": 20}
    q2 = shares(2)
    assert q2["Pre-conceived attitudes of offenders"] == 29
    assert q2["Don't see the relevance or benefit of courses"] == 18
    assert q2["Lifestyle issues (e.g. drug use or housing)"] == 18
    q3 = shares(3)
    assert q3["More 1 to 1 time with officers"] == 35
    assert q3["Increased flexibility from officers"] == 24
    assert q3["Improve the quality of relationships"] == 20
    q4 = shares(4)
    assert q4["Nothing"] == 50
    assert q4["Probation listening to service user views"] == 13
    assert q4["Service users attending services"] == 13
    assert q4["Service users delivering services"] == 11
    q5 = shares(5)
    assert (q5["Service users supporting service users"], q5["Nothing"]) == (48, 45)
    q7 = shares(7)
    assert (q7["Face to face meetings"], q7["Through a third party"]) == (53, 20)
    _, results = selectors.results_for(c)
    yes_no = next(r for r in results if r.question.kind == Question.Kind.YES_NO)
    assert [(t.label, t.percent) for t in yes_no.tallies] == [("Yes", 61), ("No", 39)]
    texts = set(
        Answer.objects.filter(submission__consultation=c).values_list("text_value", flat=True)
    )
    assert THIRD_PARTY in texts
    assert "All I get is hello and see you next week, what's the point in that?" in texts
    genders = Counter(c.submissions.values_list("gender", flat=True))
    assert genders["woman"] == 14 and genders["man"] == 102  # women under-represented


def test_demo_member_can_answer_the_open_consultation(client, role_users):
    # The open consultation alone: the report's coded answers take most of a full seed.
    demo.seed_open(role_users["staff"])
    c = Consultation.objects.get(title=demo.OPEN_TITLE)
    assert c.status == Consultation.Status.OPEN
    client.force_login(role_users["member"])
    assert demo.OPEN_TITLE in client.get(reverse("consultations:list")).content.decode()
    response = client.post(reverse("consultations:start", kwargs={"pk": c.pk}), {"agree": "on"})
    assert "Question 1 of" in response.content.decode()
