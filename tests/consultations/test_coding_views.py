"""Coding pages: the queue with and without htmx, roles, privacy, reports and exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from consultations.coding import services as coding
from consultations.coding.models import Code, Codebook, CodingItem, FinalCode
from consultations.models import Consultation, Submission
from core.models import AuditEvent
from tests.consultations.coding_factories import coded_consultation, items_of
from tests.consultations.factories import answer, full_answers
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def _url(name, consultation, **kwargs):
    return reverse(f"consultations:{name}", kwargs={"pk": consultation.pk, **kwargs})


def _queue(consultation, question):
    return _url("coding-queue", consultation, question_pk=question.pk)


def test_queue_without_javascript_codes_an_answer_and_moves_on(client, staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["Alpha", "Beta"])
    client.force_login(staff)
    page = client.get(_queue(consultation, question)).content.decode()
    shown = CodingItem.objects.get(claimed_by=staff)
    assert shown.answer.text_value in page
    assert 'data-shortcut="1"' in page and 'aria-keyshortcuts="1"' in page
    assert "htmx.min.js" in page and "coding.js" in page
    response = client.post(
        _queue(consultation, question),
        {"item": str(shown.pk), "code": [str(codes[0].pk)], "exemplar": "on", "memo": "ok"},
    )
    assert response.status_code == 302 and response.url == _queue(consultation, question)
    assert FinalCode.objects.get(item=shown).is_exemplar
    page = client.get(_queue(consultation, question)).content.decode()
    other = "Beta" if shown.answer.text_value == "Alpha" else "Alpha"
    assert other in page and "1 answer left" in page


def test_htmx_post_returns_the_next_answer_as_a_fragment(client, staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["Alpha", "Beta"])
    client.force_login(staff)
    client.get(_queue(consultation, question))
    shown = CodingItem.objects.get(claimed_by=staff)
    response = client.post(
        _queue(consultation, question),
        {"item": str(shown.pk), "code": [str(codes[1].pk)], "action": "save"},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and 'id="coding-panel"' in body and "Saved." in body
    assert 'hx-post="' in body


def test_bad_input_gives_a_plain_message_and_keeps_what_was_chosen(client, staff):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["Alpha"], exclusive=True
    )
    client.force_login(staff)
    client.get(_queue(consultation, question))
    (item,) = items_of(question)
    response = client.post(
        _queue(consultation, question),
        {
            "item": str(item.pk),
            "code": [str(codes[0].pk), str(codes[1].pk), "junk"],
            "memo": "Keep me",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Choose only one code" in body and "Keep me" in body
    assert f'value="{codes[0].pk}" checked' in body
    # A forged item id is not an error page.
    response = client.post(_queue(consultation, question), {"item": "not-a-uuid"})
    assert response.status_code == 302


def test_skip_puts_the_answer_back_and_shows_another(client, staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["Alpha", "Beta"])
    client.force_login(staff)
    client.get(_queue(consultation, question))
    first = CodingItem.objects.get(claimed_by=staff)
    client.post(_queue(consultation, question), {"item": str(first.pk), "action": "skip"})
    client.get(_queue(consultation, question))
    second = CodingItem.objects.get(claimed_by=staff)
    assert second.pk != first.pk


def _body_text(response) -> str:
    """A response's text; for zip files (.xlsx, .qdpx) every file inside, unpacked."""
    import zipfile

    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            raw = b"".join(zf.read(name) for name in zf.namelist())
    return raw.decode("utf-8", "replace")


def test_coders_never_see_who_wrote_an_answer_even_in_a_named_consultation(client, staff, member):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=[], double_share=100, anonymity=Consultation.Anonymity.NAMED
    )
    made = answer(consultation, member, answers=full_answers(consultation, text="Named words"))
    coding.coding_items_sync(question=question)
    (item,) = items_of(question)
    other = make_user(Role.STAFF, display_name="Other Coder")
    submission = made.submission
    secrets = [
        member.display_name,
        member.username,
        submission.reference,
        str(submission.pk),
    ]
    client.force_login(staff)
    pages = [client.get(_queue(consultation, question))]
    client.post(_queue(consultation, question), {"item": str(item.pk), "code": [str(codes[0].pk)]})
    pages.append(client.get(_url("coding-item", consultation, item_id=str(item.pk))))
    coding.coding_pass_save(item=item, actor=other, code_ids=[codes[1].pk])
    for name in ("coding-review", "coding-report", "coding-export-xlsx", "coding-export-qdpx"):
        pages.append(client.get(_url(name, consultation)))
    pages.append(client.get(_url("coding-settle", consultation, item_id=str(item.pk))))
    pages.append(client.get(_url("coding-export-csv", consultation, question_pk=question.pk)))
    for response in pages:
        assert response.status_code == 200
        body = _body_text(response)
        for secret in secrets:
            assert secret not in body, (response.request["PATH_INFO"], secret)
    assert "Named words" in pages[0].content.decode()


