"""Staff pages: build, publish, enter interviews, read responses, results and exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import permissions, selectors, services
from consultations.forms.building import AccessCodeBatchForm, ConsultationForm, QuestionForm
from consultations.forms.staff_entry import StaffEntryForm
from consultations.models import Consultation, Question, Submission
from consultations.permissions import MANAGERS, RESULT_READERS
from core.audit_actions import AuditAction
from core.confirm import confirm_page, is_confirmed
from core.exports import Sheet, csv_download, xlsx_download
from core.forms import add_service_errors
from core.http import acting_user, paginate, run_service
from users.permissions import role_required

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CONSULTATION_FIELDS = (
    "title",
    "purpose",
    "information_sheet",
    "consent_statement",
    "audience",
    "anonymity",
    "opens_at",
    "closes_at",
    "retention_years",
    "retention_action",
    "ask_profile",
    "areas",
    "require_access_code",
)

# What the service calls on these pages may raise: a rule on a field, or a rule of the process.
SERVICE_ERRORS = (ValidationError, services.ConsultationError)


def _detail_url(pk: int) -> str:
    return reverse("consultations:manage-detail", kwargs={"pk": pk})


# --- Consultations --------------------------------------------------------------------


@role_required(*RESULT_READERS)
def manage_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, selectors.consultations_for_staff(status=status), 25)
    return render(
        request,
        "consultations/consultation_manage_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Consultation.Status.choices,
            "can_manage": permissions.can_manage(request.user),
        },
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def consultation_create(request: HttpRequest) -> HttpResponse:
    form = ConsultationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            lambda: services.consultation_create(
                actor=acting_user(request),
                constituency_ids=data["constituency_ids"],
                **{name: data[name] for name in CONSULTATION_FIELDS},
            ),
            success=_("Consultation saved. Now add its questions."),
            redirect_to=lambda consultation: _detail_url(consultation.pk),
            form=form,
        )
        if done is not None:
            return done
    return render(request, "consultations/consultation_form.html", {"form": form})


def _initial(consultation: Consultation) -> dict[str, Any]:
    initial = {name: getattr(consultation, name) for name in CONSULTATION_FIELDS}
    initial["constituency_ids"] = [c.constituency_id for c in consultation.constituencies.all()]
    for name in ("opens_at", "closes_at"):
        if initial[name]:
            initial[name] = timezone.localtime(initial[name])
    return initial


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    form = ConsultationForm(
        request.POST or None, initial=_initial(consultation), consultation=consultation
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = run_service(
            request,
            lambda: services.consultation_update(
                consultation=consultation,
                actor=acting_user(request),
                constituency_ids=data["constituency_ids"],
                **{name: data[name] for name in CONSULTATION_FIELDS},
            ),
            success=_("Your changes are saved."),
            redirect_to=_detail_url(consultation.pk),
            form=form,
            errors=SERVICE_ERRORS,
        )
        if done is not None:
            return done
    return render(
        request,
        "consultations/consultation_form.html",
        {"form": form, "consultation": consultation},
    )


@role_required(*RESULT_READERS)
def manage_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk, manage=False)
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "questions": selectors.questions_for(consultation),
            "submission_count": consultation.submissions.count(),
            "consent": services.current_consent_version(consultation),
            "constituencies": list(consultation.constituencies.all()),
            "can_manage": permissions.can_manage(request.user),
            "open_link": request.build_absolute_uri(
                reverse("consultations:open-start", kwargs={"token": consultation.open_link_token})
            )
            if consultation.open_link_token
            else "",
        },
    )


def _do(
    request: HttpRequest, pk: int, action: Callable[[Consultation], StrOrPromise]
) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    return run_service(
        request,
        lambda: action(consultation),
        success=lambda message: message,
        redirect_to=_detail_url(consultation.pk),
        errors=(services.ConsultationError,),
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def consultation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks first: who may answer and how anonymous the
    answers are cannot change once it is published."""
    if not is_confirmed(request):
        consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
        back = reverse("consultations:manage-detail", kwargs={"pk": consultation.pk})
        if consultation.status != Consultation.Status.DRAFT:
            messages.error(request, _("This consultation has already been published."))
            return redirect(back)
        when = (
            date_format(timezone.localtime(consultation.opens_at), "j F Y, g:ia")
            if consultation.opens_at and consultation.opens_at > timezone.now()
            else _("Straight away")
        )
        return confirm_page(
            request,
            caption=consultation.title,
            title=_("Publish this consultation?"),
            consequence=_(
                "Everyone it is for will be able to answer it from the time it opens, and "
                "after that you cannot change who can answer or how anonymous the answers are."
            ),
            details=[
                (_("Who can answer"), consultation.get_audience_display()),
                (_("Anonymity"), consultation.get_anonymity_display()),
                (_("Opens"), when),
            ],
            warning=_("Check the anonymity setting: it cannot be changed after publishing."),
            yes_label=_("Yes, publish it"),
            back_url=back,
        )

    def act(consultation: Consultation) -> str:
        published = services.consultation_publish(
            consultation=consultation, actor=acting_user(request)
        )
        if published.status == Consultation.Status.OPEN:
            return _("Published. It is open now.")
        return _("Published. It will open at the time you set.")

    return _do(request, pk, act)


