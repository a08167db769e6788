"""Staff pages for a consultation's questions: add, change, remove and reorder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import permissions, services
from consultations.forms.building import QuestionForm
from consultations.models import Question
from consultations.permissions import MANAGERS
from consultations.views.staff import SERVICE_ERRORS, detail_url
from core.confirm import confirm_page, is_confirmed
from core.http import acting_user, form_page, run_service
from users.permissions import role_required

if TYPE_CHECKING:
    pass


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
    return form_page(
        request,
        form,
        lambda: services.question_create(
            consultation=consultation,
            actor=acting_user(request),
            **_question_kwargs(form.cleaned_data),
        ),
        template="consultations/question_form.html",
        context={"consultation": consultation},
        success=_("Question added."),
        redirect_to=reverse("consultations:question-create", kwargs={"pk": consultation.pk})
        if "another" in request.POST
        else detail_url(consultation.pk),
        errors=SERVICE_ERRORS,
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

    def update() -> Question:
        kwargs = _question_kwargs(form.cleaned_data)
        if locked:
            kwargs["choices"] = [c.label for c in question.choices.all()]
        return services.question_update(question=question, actor=acting_user(request), **kwargs)

    return form_page(
        request,
        form,
        update,
        template="consultations/question_form.html",
        context={"consultation": consultation, "question": question, "locked": locked},
        success=_("Question saved."),
        redirect_to=detail_url(consultation.pk),
        errors=SERVICE_ERRORS,
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
            redirect_to=detail_url(consultation.pk),
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