@pytest.mark.parametrize("name", ["coding-setup", "coding-review", "coding-leads"], ids=lambda n: n)
def test_only_lead_coders_set_up_and_settle(client, staff, name):
    consultation, question, *_ = coded_consultation(staff, texts=["A"])
    other = make_user(Role.STAFF)
    kwargs = {"question_pk": question.pk} if name == "coding-setup" else {}
    url = _url(name, consultation, **kwargs)
    client.force_login(other)
    assert client.get(url).status_code == 403
    assert client.post(_url("coding-publish", consultation), {"publish": "yes"}).status_code == 403
    coding.coding_lead_add(consultation=consultation, user=other, actor=staff)
    assert client.get(url).status_code == 200
    # ... or anyone holding the permission to lead every consultation's coding.
    from django.contrib.auth.models import Permission

    third = make_user(Role.STAFF)
    third.user_permissions.add(Permission.objects.get(codename="lead_any_coding"))
    client.force_login(third)
    assert client.get(url).status_code == 200


def test_senior_managers_read_reports_but_do_not_code(client, staff, senior_manager, member):
    consultation, question, *_ = coded_consultation(staff, texts=["A"])
    client.force_login(senior_manager)
    for url in (
        _url("coding-overview", consultation),
        _url("coding-report", consultation),
        _url("coding-report-question", consultation, question_pk=question.pk),
        _url("coding-agreement", consultation, question_pk=question.pk),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(_queue(consultation, question)).status_code == 403
    assert client.get(_url("coding-export-qdpx", consultation)).status_code == 403
    client.force_login(member)
    assert client.get(_url("coding-report", consultation)).status_code == 403


def test_wrong_method_is_refused(client, staff):
    consultation, question, *_ = coded_consultation(staff, texts=["A"])
    client.force_login(staff)
    assert client.get(_url("coding-sync", consultation)).status_code == 405
    assert client.post(_url("coding-report", consultation)).status_code == 405


def _grow(consultation, staff, n):
    for i in range(n):
        answer(
            consultation,
            None,
            answers=full_answers(consultation, text=f"More {i}"),
            method=Submission.Method.PAPER,
            actor=staff,
            profile={"gender": "man" if i % 2 else "woman", "area": ""},
        )


def _code_everything(question, coders, codes):
    for item in items_of(question):
        for index, coder in enumerate(coders if item.is_double else coders[:1]):
            pick = codes[(hash(str(item.pk)) + index) % len(codes)]
            coding.coding_pass_save(
                item=item, actor=coder, code_ids=[pick.pk], exemplar_ids=[pick.pk]
            )


def test_page_queries_do_not_grow_with_answers(client, staff, query_count):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B", "C"], double_share=50
    )
    coder2 = make_user(Role.STAFF)
    _code_everything(question, [staff, coder2], codes)
    client.force_login(staff)
    urls = [
        _queue(consultation, question),
        _url("coding-review", consultation),
        _url("coding-report", consultation),
        _url("coding-report-question", consultation, question_pk=question.pk) + "?by=gender",
        _url("coding-agreement", consultation, question_pk=question.pk),
        _url("coding-overview", consultation),
    ]
    small = [query_count(client, url) for url in urls]
    _grow(consultation, staff, 30)
    coding.coding_items_sync(question=question)
    _code_everything(question, [staff, coder2], codes)
    _grow(consultation, staff, 5)  # and some left to code
    coding.coding_items_sync(question=question)
    large = [query_count(client, url) for url in urls]
    assert large == small, list(zip(urls, small, large, strict=True))
    assert max(large) <= 30