@role_required(*MANAGERS)
@require_POST
def consultation_open_now(request: HttpRequest, pk: int) -> HttpResponse:
    def act(consultation: Consultation) -> str:
        if not services.consultation_open(
            consultation_id=consultation.pk, actor=acting_user(request)
        ):
            raise services.ConsultationError(
                _("Only a published consultation that is not open yet can be opened.")
            )
        return _("It is open now.")

    return _do(request, pk, act)


@role_required(*MANAGERS)
@require_POST
def consultation_close_now(request: HttpRequest, pk: int) -> HttpResponse:
    def act(consultation: Consultation) -> str:
        if not services.consultation_close(
            consultation_id=consultation.pk, actor=acting_user(request)
        ):
            raise services.ConsultationError(_("Only an open consultation can be closed."))
        return _("It is closed. Nobody can answer now, but people can still withdraw.")

    return _do(request, pk, act)


@role_required(*MANAGERS)
@require_POST
def consultation_duplicate(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    copy = services.consultation_duplicate(consultation=consultation, actor=acting_user(request))
    messages.success(request, _("This is a copy. Change what you need, then publish it."))
    return redirect("consultations:manage-detail", pk=copy.pk)


# --- Questions ------------------------------------------------------------------------


def _question_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "kind": data["kind"],
        "text": data["text"],
        "help_text": data.get("help_text", ""),
        "required": data.get("required", False),
        "choices": data.get("choices") or [],
        "scale_low_label": data.get("scale_low_label", ""),
        "scale_high_label": data.get("scale_high_label", ""),
        "same_page_as_previous": data.get("same_page_as_previous", False),
        "offer_dont_know": data.get("offer_dont_know", False),
        "offer_prefer_not": data.get("offer_prefer_not", False),
    }


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.question_create(
                consultation=consultation,
                actor=acting_user(request),
                **_question_kwargs(form.cleaned_data),
            ),
            success=_("Question added."),
            redirect_to=reverse("consultations:question-create", kwargs={"pk": consultation.pk})
            if "another" in request.POST
            else _detail_url(consultation.pk),
            form=form,
            errors=SERVICE_ERRORS,
        )
        if done is not None:
            return done
    return render(
        request,
        "consultations/question_form.html",
        {"form": form, "consultation": consultation},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    question = permissions.get_question_for_staff(
        user=request.user, consultation=consultation, pk=question_pk
    )
    locked = question.answers.exists()
    initial = {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "choices": "\n".join(c.label for c in question.choices.all())
        if question.kind != Question.Kind.YES_NO
        else "",
        "scale_low_label": question.scale_low_label,
        "scale_high_label": question.scale_high_label,
        "same_page_as_previous": question.same_page_as_previous,
        "offer_dont_know": question.offer_dont_know,
        "offer_prefer_not": question.offer_prefer_not,
    }
    form = QuestionForm(request.POST or None, initial=initial, locked=locked)
    if request.method == "POST" and form.is_valid():
        kwargs = _question_kwargs(form.cleaned_data)
        if locked:
            kwargs["choices"] = [c.label for c in question.choices.all()]
        done = run_service(
            request,
            lambda: services.question_update(
                question=question, actor=acting_user(request), **kwargs
            ),
            success=_("Question saved."),
            redirect_to=_detail_url(consultation.pk),
            form=form,
            errors=SERVICE_ERRORS,
        )
        if done is not None:
            return done
    return render(
        request,
        "consultations/question_form.html",
        {"form": form, "consultation": consultation, "question": question, "locked": locked},
    )


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def question_delete(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    """GET (or a POST without ``confirm``) asks; a POST with ``confirm`` removes it."""
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    question = permissions.get_question_for_staff(
        user=request.user, consultation=consultation, pk=question_pk
    )
    if is_confirmed(request):
        return run_service(
            request,
            lambda: services.question_delete(question=question, actor=acting_user(request)),
            success=_("Question removed."),
            redirect_to=_detail_url(consultation.pk),
            errors=(services.ConsultationError,),
        )
    return confirm_page(
        request,
        caption=consultation.title,
        title=_("Remove this question?"),
        consequence=_("The question will be taken out of the consultation for good."),
        details=[(_("Question"), question.text)],
        yes_label=_("Yes, remove the question"),
        back_url=reverse("consultations:manage-detail", kwargs={"pk": consultation.pk}),
        destructive=True,
    )


@role_required(*MANAGERS)
@require_POST
def question_move(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    question = permissions.get_question_for_staff(
        user=request.user, consultation=consultation, pk=question_pk
    )
    direction = request.POST.get("direction", "")
    if direction in ("up", "down"):
        services.question_move(question=question, direction=direction, actor=acting_user(request))
    url = reverse("consultations:manage-detail", kwargs={"pk": consultation.pk})
    return redirect(f"{url}#question-{question.pk}")


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


# --- Access codes ---------------------------------------------------------------------


@role_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def access_codes(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    form = AccessCodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            issued = services.access_code_batch_create(
                consultation=consultation,
                label=form.cleaned_data["label"],
                size=form.cleaned_data["size"],
                actor=acting_user(request),
            )
        except (ValidationError, services.ConsultationError) as exc:
            add_service_errors(form, exc)
        else:
            # Rendered, not redirected: the codes exist only in this response.
            return render(
                request,
                "consultations/accesscode_print.html",
                {"consultation": consultation, "issued": issued},
            )
    return render(
        request,
        "consultations/accesscode_list.html",
        {
            "consultation": consultation,
            "form": form,
            "batches": selectors.access_code_batches(consultation),
        },
    )
