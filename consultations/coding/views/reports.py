"""Agreement, reports and exports of a consultation's coding, and the public theme page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from consultations.coding import jobs as coding_jobs
from consultations.coding import permissions, refi, selectors
from consultations.coding import reports as coding_reports
from consultations.coding.agreement import RARE_CODE_USES
from consultations.coding.models import Code, CodingProject, QuestionCoding
from consultations.coding.permissions import ACTION_MAKERS, CODERS, READERS
from consultations.models import Consultation, Question
from core.audit_actions import AuditAction
from core.exports import Sheet, csv_download, filename_for, xlsx_download
from core.http import acting_user
from core.services import audit_record
from users.models import User
from users.permissions import role_required


@role_required(*READERS)
@require_GET
def coding_agreement(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = QuestionCoding.objects.filter(question=question).select_related("codebook").first()
    result, rows = coding_reports.agreement_for(question, setup) if setup else (None, [])
    return render(
        request,
        "consultations/coding/agreement.html",
        {
            "consultation": consultation,
            "question": question,
            "setup": setup,
            "result": result,
            "rows": rows,
            "rare": RARE_CODE_USES,
        },
    )


def _action_link(request: HttpRequest, question: Question, code: Code) -> str:
    """The action plan's "make an action" page for a theme, if the action plan is installed."""
    user = request.user
    if not (isinstance(user, User) and user.has_role(*ACTION_MAKERS)):
        return ""
    try:
        url = reverse("actionplan:action-create")
    except NoReverseMatch:
        return ""
    query = urlencode(
        {
            "source_kind": "consultation_code",
            "source_ref": f"consultations.code:{code.pk}-{question.pk}",
        }
    )
    return f"{url}?{query}"


def _with_action_links(request: HttpRequest, reports: list[coding_reports.QuestionReport]) -> None:
    for report in reports:
        for row in report.rows:
            if not row.is_folder and row.count:
                row.action_link = _action_link(request, report.question, row.code)


@role_required(*READERS)
@require_GET
def coding_report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    report = coding_reports.consultation_report(consultation)
    _with_action_links(request, report.questions)
    return render(
        request,
        "consultations/coding/report.html",
        {"consultation": consultation, "report": report},
    )


@role_required(*READERS)
@require_GET
def coding_report_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """One question's report. Its breakdown by who answered is worked out by a job (it reads
    every coded answer): the page shows the last one worked out, or the one underway."""
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_report(consultation=consultation, pk=question_pk)
    report = coding_reports.question_report(question)
    _with_action_links(request, [report])
    attribute = request.GET.get("by", "")
    if attribute not in dict(selectors.PROFILE_ATTRIBUTES):
        attribute = ""
    found = coding_jobs.latest_result(question, attribute) if attribute else None
    return render(
        request,
        "consultations/coding/report_question.html",
        {
            "consultation": consultation,
            "question": question,
            "q": report,
            "breakdown": found[1] if found else None,
            "breakdown_job": found[0] if found else None,
            "breakdown_running": coding_jobs.underway(question, attribute) if attribute else None,
            "attribute": attribute,
            "attributes": selectors.PROFILE_ATTRIBUTES,
        },
    )


