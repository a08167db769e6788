"""Staff pages for the answers: typing in interviews and paper forms, reading the responses,
the results and the exports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import permissions, selectors, services
from consultations.forms.staff_entry import StaffEntryForm
from consultations.models import Consultation, Submission
from consultations.permissions import MANAGERS, RESULT_READERS
from core.audit_actions import AuditAction
from core.exports import Sheet, csv_download, xlsx_download
from core.forms import add_service_errors
from core.http import acting_user, paginate
from users.permissions import role_required

if TYPE_CHECKING:
    pass

# --- Staff entry of interviews and paper forms ----------------------------------------


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def staff_entry(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    questions = selectors.questions_plain(consultation)
    can_enter = consultation.status in (Consultation.Status.OPEN, Consultation.Status.CLOSED)
    form = StaffEntryForm(
        request.POST or None,
        consultation=consultation,
        questions=questions,
        initial={"method": request.POST.get("method") or Submission.Method.INTERVIEW},
    )
    saved = None
    if request.method == "POST" and can_enter and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.submission_create(
                consultation=consultation,
                answers=form.answers(),
                consented=data["consent_confirmed"],
                respondent=data.get("respondent"),
                method=data["method"],
                actor=acting_user(request),
                interviewer=data.get("interviewer"),
                interviewer_name=data.get("interviewer_name", ""),
                profile=form.profile(),
                submitted_on=data.get("answered_on"),
            )
        except (ValidationError, services.ConsultationError) as exc:
            add_service_errors(form, exc)
        else:
            # A fresh form for the next one; the method is kept, as forms come in piles.
            form = StaffEntryForm(
                consultation=consultation,
                questions=questions,
                initial={"method": data["method"]},
            )
    return render(
        request,
        "consultations/submission_entry.html",
        {
            "consultation": consultation,
            "form": form,
            "saved": saved,
            "can_enter": can_enter,
        },
    )


# --- Reading answers ------------------------------------------------------------------


@role_required(*RESULT_READERS)
def responses(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk, manage=False)
    questions = selectors.questions_plain(consultation)
    page = paginate(request, selectors.submissions_for_staff(consultation), 20)
    rows = []
    for submission in page.object_list:
        by_question = {a.question_id: a for a in submission.answers.all()}
        rows.append(
            {
                "submission": submission,
                "answers": [(q, by_question.get(q.pk)) for q in questions],
                "name": submission.named.respondent
                if consultation.is_named and hasattr(submission, "named")
                else None,
            }
        )
    return render(
        request,
        "consultations/submission_list.html",
        {"consultation": consultation, "page": page, "rows": rows},
    )


@role_required(*RESULT_READERS)
def results(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk, manage=False)
    questions = selectors.questions_plain(consultation)
    respondents, question_results = selectors.results_for(consultation, questions)
    attribute = request.GET.get("by", "")
    columns, breakdowns = selectors.breakdown_for(consultation, attribute, questions)
    return render(
        request,
        "consultations/consultation_results.html",
        {
            "consultation": consultation,
            "respondents": respondents,
            "results": question_results,
            "attribute": attribute if columns else "",
            "attributes": [
                ("gender", _("Gender")),
                ("ethnic_group", _("Ethnic group")),
                ("age_band", _("Age")),
                ("area", _("Area")),
            ],
            "columns": columns,
            "breakdowns": breakdowns,
        },
    )


def _filename(consultation: Consultation, ext: str) -> str:
    return f"{slugify(consultation.title)[:60] or 'consultation'}-answers.{ext}"


@role_required(*RESULT_READERS)
def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk, manage=False)
    questions = selectors.questions_plain(consultation)
    return csv_download(
        request,
        filename=_filename(consultation, "csv"),
        header=selectors.export_header(questions, consultation),
        rows=selectors.export_rows(consultation, questions),
        audit_action=AuditAction.CONSULTATIONS_ANSWERS_EXPORT,
        obj=consultation,
    )


@role_required(*RESULT_READERS)
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk, manage=False)
    questions = selectors.questions_plain(consultation)
    answers = Sheet(
        "Answers",
        selectors.export_header(questions, consultation),
        selectors.export_rows(consultation, questions),
    )
    return xlsx_download(
        request,
        filename=_filename(consultation, "xlsx"),
        sheets=[answers],
        audit_action=AuditAction.CONSULTATIONS_ANSWERS_EXPORT,
        obj=consultation,
    )
