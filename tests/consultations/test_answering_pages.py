"""Issue 16: one question per page, grouped questions, "Don't know" / "Prefer not to say",
optional free text, the identifying-details warning, check your answers with "Change",
consent shown once, and drafts kept on every page change and restored after a sign-out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from consultations.models import Answer, Draft, Submission
from tests.consultations.factories import make_consultation, questions_of

pytestmark = pytest.mark.django_db

SPECS = [
    {"kind": "yes_no", "text": "Have you had a mentor?", "offer_dont_know": True},
    {
        "kind": "single_choice",
        "text": "How did you hear about it?",
        "choices": ["A poster", "My officer"],
        "offer_prefer_not": True,
    },
    {"kind": "long_text", "text": "What would make it better?"},
    {"kind": "short_text", "text": "Why?", "same_page_as_previous": True},
]


@pytest.fixture
def c(staff):
    return make_consultation(staff, questions=SPECS, ask_profile=False)


def _state(response) -> str:
    return re.search(r'name="state" value="([^"]+)"', response.content.decode()).group(1)


def _post(client, c, response, page, **data):
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    return client.post(url, {"state": _state(response), "page": page, "action": "next", **data})


def _start(client, c):
    return client.post(reverse("consultations:start", kwargs={"pk": c.pk}), {"agree": "on"})


def _h1(response) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", response.content.decode(), re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", match.group(1))).strip()


def test_one_question_per_page_and_the_question_is_the_heading(client, member, c):
    client.force_login(member)
    response = _start(client, c)
    body = response.content.decode()
    assert _h1(response) == "Have you had a mentor? (optional)" or _h1(response).startswith(
        "Have you had a mentor?"
    )
    assert "How did you hear about it?" not in body
    assert "Question 1 of 4" in body
    assert "Page 1 of" not in body
    # The heading is inside the legend, as GOV.UK question pages do it.
    assert re.search(r"<legend[^>]*>\s*<h1", body)


def test_grouped_questions_share_a_page(client, member, c):
    q1, q2, q3, q4 = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": str(q1.choices.first().pk)})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": str(q2.choices.first().pk)})
    body = response.content.decode()
    assert q3.text in body and q4.text in body
    assert "Questions 3 to 4 of 4" in body
    assert _h1(response) == c.title  # a grouped page keeps one h1; the questions are legends


def test_dont_know_and_prefer_not_to_say_are_offered_and_counted_apart(client, member, c):
    q1, q2, q3, q4 = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    body = response.content.decode()
    assert "Don’t know" in body and "Prefer not to say" not in body
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    assert "Prefer not to say" in response.content.decode()
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "prefer_not"})
    response = _post(client, c, response, 2)  # free text left empty: optional
    assert "Check your answers" in response.content.decode()
    response = client.post(
        reverse("consultations:answer", kwargs={"pk": c.pk}),
        {"state": _state(response), "page": 3, "action": "send"},
    )
    assert "Your answers have been sent" in response.content.decode()
    declined = dict(Answer.objects.values_list("question_id", "declined"))
    assert declined == {q1.pk: "dont_know", q2.pk: "prefer_not"}
    assert not Answer.objects.filter(answer_choices__isnull=False).exists()


def test_dont_know_is_refused_where_not_offered(client, member, c):
    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": str(q1.choices.first().pk)})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "dont_know"})
    assert "Choose one of the answers given" in response.content.decode()


def test_free_text_is_optional_unless_staff_require_it(client, member, staff, c):
    *_, q3, q4 = questions_of(c)
    assert not q3.required and not q4.required  # free text defaults to optional
    client.force_login(member)
    body = _post(client, c, _start(client, c), 2).content.decode()
    assert "Check your answers" in body
    strict = make_consultation(
        staff, questions=[{"kind": "long_text", "text": "Say", "required": True}], ask_profile=False
    )
    body = _post(client, strict, _start(client, strict), 0).content.decode()
    assert "Enter an answer to ‘Say’" in body


def test_every_free_text_box_has_the_hint(client, member, c):
    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "prefer_not"})
    body = response.content.decode()
    assert body.count("Do not write names, addresses or anything else") == 2


def test_identifying_details_get_a_warning_once_then_go_through(client, member, c):
    *_, q3, q4 = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    typed = "Ring me on 07700 900123, my name is Dave"
    response = _post(client, c, response, 2, **{f"q_{q3.pk}": typed})
    body = response.content.decode()
    assert 'id="identifying-warning"' in body
    assert "may have a phone number and a name in it" in body, body[
        body.find("identifying-warning") :
    ][:600]
    assert typed in body  # nothing lost
    assert 'name="warned" value="1"' in body
    response = _post(client, c, response, 2, warned="1", **{f"q_{q3.pk}": typed})
    assert "Check your answers" in response.content.decode()
    # A harmless answer is not warned about.
    response = _post(client, c, _start(client, c), 2, **{f"q_{q3.pk}": "More evening groups."})
    assert 'id="identifying-warning"' not in response.content.decode()


def test_check_answers_change_goes_back_to_the_question_then_back_to_check(client, member, c):
    q1, q2, q3, q4 = questions_of(c)
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": str(q1.choices.first().pk)})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": str(q2.choices.last().pk)})
    response = _post(client, c, response, 2, **{f"q_{q3.pk}": "More groups"})
    body = response.content.decode()
    assert "Check your answers" in body and "govuk-summary-list" in body
    assert "My officer" in body and "More groups" in body and "Not answered" in body
    assert body.count(">Change<") == 4
    response = client.post(url, {"state": _state(response), "page": 3, "change": "1"})
    body = response.content.decode()
    assert q2.text in body and 'name="checking" value="1"' in body
    response = client.post(
        url,
        {
            "state": _state(response),
            "page": 1,
            "checking": "1",
            "action": "next",
            f"q_{q2.pk}": str(q2.choices.first().pk),
        },
    )
    body = response.content.decode()
    assert "Check your answers" in body
    assert "A poster" in body and "My officer" not in body
    response = client.post(url, {"state": _state(response), "page": 3, "action": "send"})
    assert "Your answers have been sent" in response.content.decode()
    assert Submission.objects.filter(consultation=c).count() == 1


def test_consent_is_shown_once_in_one_wording(client, member, c):
    client.force_login(member)
    body = client.get(reverse("consultations:start", kwargs={"pk": c.pk})).content.decode()
    assert body.count(c.consent_versions.first().consent_statement) == 1
    assert "I have read the information and I agree to take part" not in body


def test_draft_is_kept_on_every_page_and_restored_after_a_sign_out(client, member, c):
    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    draft = Draft.objects.get(consultation=c)
    assert draft.answers == {str(q1.pk): "dont_know"} and draft.page == 1
    assert draft.consent_version_id is not None
    # The session lapses; the person signs in again and opens the consultation.
    client.cookies.pop(settings.SESSION_COOKIE_NAME)
    response = client.get(reverse("consultations:start", kwargs={"pk": c.pk}))
    assert response.status_code == 302
    client.force_login(member)
    response = client.get(reverse("consultations:start", kwargs={"pk": c.pk}))
    body = response.content.decode()
    assert "We kept your answers" in body
    assert q2.text in body  # back on the page they were on
    response = client.post(
        reverse("consultations:answer", kwargs={"pk": c.pk}),
        {"state": _state(response), "page": 1, "action": "back"},
    )
    assert re.search(r'value="dont_know"[^>]*checked', response.content.decode())


def test_an_unanswered_timeout_warning_saves_the_page_and_signs_out(client, member, c):
    *_, q3, q4 = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = client.post(
        reverse("consultations:answer", kwargs={"pk": c.pk}),
        {"state": _state(response), "page": 2, "action": "timeout", f"q_{q3.pk}": "Half typed"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert Draft.objects.get(consultation=c).answers == {str(q3.pk): "Half typed"}
    body = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not done anything for 30 minutes" in body
    client.force_login(member)
    body = client.get(reverse("consultations:start", kwargs={"pk": c.pk})).content.decode()
    assert "Half typed" in body


def test_anonymous_consultations_keep_no_draft(client, member, staff):
    anon = make_consultation(staff, anonymity="anonymous", questions=SPECS, ask_profile=False)
    q1 = questions_of(anon)[0]
    client.force_login(member)
    response = _start(client, anon)
    _post(client, anon, response, 0, **{f"q_{q1.pk}": "dont_know"})
    assert not Draft.objects.exists()


def test_sending_deletes_the_draft(client, member, c):
    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "prefer_not"})
    response = _post(client, c, response, 2)
    assert Draft.objects.get(consultation=c).page == 3
    client.post(url, {"state": _state(response), "page": 3, "action": "send"})
    assert not Draft.objects.exists()


def test_staff_set_the_new_question_options_on_the_question_form(client, staff):
    consultation = make_consultation(staff, questions=[], status="draft")
    client.force_login(staff)
    url = reverse("consultations:question-create", kwargs={"pk": consultation.pk})
    body = client.get(url).content.decode()
    assert "Show on the same page as the question before" in body
    assert "Offer ‘Don’t know’" in body and "Offer ‘Prefer not to say’" in body
    client.post(
        url,
        {
            "kind": "yes_no",
            "text": "Agree?",
            "offer_dont_know": "on",
            "offer_prefer_not": "on",
            "same_page_as_previous": "on",
        },
    )
    question = consultation.questions.get()
    assert question.offer_dont_know and question.offer_prefer_not
    assert question.same_page_as_previous and not question.required


def test_results_count_dont_know_and_prefer_not_to_say_apart(client, member, staff, c):
    from consultations import selectors

    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "prefer_not"})
    response = _post(client, c, response, 2)
    client.post(
        reverse("consultations:answer", kwargs={"pk": c.pk}),
        {"state": _state(response), "page": 3, "action": "send"},
    )
    _respondents, results = selectors.results_for(c)
    tallies = {r.question.pk: {t.label: t.count for t in r.tallies} for r in results}
    assert tallies[q1.pk] == {"Yes": 0, "No": 0, "Don’t know": 1}
    assert tallies[q2.pk] == {"A poster": 0, "My officer": 0, "Prefer not to say": 1}


def test_save_and_come_back_later_on_check_answers(client, member, c):
    q1, q2, *_ = questions_of(c)
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = _start(client, c)
    response = _post(client, c, response, 0, **{f"q_{q1.pk}": "dont_know"})
    response = _post(client, c, response, 1, **{f"q_{q2.pk}": "prefer_not"})
    response = _post(client, c, response, 2)
    response = client.post(url, {"state": _state(response), "page": 3, "action": "save"})
    body = response.content.decode()
    assert "Your answers are saved" in body and "Check your answers" in body
    assert Draft.objects.get(consultation=c).page == 3


def test_about_you_answers_are_kept_in_the_draft_too(client, member, staff):
    with_profile = make_consultation(staff, questions=SPECS[:1], areas="Rutland")
    q1 = questions_of(with_profile)[0]
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": with_profile.pk})
    response = _start(client, with_profile)
    response = _post(client, with_profile, response, 0, **{f"q_{q1.pk}": "dont_know"})
    response = _post(client, with_profile, response, 1, area="Rutland")
    assert "Check your answers" in response.content.decode()
    client.cookies.pop(settings.SESSION_COOKIE_NAME)
    client.force_login(member)
    response = client.get(reverse("consultations:start", kwargs={"pk": with_profile.pk}))
    assert "Check your answers" in response.content.decode()
    assert "Rutland" in response.content.decode()
    response = client.post(url, {"state": _state(response), "page": 2, "action": "send"})
    assert "Your answers have been sent" in response.content.decode()
    assert Submission.objects.get(consultation=with_profile).area == "Rutland"