@role_required(*READERS)
@require_POST
def coding_report_breakdown(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """Start working out the breakdown (or follow the one underway) and go to its job page."""
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_report(consultation=consultation, pk=question_pk)
    attribute = request.POST.get("by", "")
    back = reverse(
        "consultations:coding-report-question", kwargs={"pk": pk, "question_pk": question_pk}
    )
    if attribute not in dict(selectors.PROFILE_ATTRIBUTES):
        messages.error(request, _("Choose what to break the answers down by."))
        return redirect(back)
    if not (
        question.has_choices
        or question.kind == Question.Kind.SCALE
        or QuestionCoding.objects.filter(question=question).exists()
    ):
        messages.error(request, _("This question's answers cannot be broken down."))
        return redirect(back)
    job = coding_jobs.start(question=question, attribute=attribute, user=request.user)
    return redirect(job.get_absolute_url())


@role_required(*READERS)
@require_GET
def coding_export_csv(request: HttpRequest, pk: int, question_pk: int) -> StreamingHttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = get_object_or_404(QuestionCoding, question=question)
    codes = coding_reports.export_codes(setup)
    return csv_download(
        request,
        filename=f"{slugify(consultation.title)[:50] or 'consultation'}-q{question.pk}-codes.csv",
        header=coding_reports.export_header(codes),
        rows=coding_reports.export_rows(question, codes),
        audit_action=AuditAction.CONSULTATIONS_CODING_REPORT_EXPORT,
        obj=consultation,
        detail={"question": question.pk},
    )


def _summary_rows(consultation: Consultation, report: Any) -> Iterator[list[Any]]:
    yield [consultation.title]
    yield [_("People who answered"), report.respondents]
    yield []
    yield [_("Question"), _("Theme or answer"), _("People"), _("Percentage"), _("Percentage of")]
    for q in report.questions:
        label = f"Q{q.number}. {q.question.text}"
        if q.is_coded:
            for row in q.rows:
                yield [
                    label,
                    ("— " * row.depth) + row.code.name,
                    row.count,
                    row.percent,
                    _("%(n)s coded answers") % {"n": q.coded},
                ]
        for tally in q.tallies:
            yield [
                label,
                tally.label,
                tally.count,
                tally.percent,
                _("%(n)s answers") % {"n": q.answered},
            ]


@role_required(*READERS)
@require_GET
def coding_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    report = coding_reports.consultation_report(consultation)
    sheets = [Sheet("Summary", (), _summary_rows(consultation, report))]
    for q in report.questions:
        if q.setup is not None:  # a coded question
            codes = coding_reports.export_codes(q.setup)
            sheets.append(
                Sheet(
                    f"Q{q.number} answers",
                    coding_reports.export_header(codes),
                    coding_reports.export_rows(q.question, codes),
                )
            )
    return xlsx_download(
        request,
        filename=filename_for(consultation.title, "-report.xlsx", fallback="consultation"),
        sheets=sheets,
        audit_action=AuditAction.CONSULTATIONS_CODING_REPORT_EXPORT,
        obj=consultation,
    )


@role_required(*CODERS)
@require_GET
def coding_export_qdpx(request: HttpRequest, pk: int) -> FileResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    audit_record(
        actor=acting_user(request),
        action=AuditAction.CONSULTATIONS_CODING_REPORT_EXPORT,
        obj=consultation,
        detail={"format": "qdpx"},
        request=request,
    )
    archive = refi.project_to_qdpx(consultation)
    name = f"{slugify(consultation.title)[:60] or 'consultation'}.qdpx"
    return FileResponse(archive, as_attachment=True, filename=name, content_type="application/zip")


# --- Public themes ------------------------------------------------------------------------


@require_GET
def theme(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """One theme, safe for anyone to read: names, definition and counts; no quotes, no names.

    Public once a lead coder publishes the consultation's themes; before that only people
    who can read reports see it (so the action plan can link to it either way).
    """
    code = get_object_or_404(Code.objects.select_related("codebook"), pk=pk, is_codable=True)
    question = get_object_or_404(
        Question.objects.select_related("consultation", "coding_setup"),
        pk=question_pk,
        coding_setup__codebook_id=code.codebook_id,
    )
    published = CodingProject.objects.filter(
        consultation_id=question.consultation_id, themes_published_at__isnull=False
    ).exists()
    if not published and not permissions.can_read_reports(request.user):
        raise Http404
    while not code.is_active and code.merged_into is not None:
        code = code.merged_into
    return render(
        request,
        "consultations/coding/theme.html",
        {"theme": coding_reports.theme(question, code), "published": published},
    )
