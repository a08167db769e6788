"""Staff pages for a consultation itself: the list, building and editing it, publishing,
opening and closing it, copying it, and its access codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from consultations import permissions, selectors, services
from consultations.forms.building import AccessCodeBatchForm, ConsultationForm
from consultations.models import Consultation
from consultations.permissions import MANAGERS, RESULT_READERS
from consultations.views.staff import SERVICE_ERRORS, detail_url
from core.confirm import confirm_page, is_confirmed
from core.forms import add_service_errors
from core.http import acting_user, form_page, paginate, run_service
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
    return form_page(
        request,
        form,
        lambda: services.consultation_create(
            actor=acting_user(request), **_consultation_kwargs(form.cleaned_data)
        ),
        template="consultations/consultation_form.html",
        success=_("Consultation saved. Now add its questions."),
        redirect_to=lambda consultation: detail_url(consultation.pk),
    )


def _consultation_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "constituency_ids": data["constituency_ids"],
        **{name: data[name] for name in CONSULTATION_FIELDS},
    }


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
    return form_page(
        request,
        form,
        lambda: services.consultation_update(
            consultation=consultation,
            actor=acting_user(request),
            **_consultation_kwargs(form.cleaned_data),
        ),
        template="consultations/consultation_form.html",
        context={"consultation": consultation},
        success=_("Your changes are saved."),
        redirect_to=detail_url(consultation.pk),
        errors=SERVICE_ERRORS,
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
        redirect_to=detail_url(consultation.pk),
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
