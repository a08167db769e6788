"""Answering in the browser's shoes: consent, pages, validation, drafts, done, withdrawal."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consultations import services
from consultations.models import Consultation, Draft, Question, Submission
from tests.consultations.factories import answer, make_consultation, questions_of
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def _state(response) -> str:
    match = re.search(r'name="state" value="([^"]+)"', response.content.decode())
    assert match, "no state in the page"
    return match.group(1)


def _page_data(consultation: Consultation, page: int, state: str, **answers) -> dict:
    return {"state": state, "page": page, "action": "next", **answers}


def _fill_page(questions: list[Question]) -> dict:
    data: dict = {}
    for q in questions:
        name = f"q_{q.pk}"
        choices = [c.pk for c in q.choices.all()]
        if q.kind == Question.Kind.SHORT_TEXT:
            data[name] = "She is good and helpful, not overbearing"
        elif q.kind == Question.Kind.LONG_TEXT:
            data[name] = "More one to one time"
        elif q.kind == Question.Kind.MULTIPLE_CHOICE:
            data[name] = [str(choices[0]), str(choices[2])]
        elif q.kind == Question.Kind.SCALE:
            data[name] = "3"
        else:
            data[name] = str(choices[0])
    return data


def _pages(consultation):
    """One question on each page unless staff put it with the one before."""
    pages: list[list[Question]] = []
    for q in questions_of(consultation):
        if pages and q.same_page_as_previous:
            pages[-1].append(q)
        else:
            pages.append([q])
    return pages


def _send(client, url, response):
    """From "Check your answers", press "Send my answers"."""
    body = response.content.decode()
    assert "Check your answers" in body, body[-2000:]
    return client.post(url, {"state": _state(response), "page": _page(response), "action": "send"})


def _page(response) -> str:
    return re.search(r'name="page" value="(\d+)"', response.content.decode()).group(1)


def _start(client, consultation, url_name="consultations:start", **kwargs):
    url = reverse(url_name, kwargs=kwargs or {"pk": consultation.pk})
    response = client.post(url, {"agree": "on"})
    assert response.status_code == 200, response.content[:500]
    return response


@pytest.fixture
def consultation(staff):
    return make_consultation(staff, areas="Leicester City\nRutland")


def test_start_page_shows_information_sheet_consent_and_anonymity(client, member, consultation):
    client.force_login(member)
    response = client.get(reverse("consultations:start", kwargs={"pk": consultation.pk}))
    body = response.content.decode()
    assert consultation.information_sheet in body
    assert consultation.consent_statement in body
    assert "Staff cannot see who wrote your answers" in body


def test_consent_must_be_ticked(client, member, consultation):
    client.force_login(member)
    response = client.post(reverse("consultations:start", kwargs={"pk": consultation.pk}), {})
    assert response.status_code == 200
    assert "Tick the box to say you agree" in response.content.decode()


def test_full_journey_records_answers_and_consent(client, member, consultation):
    client.force_login(member)
    answer_url = reverse("consultations:answer", kwargs={"pk": consultation.pk})
    response = _start(client, consultation)
    pages = _pages(consultation)
    assert "Question 1 of 6" in response.content.decode()  # one question on each page
    for index, questions in enumerate(pages):
        response = client.post(
            answer_url, _page_data(consultation, index, _state(response), **_fill_page(questions))
        )
        assert response.status_code == 200
    assert "About you" in response.content.decode()
    response = client.post(
        answer_url,
        {
            "state": _state(response),
            "page": len(pages),
            "action": "next",
            "gender": "woman",
            "area": "Rutland",
        },
    )
    assert response.status_code == 200
    response = _send(client, answer_url, response)
    body = response.content.decode()
    assert "Your answers have been sent" in body
    code = re.search(r'id="withdrawal-code">([^<]+)<', body).group(1)
    s = Submission.objects.get(consultation=consultation)
    assert s.gender == "woman" and s.area == "Rutland" and s.age_band == ""
    assert s.answers.count() == len(questions_of(consultation))
    assert s.consent_version == services.current_consent_version(consultation)
    assert services.submission_withdraw_by_code(code=code) == consultation


def test_errors_name_the_question_and_keep_what_was_typed(client, member, staff):
    c = make_consultation(
        staff,
        questions=[
            {"kind": "short_text", "text": "Say it", "required": True},
            {"kind": "long_text", "text": "More", "same_page_as_previous": True},
            {"kind": "yes_no", "text": "Agree?", "same_page_as_previous": True},
        ],
        ask_profile=False,
    )
    client.force_login(member)
    response = _start(client, c)
    text_q, long_q, single = questions_of(c)
    data = _page_data(c, 0, _state(response), **{f"q_{long_q.pk}": "Typed long answer"})
    response = client.post(reverse("consultations:answer", kwargs={"pk": c.pk}), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert f"Enter an answer to ‘{text_q.text}’" in body
    assert f"Choose an answer to ‘{single.text}’" in body
    assert "Typed long answer" in body
    assert "This field is required" not in body


def test_tampered_or_garbage_input_never_500s(client, member, consultation):
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": consultation.pk})
    response = client.post(url, {"state": "garbage", "page": "x"})
    assert response.status_code == 302
    response = _start(client, consultation)
    single = _pages(consultation)[2][0]
    response = client.post(
        url,
        {
            "state": _state(response),
            "page": "99",
            "action": "next",
            f"q_{single.pk}": "not-a-number",
        },
    )
    assert response.status_code == 200
    response = client.post(
        url, {"state": _state(response), "page": "-3", "action": "next", f"q_{single.pk}": "999999"}
    )
    assert response.status_code == 200
    response = client.post(
        url, {"state": _state(response), "page": "2", "action": "next", f"q_{single.pk}": "999999"}
    )
    assert "Choose one of the answers given" in response.content.decode()
    response = client.post(
        url, {"state": _state(response), "page": "99", "change": "x", "action": "send"}
    )
    assert response.status_code == 200


def test_back_keeps_answers(client, member, consultation):
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": consultation.pk})
    response = _start(client, consultation)
    pages = _pages(consultation)
    response = client.post(
        url, _page_data(consultation, 0, _state(response), **_fill_page(pages[0]))
    )
    response = client.post(url, {"state": _state(response), "page": 1, "action": "back"})
    assert "She is good and helpful, not overbearing" in response.content.decode()


def test_save_and_come_back_later(client, member, consultation):
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": consultation.pk})
    response = _start(client, consultation)
    first = _pages(consultation)[0]
    response = client.post(
        url,
        {"state": _state(response), "page": 0, "action": "save", f"q_{first[0].pk}": "Half done"},
    )
    assert response.status_code == 200
    assert Draft.objects.filter(consultation=consultation).count() == 1
    # A new visit (say after the session timed out) picks the draft up after consent.
    response = _start(client, consultation)
    assert "Half done" in response.content.decode()


def test_already_answered_page(client, member, consultation):
    answer(consultation, member)
    client.force_login(member)
    response = client.get(reverse("consultations:start", kwargs={"pk": consultation.pk}))
    assert "You have answered this consultation" in response.content.decode()


def test_double_submit_of_the_last_page_is_refused_politely(client, member, staff):
    c = make_consultation(staff, questions=[{"kind": "yes_no", "text": "OK?"}], ask_profile=False)
    client.force_login(member)
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = _start(client, c)
    data = _page_data(c, 0, _state(response), **_fill_page(questions_of(c)))
    check = client.post(url, data)
    assert _send(client, url, check).status_code == 200
    response = _send(client, url, check)
    assert response.status_code == 409
    assert "already answered" in response.content.decode()
    assert Submission.objects.filter(consultation=c).count() == 1


def test_anonymous_consultation_for_members(client, member, staff):
    c = make_consultation(
        staff,
        anonymity="anonymous",
        questions=[{"kind": "yes_no", "text": "OK?"}],
        ask_profile=False,
    )
    client.force_login(member)
    response = _start(client, c)
    body = response.content.decode()
    assert "Save and come back later" not in body  # no server-side drafts when anonymous
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = client.post(url, _page_data(c, 0, _state(response), **_fill_page(questions_of(c))))
    response = _send(client, url, response)
    assert not Draft.objects.exists()
    assert "Your answers have been sent" in response.content.decode()
    response = client.get(reverse("consultations:start", kwargs={"pk": c.pk}))
    assert "withdrawal code" in response.content.decode()


def test_anonymous_late_joiner_sees_a_plain_message(client, staff):
    c = make_consultation(staff, anonymity="anonymous")
    late = make_user(Role.MEMBER)
    client.force_login(late)
    response = client.get(reverse("consultations:start", kwargs={"pk": c.pk}))
    assert "Try again in a few minutes" in response.content.decode()


def test_member_outside_the_audience_gets_404(client, staff, member):
    draft = make_consultation(staff, status=Consultation.Status.DRAFT)
    client.force_login(member)
    assert client.get(reverse("consultations:start", kwargs={"pk": draft.pk})).status_code == 404


def test_consent_text_changing_mid_way_asks_again_and_keeps_answers(client, member, staff):
    c = make_consultation(
        staff, questions=[{"kind": "short_text", "text": "Say"}], ask_profile=False
    )
    client.force_login(member)
    response = _start(client, c)
    services.consultation_update(consultation=c, actor=staff, consent_statement="New words")
    q = questions_of(c)[0]
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = client.post(
        url, {"state": _state(response), "page": 0, "action": "next", f"q_{q.pk}": "Kept words"}
    )
    response = _send(client, url, response)
    assert "New words" in response.content.decode()
    response = client.post(
        reverse("consultations:start", kwargs={"pk": c.pk}),
        {"agree": "on", "state": _state(response)},
    )
    assert "Kept words" in response.content.decode()


# --- Open links and access codes --------------------------------------------------------


@pytest.fixture
def open_link(staff):
    return make_consultation(
        staff,
        anonymity="anonymous",
        audience=Consultation.Audience.OPEN_LINK,
        require_access_code=True,
        questions=[{"kind": "yes_no", "text": "Interested?"}],
        ask_profile=False,
    )


def test_open_link_with_access_code(client, staff, open_link):
    issued = services.access_code_batch_create(
        consultation=open_link, label="Hostel", size=2, actor=staff
    )
    start = reverse("consultations:open-start", kwargs={"token": open_link.open_link_token})
    response = client.post(start, {"agree": "on", "access_code": "WRONG"})
    assert "That access code is not right" in response.content.decode()
    assert 'value="WRONG"' in response.content.decode()
    response = client.post(start, {"agree": "on", "access_code": issued.codes[0]})
    assert response.status_code == 200
    url = reverse("consultations:open-answer", kwargs={"token": open_link.open_link_token})
    response = client.post(
        url, _page_data(open_link, 0, _state(response), **_fill_page(questions_of(open_link)))
    )
    response = _send(client, url, response)
    assert "Your answers have been sent" in response.content.decode()
    response = client.post(start, {"agree": "on", "access_code": issued.codes[0]})
    assert "already been used" in response.content.decode()


def test_open_link_is_rate_limited(client, open_link):
    start = reverse("consultations:open-start", kwargs={"token": open_link.open_link_token})
    for _ in range(30):
        client.post(start, {"agree": "on", "access_code": "NOPE"})
    response = client.post(start, {"agree": "on", "access_code": "NOPE"})
    assert "Too many tries" in response.content.decode()


def test_unknown_or_closed_open_link_is_404(client, staff, open_link):
    assert (
        client.get(reverse("consultations:open-start", kwargs={"token": "nope"})).status_code == 404
    )
    services.consultation_close(consultation_id=open_link.pk)
    url = reverse("consultations:open-start", kwargs={"token": open_link.open_link_token})
    assert client.get(url).status_code == 404


# --- Preview --------------------------------------------------------------------------


def test_preview_saves_nothing(client, staff):
    c = make_consultation(
        staff,
        status=Consultation.Status.DRAFT,
        questions=[{"kind": "yes_no", "text": "OK?"}],
        ask_profile=False,
    )
    client.force_login(staff)
    response = _start(client, c, "consultations:preview")
    assert "This is what respondents see" in response.content.decode()
    url = reverse("consultations:preview-answer", kwargs={"pk": c.pk})
    response = client.post(url, _page_data(c, 0, _state(response), **_fill_page(questions_of(c))))
    response = _send(client, url, response)
    assert "End of the preview" in response.content.decode()
    assert not Submission.objects.exists()


def test_preview_state_cannot_be_replayed_as_a_real_answer(client, staff, member):
    c = make_consultation(staff, questions=[{"kind": "yes_no", "text": "OK?"}], ask_profile=False)
    client.force_login(staff)
    state = _state(_start(client, c, "consultations:preview"))
    client.force_login(member)
    response = client.post(
        reverse("consultations:answer", kwargs={"pk": c.pk}),
        _page_data(c, 0, state, **_fill_page(questions_of(c))),
    )
    assert response.status_code == 302
    assert not Submission.objects.exists()


# --- My answers and withdrawal ----------------------------------------------------------


def test_my_answers_lists_named_and_pseudonymous(client, staff, member):
    pseudo = make_consultation(staff, title="Pseudo one")
    named = make_consultation(staff, anonymity="named", title="Named one")
    anonymous = make_consultation(staff, anonymity="anonymous", title="Anon one")
    for c in (pseudo, named, anonymous):
        answer(c, member)
    client.force_login(member)
    body = client.get(reverse("consultations:my-answers")).content.decode()
    assert "Pseudo one" in body and "Named one" in body
    assert "Anon one" in body  # listed as answered, answers not shown
    assert body.count("Good, she listens") == 2


def test_withdraw_my_pseudonymous_answers(client, staff, member):
    c = make_consultation(staff)
    answer(c, member)
    client.force_login(member)
    url = reverse("consultations:my-withdraw", kwargs={"pk": c.pk})
    assert "will be deleted" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not Submission.objects.exists()


def test_someone_else_cannot_withdraw_my_answers(client, staff, member, mentor):
    c = make_consultation(staff)
    answer(c, member)
    client.force_login(mentor)
    client.post(reverse("consultations:my-withdraw", kwargs={"pk": c.pk}))
    assert Submission.objects.count() == 1


def test_withdraw_by_code_page(client, staff, member):
    c = make_consultation(staff, anonymity="anonymous")
    created = answer(c, member)
    url = reverse("consultations:withdraw")
    response = client.post(url, {"code": "ABCD-EFGH-JKLM"})
    assert "We cannot find answers with that code" in response.content.decode()
    assert 'value="ABCD-EFGH-JKLM"' in response.content.decode()
    response = client.post(url, {"code": ""})
    assert "Enter your withdrawal code" in response.content.decode()
    response = client.post(url, {"code": created.withdrawal_code.lower()})
    assert "Your answers are deleted" in response.content.decode()
    assert not Submission.objects.exists()


def test_withdraw_by_code_is_rate_limited(client):
    url = reverse("consultations:withdraw")
    for _ in range(10):
        client.post(url, {"code": "AAAA-AAAA-AAAA"})
    assert "Too many tries" in client.post(url, {"code": "AAAA"}).content.decode()


def test_member_list_shows_open_consultations_and_answered_state(client, staff, member):
    done = make_consultation(staff, title="Answered already")
    todo = make_consultation(staff, anonymity="anonymous", title="Still to do")
    make_consultation(staff, status=Consultation.Status.DRAFT, title="Draft not shown")
    answer(done, member)
    client.force_login(member)
    body = client.get(reverse("consultations:list")).content.decode()
    assert "Answered already" in body and "Still to do" in body
    assert "Draft not shown" not in body
    items = {chunk.split("</a>")[0].rsplit(">", 1)[-1]: chunk for chunk in body.split("<li")[1:]}
    assert "You have answered" in items["Answered already"]
    assert "Not answered yet" in items["Still to do"]
    assert todo.pk


# --- Query counts: they must not grow with questions or answers --------------------------


def _queries(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        result = call()
    return len(ctx), result


def _answer_all_on_one_page(client, staff, member, n):
    specs = [
        {
            "kind": "single_choice",
            "text": f"Q{i}",
            "choices": ["A", "B", "C"],
            "same_page_as_previous": i > 0,
        }
        for i in range(n)
    ]
    c = make_consultation(staff, questions=specs, ask_profile=False)
    client.force_login(member)
    start_count, response = _queries(lambda: _start(client, c))
    data = {f"q_{q.pk}": str(q.choices.first().pk) for q in questions_of(c)}
    url = reverse("consultations:answer", kwargs={"pk": c.pk})
    response = client.post(url, _page_data(c, 0, _state(response), **data))
    send_count, response = _queries(lambda: _send(client, url, response))
    assert "Your answers have been sent" in response.content.decode()
    return start_count, send_count


def test_answer_page_queries_do_not_grow(client, staff, member, django_assert_max_num_queries):
    small = _answer_all_on_one_page(client, staff, member, 2)
    large = _answer_all_on_one_page(client, staff, make_user(Role.MEMBER), 15)
    assert small == large
    c = make_consultation(staff, title="pinned")
    client.force_login(make_user(Role.MEMBER))
    with django_assert_max_num_queries(20):
        _start(client, c)


def _member_pages(client, staff, member, n):
    for i in range(n):
        for mode in ("anonymous", "pseudonymous", "named"):
            answer(make_consultation(staff, anonymity=mode, title=f"{mode} {i}"), member)
    client.force_login(member)
    client.get(reverse("consultations:list"))  # the first request after sign-in does more
    return (
        _queries(lambda: client.get(reverse("consultations:list")))[0],
        _queries(lambda: client.get(reverse("consultations:my-answers")))[0],
    )


def test_member_pages_queries_do_not_grow(client, staff, member, django_assert_max_num_queries):
    one = _member_pages(client, staff, member, 1)
    more = _member_pages(client, staff, member, 6)
    assert one == more
    with django_assert_max_num_queries(16):
        client.get(reverse("consultations:list"))
    with django_assert_max_num_queries(16):
        client.get(reverse("consultations:my-answers"))


# --- Home page and navigation -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "text", "url_name"),
    [
        ("member", "Consultations you can answer", "consultations:list"),
        ("staff", "New consultation", "consultations:create"),
        ("senior_manager", "Consultation results", "consultations:manage-list"),
        ("data_steward", "Look up an answer", "consultations:steward-lookup"),
    ],
)
def test_home_sections_and_navigation(client, role_users, who, text, url_name):
    client.force_login(role_users[who])
    body = client.get(reverse("core:home")).content.decode()
    assert text in body
    assert f'href="{reverse(url_name)}"' in body
