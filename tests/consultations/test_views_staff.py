"""Staff pages: building, publishing, entering interviews, responses, results and exports."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import selectors, services
from consultations.models import AccessCode, Consultation, Question, StaffEntry, Submission
from tests.consultations.factories import answer, full_answers, make_consultation, questions_of
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db

VALID = {
    "title": "Housing after prison",
    "purpose": "To hear about housing.",
    "information_sheet": "You do not have to take part.",
    "consent_statement": "I agree to take part.",
    "audience": "all_members",
    "anonymity": "pseudonymous",
    "retention_years": "5",
    "retention_action": "delete",
    "questions_per_page": "3",
    "ask_profile": "on",
}


def _body(response) -> str:
    return response.content.decode()


def test_create_consultation(client, staff):
    client.force_login(staff)
    response = client.post(reverse("consultations:create"), VALID)
    c = Consultation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("consultations:manage-detail", kwargs={"pk": c.pk})
    assert c.title == "Housing after prison" and c.status == Consultation.Status.DRAFT
    assert c.created_by == staff


def test_create_with_bad_input_keeps_what_was_typed(client, staff):
    client.force_login(staff)
    data = {
        **VALID,
        "title": "",
        "audience": "open_link",
        "anonymity": "named",
        "retention_years": "lots",
        "opens_at": "2030-01-02T09:00",
        "closes_at": "2030-01-01T09:00",
        "purpose": "Typed purpose survives",
    }
    response = client.post(reverse("consultations:create"), data)
    body = _body(response)
    assert response.status_code == 200
    assert "Enter a title" in body
    assert "Open links must be anonymous" in body
    assert "Enter a whole number of years" in body
    assert "The closing time must be after the opening time" in body
    assert "Typed purpose survives" in body
    assert not Consultation.objects.exists()


def test_published_consultation_cannot_change_anonymity(client, staff):
    c = make_consultation(staff)
    client.force_login(staff)
    response = client.get(reverse("consultations:edit", kwargs={"pk": c.pk}))
    assert "This cannot change after publishing" in _body(response)
    data = {**VALID, "anonymity": "named", "title": "New title"}
    response = client.post(reverse("consultations:edit", kwargs={"pk": c.pk}), data)
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.anonymity == "pseudonymous" and c.title == "New title"


def test_add_edit_move_and_remove_questions(client, staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT, questions=[])
    client.force_login(staff)
    url = reverse("consultations:question-create", kwargs={"pk": c.pk})
    response = client.post(url, {"kind": "single_choice", "text": "Pick one", "choices": "Only"})
    assert "Give at least two different answers to choose from" in _body(response)
    assert "Pick one" in _body(response)
    response = client.post(
        url,
        {
            "kind": "single_choice",
            "text": "Pick one",
            "choices": "A\nB\n\nC",
            "required": "on",
            "another": "1",
        },
    )
    assert response["Location"] == url
    client.post(url, {"kind": "short_text", "text": "Say something"})
    first, second = questions_of(c)
    assert [ch.label for ch in first.choices.all()] == ["A", "B", "C"] and first.required
    assert not second.required
    client.post(
        reverse("consultations:question-move", kwargs={"pk": c.pk, "question_pk": second.pk}),
        {"direction": "up"},
    )
    assert [q.pk for q in questions_of(c)] == [second.pk, first.pk]
    edit = reverse("consultations:question-edit", kwargs={"pk": c.pk, "question_pk": first.pk})
    assert "A\nB\nC" in _body(client.get(edit))
    client.post(edit, {"kind": "multiple_choice", "text": "Pick any", "choices": "A\nB"})
    first.refresh_from_db()
    assert first.kind == "multiple_choice" and first.choices.count() == 2
    delete = reverse("consultations:question-delete", kwargs={"pk": c.pk, "question_pk": second.pk})
    assert "Remove this question?" in _body(client.post(delete))  # no confirm: asks
    client.post(delete, {"confirm": "yes"})
    assert [q.pk for q in questions_of(c)] == [first.pk]


def test_locked_question_form(client, staff, member):
    c = make_consultation(staff)
    answer(c, member)
    q = next(q for q in questions_of(c) if q.kind == Question.Kind.SINGLE_CHOICE)
    client.force_login(staff)
    url = reverse("consultations:question-edit", kwargs={"pk": c.pk, "question_pk": q.pk})
    assert "its type and the answers to choose from are locked" in _body(client.get(url))
    client.post(url, {"kind": "short_text", "text": "Reworded", "choices": "X\nY"})
    q.refresh_from_db()
    assert q.text == "Reworded" and q.kind == Question.Kind.SINGLE_CHOICE
    assert [c.label for c in q.choices.all()] == [
        "Face to face",
        "Through a third party",
        "By phone or e-mail",
    ]


def test_publish_open_close_and_duplicate(client, staff):
    c = make_consultation(staff, status=Consultation.Status.DRAFT, questions=[])
    client.force_login(staff)
    detail = reverse("consultations:manage-detail", kwargs={"pk": c.pk})
    publish = reverse("consultations:publish", kwargs={"pk": c.pk})
    response = client.post(publish, {"confirm": "yes"}, follow=True)
    assert "Add at least one question" in _body(response)
    services.question_create(consultation=c, actor=staff, kind="yes_no", text="OK?")
    # The first click only asks, and says anonymity cannot change afterwards.
    asked = _body(client.get(publish))
    assert "Publish this consultation?" in asked and "cannot be changed" in asked
    assert "Yes, publish it" in asked and "No, go back" in asked
    assert client.post(publish).status_code == 200
    c.refresh_from_db()
    assert c.status == Consultation.Status.DRAFT
    response = client.post(publish, {"confirm": "yes"})
    assert response["Location"] == detail
    c.refresh_from_db()
    assert c.status == Consultation.Status.OPEN
    client.post(reverse("consultations:close-now", kwargs={"pk": c.pk}))
    c.refresh_from_db()
    assert c.status == Consultation.Status.CLOSED
    response = client.post(reverse("consultations:close-now", kwargs={"pk": c.pk}), follow=True)
    assert "Only an open consultation can be closed" in _body(response)
    response = client.post(reverse("consultations:duplicate", kwargs={"pk": c.pk}))
    copy = Consultation.objects.exclude(pk=c.pk).get()
    assert response["Location"] == reverse("consultations:manage-detail", kwargs={"pk": copy.pk})
    assert copy.questions.count() == 1


def test_open_now(client, staff):
    c = make_consultation(staff, status=Consultation.Status.SCHEDULED)
    client.force_login(staff)
    client.post(reverse("consultations:open-now", kwargs={"pk": c.pk}))
    c.refresh_from_db()
    assert c.status == Consultation.Status.OPEN


# --- Staff entry ----------------------------------------------------------------------


def _entry_data(c: Consultation, **extra) -> dict:
    data: dict = {"method": "interview", "consent_confirmed": "on"}
    for q in questions_of(c):
        value = full_answers(c)[q.pk]
        data[f"q_{q.pk}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    data.update(extra)
    return data


def test_staff_entry_saves_and_shows_code_and_a_fresh_form(client, staff, member):
    c = make_consultation(staff)
    interviewer = make_user(Role.STAFF, username="ivy.interviewer")
    client.force_login(staff)
    url = reverse("consultations:staff-entry", kwargs={"pk": c.pk})
    today = timezone.localdate()
    page = _body(client.get(url))  # the date is filled in for them, in the three boxes
    assert f'name="answered_on_0" value="{today.day}"' in page
    assert f'name="answered_on_2" value="{today.year}"' in page
    response = client.post(
        url,
        _entry_data(
            c,
            respondent=member.username.upper(),
            interviewer="ivy.interviewer",
            gender="man",
            answered_on="2026-01-05",
        ),
    )
    body = _body(response)
    assert response.status_code == 200
    s = Submission.objects.get()
    assert f"Saved as {s.reference}" in body
    assert re.search(r'id="withdrawal-code">[A-Z0-9-]{14}<', body)
    assert "Good, she listens" not in body  # the form is fresh for the next one
    entry = StaffEntry.objects.get()
    assert entry.entered_by == staff and entry.interviewer == interviewer
    assert s.method == "interview" and s.gender == "man" and str(s.submitted_on) == "2026-01-05"
    # Entering the same person twice is refused in plain words, keeping what was typed.
    response = client.post(
        url, _entry_data(c, respondent=member.username, answered_on="2026-01-06")
    )
    assert "This person has already answered" in _body(response)
    assert "Good, she listens" in _body(response)


def test_staff_entry_bad_input(client, staff):
    c = make_consultation(staff, anonymity="named")
    client.force_login(staff)
    url = reverse("consultations:staff-entry", kwargs={"pk": c.pk})
    data = _entry_data(
        c, respondent="nobody-here", interviewer="also-nobody", answered_on="2099-01-01"
    )
    del data["consent_confirmed"]
    data[f"q_{questions_of(c)[0].pk}"] = ""
    response = client.post(url, data)
    body = _body(response)
    assert response.status_code == 200
    assert "There is no account with the username ‘nobody-here’" in body
    assert "There is no account with the username ‘also-nobody’" in body
    assert "The date cannot be in the future" in body
    assert "Confirm that the person agreed to take part" in body
    assert "Enter an answer to" in body
    assert not Submission.objects.exists()


def test_staff_entry_anonymous_asks_for_no_person(client, staff):
    c = make_consultation(staff, anonymity="anonymous")
    client.force_login(staff)
    url = reverse("consultations:staff-entry", kwargs={"pk": c.pk})
    assert 'name="respondent"' not in _body(client.get(url))
    client.post(url, _entry_data(c, method="paper"))
    assert Submission.objects.get().method == "paper"


def _entry_queries(client, staff, n):
    specs = [
        {"kind": "multiple_choice", "text": f"Q{i}", "choices": ["A", "B", "C"]} for i in range(n)
    ]
    c = make_consultation(staff, questions=specs)
    client.force_login(staff)
    url = reverse("consultations:staff-entry", kwargs={"pk": c.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as get_ctx:
        client.get(url)
    data = {"method": "paper", "consent_confirmed": "on", "answered_on": "2026-01-05"}
    for q in questions_of(c):
        data[f"q_{q.pk}"] = [str(ch.pk) for ch in q.choices.all()][:2]
    with CaptureQueriesContext(connection) as post_ctx:
        response = client.post(url, data)
    assert "Saved as" in _body(response)
    return len(get_ctx), len(post_ctx)


def test_staff_entry_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    assert _entry_queries(client, staff, 2) == _entry_queries(client, staff, 14)
    c = make_consultation(staff)
    with django_assert_max_num_queries(16):
        client.get(reverse("consultations:staff-entry", kwargs={"pk": c.pk}))


# --- Lists, responses and results -----------------------------------------------------


def _get_count(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_manage_list_queries_do_not_grow(client, staff, django_assert_max_num_queries):
    client.force_login(staff)
    url = reverse("consultations:manage-list")
    make_consultation(staff)
    small = _get_count(client, url)
    for i in range(8):
        make_consultation(staff, title=f"More {i}", anonymity=["anonymous", "named"][i % 2])
    assert _get_count(client, url) == small
    with django_assert_max_num_queries(14):
        client.get(url)


def test_responses_page_paginates_and_queries_do_not_grow(
    client, staff, django_assert_max_num_queries
):
    c = make_consultation(staff, anonymity="named")
    client.force_login(staff)
    url = reverse("consultations:responses", kwargs={"pk": c.pk})
    answer(c, make_user(Role.MEMBER))
    small = _get_count(client, url)
    for _ in range(25):
        answer(c, make_user(Role.MEMBER))
    assert _get_count(client, url) == small
    with django_assert_max_num_queries(19):
        response = client.get(url)
    assert _body(response).count('<h2 class="govuk-summary-card__title"') == 20
    assert 'href="?page=2"' in _body(response) and 'aria-current="page"' in _body(response)


def test_results_tally_and_query_count(client, staff, django_assert_max_num_queries):
    c = make_consultation(staff, anonymity="anonymous")
    single = next(q for q in questions_of(c) if q.kind == Question.Kind.SINGLE_CHOICE)
    face, third, phone = single.choices.all()
    client.force_login(staff)
    url = reverse("consultations:results", kwargs={"pk": c.pk})

    def enter(choice, gender=""):
        answers = full_answers(c)
        answers[single.pk] = choice.pk
        answer(c, None, method="paper", actor=staff, answers=answers, profile={"gender": gender})

    enter(face, "man")
    small = _get_count(client, url + "?by=gender")
    for _ in range(6):
        enter(face, "man")
    for _ in range(2):
        enter(third, "woman")
    enter(phone)
    assert _get_count(client, url + "?by=gender") == small
    respondents, results = selectors.results_for(c)
    assert respondents == 10
    tallies = {
        t.label: (t.count, t.percent)
        for t in next(r for r in results if r.question == single).tallies
    }
    assert tallies == {
        "Face to face": (7, 70),
        "Through a third party": (2, 20),
        "By phone or e-mail": (1, 10),
    }
    with django_assert_max_num_queries(21):
        body = _body(client.get(url + "?by=gender"))
    assert (
        "The numbers behind the chart" in body
        and '<progress class="consultations-chart__bar" max="100" value="70">' in body
    )
    columns, breakdowns = selectors.breakdown_for(c, "gender")
    rows = {r.label: r.cells for r in next(b for b in breakdowns if b.question == single).rows}
    assert columns[:2] == ["Woman", "Man"] and columns[-1] == "Not given"
    # 7 men chose face to face (shown); 2 women (hidden); 1 "not given" (hidden).
    assert rows["Face to face"][1] == "7"
    assert rows["Through a third party"][0] == "fewer than 5"
    assert rows["By phone or e-mail"][-1] == "fewer than 5"
    assert "fewer than 5" in body


def test_suppression_hides_a_second_cell_when_only_one_is_small():
    assert selectors._suppress([9, 3, 12, 0]) == ["fewer than 5", "fewer than 5", "12", "0"]
    assert selectors._suppress([9, 3, 2, 0]) == ["9", "fewer than 5", "fewer than 5", "0"]
    assert selectors._suppress([9, 5, 7]) == ["9", "5", "7"]


def test_csv_and_xlsx_exports(client, staff, member):
    c = make_consultation(staff, anonymity="named", areas="Rutland")
    answers = full_answers(c, text='=HYPERLINK("http://evil")')
    answer(c, member, answers=answers, profile={"gender": "woman", "area": "Rutland"})
    client.force_login(staff)
    response = client.get(reverse("consultations:export-csv", kwargs={"pk": c.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, row = rows
    assert header[:3] == ["Reference", "Date", "How answered"]
    assert "Q4. What gets in the way of programmes?: Travel" in header
    assert "Q4. What gets in the way of programmes?: Drug use" in header
    by_column = dict(zip(header, row, strict=True))
    assert by_column["Q4. What gets in the way of programmes?: Travel"] == "1"
    assert by_column["Q4. What gets in the way of programmes?: Drug use"] == "0"
    assert by_column["Q3. Best way to communicate"] == "Face to face"
    assert by_column["Q1. Describe your relationship with your probation officer"].startswith("'=")
    assert by_column["Gender"] == "Woman" and by_column["Area"] == "Rutland"
    assert member.username not in str(rows) and "Mo Member" not in str(rows)
    response = client.get(reverse("consultations:export-xlsx", kwargs={"pk": c.pk}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert list(values[0]) == header and len(values) == 2


def test_access_codes_page(client, staff):
    c = make_consultation(
        staff, anonymity="anonymous", audience="open_link", require_access_code=True
    )
    client.force_login(staff)
    url = reverse("consultations:access-codes", kwargs={"pk": c.pk})
    response = client.post(url, {"label": "Kirk Lodge", "size": "0"})
    assert "Make at least 1 code" in _body(response) and "Kirk Lodge" in _body(response)
    response = client.post(url, {"label": "Kirk Lodge", "size": "3"})
    codes = re.findall(
        r"<strong class=\"govuk-!-font-size-24\">([A-Z0-9-]+)</strong>", _body(response)
    )
    assert len(codes) == 3
    assert AccessCode.objects.filter(consultation=c).count() == 3
    assert "Kirk Lodge" in _body(client.get(url))


def test_admin_pages_are_read_only_and_work(client, staff, administrator):
    c = make_consultation(staff)
    client.force_login(administrator)
    assert client.get(reverse("admin:consultations_consultation_changelist")).status_code == 200
    response = client.get(reverse("admin:consultations_consultation_change", args=[c.pk]))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content