def test_report_shows_chart_table_counts_exemplars_and_agreement(client, staff):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["Listens well", "Never listens", "Got me a flat", "Listens, mostly"]
    )
    items = {i.answer.text_value: i for i in CodingItem.objects.select_related("answer")}
    coding.coding_pass_save(
        item=items["Listens well"], actor=staff, code_ids=[codes[0].pk], exemplar_ids=[codes[0].pk]
    )
    coding.coding_pass_save(
        item=items["Listens, mostly"], actor=staff, code_ids=[codes[0].pk, codes[2].pk]
    )
    coding.coding_pass_save(item=items["Never listens"], actor=staff, code_ids=[codes[1].pk])
    client.force_login(staff)
    body = client.get(_url("coding-report", consultation)).content.decode()
    assert "<svg" in body and 'role="img"' in body
    assert "the numbers behind the chart" in body
    assert "3 answers have been coded" in body and "1 is still to code" in body
    assert "67%" in body  # Listens: 2 of 3 coded answers
    assert "can add up to more than 100" in body
    assert "Listens well" in body  # the example quote
    assert "Never listens" not in body  # not marked as an example
    assert "data-app-print" in body and "@media print" not in body


def test_make_this_an_action_link_only_when_the_action_plan_is_there(client, staff, monkeypatch):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    (item,) = items_of(question)
    coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    client.force_login(staff)
    body = client.get(_url("coding-report", consultation)).content.decode()
    assert "Make this an action" in body
    assert f"consultations.code%3A{codes[0].pk}-{question.pk}" in body
    import consultations.coding.views.reports as views

    def missing(name, *args, **kwargs):
        if name.startswith("actionplan:"):
            raise NoReverseMatch(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(views, "reverse", missing)
    body = client.get(_url("coding-report", consultation)).content.decode()
    assert "Make this an action" not in body


def test_breakdown_hides_small_cells(
    client, staff, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Worked out by a job (tests/consultations/test_coding_breakdown_job.py), then shown."""
    settings.MEDIA_ROOT = str(tmp_path)
    profiles = [{"gender": "man"}] * 8 + [{"gender": "woman"}] * 2
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=[f"T{i}" for i in range(10)], profiles=profiles
    )
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url("coding-report-breakdown", consultation, question_pk=question.pk),
            {"by": "gender"},
        )
    body = client.get(
        _url("coding-report-question", consultation, question_pk=question.pk), {"by": "gender"}
    ).content.decode()
    assert "Answers by Gender" in body
    assert "fewer than 5" in body and ">2<" not in body
    # Nonsense in the query string is ignored, not an error.
    response = client.get(
        _url("coding-report-question", consultation, question_pk=question.pk), {"by": "x"}
    )
    assert response.status_code == 200


def test_csv_and_xlsx_exports_have_a_column_per_code_and_are_audited(client, staff):
    from openpyxl import load_workbook

    consultation, question, codebook, codes = coded_consultation(staff, texts=["=1+1", "B"])
    a, b = items_of(question)
    coding.coding_pass_save(item=a, actor=staff, code_ids=[codes[0].pk, codes[2].pk])
    client.force_login(staff)
    response = client.get(_url("coding-export-csv", consultation, question_pk=question.pk))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    assert header[:3] == ["Answer ID", "Answer", "Coding"]
    assert header[-3:] == [c.name for c in codes]
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id[str(a.pk)][-3:] == ["1", "0", "1"]
    assert by_id[str(b.pk)][-3:] == ["", "", ""]  # not coded yet
    assert by_id[str(a.pk)][1] == "'=1+1"  # never a formula
    response = client.get(_url("coding-export-xlsx", consultation))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[0] == "Summary" and "Q1 answers" in book.sheetnames
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
    assert any(r[1] == codes[0].name and r[2] == 1 for r in summary if len(r) > 2)
    assert AuditEvent.objects.filter(action="consultations.coding_report.export").count() == 2


def test_theme_page_is_public_once_published_and_never_gives_small_counts(client, staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A", "B"])
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
    url = reverse("consultations:theme", kwargs={"pk": codes[0].pk, "question_pk": question.pk})
    assert client.get(url).status_code == 404
    client.force_login(staff)
    body = client.get(url).content.decode()
    assert "Only staff can see this page" in body
    coding.coding_themes_publish(consultation=consultation, actor=staff)
    client.logout()
    body = client.get(url).content.decode()
    assert "Fewer than 5 people said this" in body and "2 people" not in body
    assert "<blockquote" not in body  # no quotes on the public page


def test_codebook_pages_create_code_and_keep_bad_input(client, staff):
    client.force_login(staff)
    response = client.post(reverse("consultations:codebook-create"), {"name": "Trust"})
    book = Codebook.objects.get(name="Trust")
    assert response.url == reverse("consultations:codebook-detail", kwargs={"pk": book.pk})
    url = reverse("consultations:code-create", kwargs={"pk": book.pk})
    response = client.post(url, {"name": "Breach of confidence", "colour": "red"})
    body = response.content.decode()
    assert response.status_code == 200 and "six letters or digits" in body
    assert "Breach of confidence" in body
    client.post(url, {"name": "Breach of confidence", "colour": "#d4351c", "is_codable": "on"})
    response = client.post(url, {"name": "breach of CONFIDENCE", "is_codable": "on"})
    assert "already a code with that name" in response.content.decode()
    assert Code.objects.filter(codebook=book).count() == 1
    detail = client.get(
        reverse("consultations:codebook-detail", kwargs={"pk": book.pk}), {"q": "breach"}
    )
    assert "Breach of confidence" in detail.content.decode()


def test_importing_a_bad_file_in_the_browser_says_why_and_imports_nothing(client, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("codes.qdc", b"<CodeBook", content_type="application/xml")
    response = client.post(reverse("consultations:codebook-import"), {"file": upload})
    assert response.status_code == 200
    assert "not a readable XML file" in response.content.decode()
    assert not Codebook.objects.exists()


def test_settling_in_the_browser(client, staff):
    consultation, question, codebook, codes = coded_consultation(
        staff, texts=["A", "B"], double_share=100
    )
    coder2 = make_user(Role.STAFF)
    for item in items_of(question):
        coding.coding_pass_save(item=item, actor=staff, code_ids=[codes[0].pk])
        coding.coding_pass_save(item=item, actor=coder2, code_ids=[codes[1].pk])
    first, second = list(
        CodingItem.objects.filter(state=CodingItem.State.DISAGREEMENT).order_by("id")
    )
    client.force_login(staff)
    body = client.get(_url("coding-review", consultation)).content.decode()
    assert "2 answers to settle" in body and "First coder" in body
    url = _url("coding-settle", consultation, item_id=str(first.pk))
    response = client.post(url, {"note": "x"})
    assert "Choose at least one code" in response.content.decode()
    response = client.post(url, {"code": [str(codes[1].pk)]})
    assert response.url == _url("coding-settle", consultation, item_id=str(second.pk))
    client.post(response.url, {"code": [str(codes[0].pk)], "exemplar": "on"})
    assert not CodingItem.objects.filter(state=CodingItem.State.DISAGREEMENT).exists()


def test_setup_and_leads_pages(client, staff):
    consultation, question, codebook, codes = coded_consultation(staff, texts=["A"])
    client.force_login(staff)
    url = _url("coding-setup", consultation, question_pk=question.pk)
    response = client.post(url, {"codebook": codebook.pk, "double_share": "150"})
    assert "from 0 to 100" in response.content.decode()
    response = client.post(url, {"codebook": codebook.pk, "double_share": "30", "exclusive": "on"})
    assert response.status_code == 302
    other = make_user(Role.STAFF, display_name="Lee Lead")
    leads = _url("coding-leads", consultation)
    client.post(leads, {"action": "add", "user": other.pk})
    assert "Lee Lead" in client.get(leads).content.decode()
    response = client.post(leads, {"action": "add", "user": "nonsense"})
    assert response.status_code == 200 and "govuk-error-summary" in response.content.decode()


def test_odd_ids_in_coding_pages_are_a_plain_400(client, staff):
    """Issue 14: "²".isdigit() is true and int("²") raised (a 500) in these three places."""
    consultation, _question, codebook, _codes = coded_consultation(staff, texts=["A"])
    client.force_login(staff)
    leads = _url("coding-leads", consultation)
    for odd in ("²", "99999999999999999999", "-1"):
        assert client.post(leads, {"action": "remove", "lead": odd}).status_code == 400
        response = client.get("/consultations/coding/codebooks/new/", {"consultation": odd})
        assert response.status_code == 400
        response = client.get(
            f"/consultations/coding/codebooks/{codebook.pk}/codes/new/", {"parent": odd}
        )
        assert response.status_code == 400
    assert client.post(leads, {"action": "remove", "lead": ""}).status_code == 302
