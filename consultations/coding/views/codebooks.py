"""Coding pages: codebooks and their codes, and setting a consultation's questions up for coding.

The coding queue, the review of disagreements and the reports are in the modules beside this one.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations.coding import permissions, refi, selectors, services, shared_themes
from consultations.coding.forms import (
    CodebookForm,
    CodebookImportForm,
    CodeForm,
    CodeMergeForm,
    LeadForm,
    QuestionCodingForm,
)
from consultations.coding.models import Codebook, CodingLead, QuestionCoding
from consultations.coding.permissions import CODERS, READERS
from consultations.models import Question
from core.http import acting_user, form_page, get_int_or_400, paginate, run_service
from users.permissions import role_required

GET_POST = require_http_methods(["GET", "POST"])
# What the coding services on these pages may raise: a rule on a field, or a coding rule.
SERVICE_ERRORS = (ValidationError, services.CodingError)


def _codebook_url(pk: int) -> str:
    return reverse("consultations:codebook-detail", kwargs={"pk": pk})


# --- Codebooks ----------------------------------------------------------------------------


@role_required(*CODERS)
@require_GET
def codebook_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = paginate(request, selectors.codebooks_for_list(search), 25)
    return render(
        request, "consultations/coding/codebook_list.html", {"page": page, "search": search}
    )


@role_required(*CODERS)
@GET_POST
def codebook_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    consultation_id = get_int_or_400(request.GET, "consultation")
    if consultation_id is not None:
        initial["consultation"] = consultation_id
    form = CodebookForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form,
        lambda: services.codebook_create(actor=acting_user(request), **form.cleaned_data),
        template="consultations/coding/codebook_form.html",
        success=_("Codebook saved. Now add its codes."),
        redirect_to=lambda codebook: _codebook_url(codebook.pk),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@GET_POST
def codebook_import(request: HttpRequest) -> HttpResponse:
    form = CodebookImportForm(request.POST or None, request.FILES or None)

    def imported(codebook: Codebook) -> str:
        codebook.refresh_from_db()
        return _("Codebook imported with %(n)s codes.") % {
            "n": codebook.codes.filter(is_active=True).count()
        }

    return form_page(
        request,
        form,
        lambda: refi.codebook_import(
            data=form.cleaned_data["file"],
            name=form.cleaned_data["name"],
            consultation=form.cleaned_data["consultation"],
            actor=acting_user(request),
        ),
        template="consultations/coding/codebook_import.html",
        success=imported,
        redirect_to=lambda codebook: _codebook_url(codebook.pk),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@require_GET
def codebook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = permissions.get_codebook_for_coder(user=request.user, pk=pk)
    search = request.GET.get("q", "")[:100]
    return render(
        request,
        "consultations/coding/codebook_detail.html",
        {
            "codebook": codebook,
            "tree": selectors.code_tree(codebook.pk, search=search),
            "search": search,
            "merges": list(codebook.merges.select_related("target", "merged_by")[:20]),
            "uses": selectors.questions_using(codebook),
            "shared_themes": shared_themes.shared_theme_rows(codebook),
            "shared_theme_names": shared_themes.shared_theme_names(),
        },
    )


@role_required(*CODERS)
@GET_POST
def codebook_edit(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = permissions.get_codebook_for_coder(user=request.user, pk=pk)
    form = CodebookForm(
        request.POST or None,
        initial={
            "name": codebook.name,
            "description": codebook.description,
            "consultation": codebook.consultation_id,
        },
    )
    return form_page(
        request,
        form,
        lambda: services.codebook_update(
            codebook=codebook, actor=acting_user(request), **form.cleaned_data
        ),
        template="consultations/coding/codebook_form.html",
        context={"codebook": codebook},
        success=_("Your changes are saved."),
        redirect_to=_codebook_url(codebook.pk),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@require_GET
def codebook_export(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = permissions.get_codebook_for_coder(user=request.user, pk=pk)
    try:
        data = refi.codebook_to_qdc(codebook)
    except services.CodingError as exc:
        messages.error(request, str(exc))
        return redirect("consultations:codebook-detail", pk=codebook.pk)
    response = HttpResponse(data, content_type="application/xml; charset=utf-8")
    name = slugify(codebook.name)[:60] or "codebook"
    response["Content-Disposition"] = f'attachment; filename="{name}.qdc"'
    return response


def _code_kwargs(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": data["name"],
        "definition": data.get("definition", ""),
        "parent": data.get("parent"),
        "colour": data.get("colour", ""),
        "is_codable": data.get("is_codable", False),
        "position": data.get("position"),
    }


@role_required(*CODERS)
@GET_POST
def code_create(request: HttpRequest, pk: int) -> HttpResponse:
    codebook = permissions.get_codebook_for_coder(user=request.user, pk=pk)
    initial: dict[str, Any] = {"is_codable": True}
    parent = get_int_or_400(request.GET, "parent")
    if parent is not None:
        initial["parent"] = parent
    form = CodeForm(request.POST or None, initial=initial, codebook=codebook)
    return form_page(
        request,
        form,
        lambda: services.code_create(
            codebook=codebook, actor=acting_user(request), **_code_kwargs(form.cleaned_data)
        ),
        template="consultations/coding/code_form.html",
        context={"codebook": codebook, "another": True},
        success=_("Code added."),
        redirect_to=reverse("consultations:code-create", kwargs={"pk": codebook.pk})
        if "another" in request.POST
        else _codebook_url(codebook.pk),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@GET_POST
def code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    code = permissions.get_code_for_coder(user=request.user, pk=pk)
    if not code.is_active:
        messages.error(request, _("This code was merged into another, so it cannot be changed."))
        return redirect("consultations:codebook-detail", pk=code.codebook_id)
    form = CodeForm(
        request.POST or None,
        initial={
            "name": code.name,
            "definition": code.definition,
            "parent": code.parent_id,
            "colour": code.colour,
            "position": code.position,
            "is_codable": code.is_codable,
        },
        codebook=code.codebook,
        exclude={code.pk} | services._descendant_ids(code),
    )
    return form_page(
        request,
        form,
        lambda: services.code_update(
            code=code, actor=acting_user(request), **_code_kwargs(form.cleaned_data)
        ),
        template="consultations/coding/code_form.html",
        context={"codebook": code.codebook, "code": code},
        success=_("Code saved."),
        redirect_to=_codebook_url(code.codebook_id),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@GET_POST
def code_merge(request: HttpRequest, pk: int) -> HttpResponse:
    code = permissions.get_code_for_coder(user=request.user, pk=pk)
    form = CodeMergeForm(request.POST or None, source=code)
    return form_page(
        request,
        form,
        lambda: services.code_merge(
            source=code, target=form.cleaned_data["target"], actor=acting_user(request)
        ),
        template="consultations/coding/code_merge.html",
        context={"code": code, "codebook": code.codebook},
        success=lambda merge: (
            _("“%(source)s” is merged into “%(target)s”. %(n)s codings moved.")
            % {
                "source": code.name,
                "target": form.cleaned_data["target"].name,
                "n": merge.codings_moved,
            }
        ),
        redirect_to=_codebook_url(code.codebook_id),
        errors=SERVICE_ERRORS,
    )


# --- A consultation's coding --------------------------------------------------------------


@role_required(*READERS)
@require_GET
def coding_overview(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    return render(
        request,
        "consultations/coding/overview.html",
        {
            "consultation": consultation,
            "rows": selectors.coding_overview(consultation, request.user),
            "can_code": permissions.can_code(request.user),
            "is_lead": permissions.is_lead(request.user, consultation),
            "project": selectors.project_for(consultation),
        },
    )


@role_required(*CODERS)
@GET_POST
def coding_setup(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = QuestionCoding.objects.filter(question=question).first()
    initial = (
        {
            "codebook": setup.codebook_id,
            "exclusive": setup.exclusive,
            "double_share": setup.double_share,
            "show_profile": setup.show_profile,
        }
        if setup
        else {"double_share": 20, "show_profile": True}
    )
    form = QuestionCodingForm(
        request.POST or None,
        initial=initial,
        codebooks=selectors.codebook_choices_for(consultation),
    )
    return form_page(
        request,
        form,
        lambda: services.question_coding_set(
            question=question, actor=acting_user(request), **form.cleaned_data
        ),
        template="consultations/coding/setup_form.html",
        context={"consultation": consultation, "question": question, "setup": setup},
        success=_("Saved. The answers are in the coding queue."),
        redirect_to=reverse("consultations:coding-overview", kwargs={"pk": consultation.pk}),
        errors=SERVICE_ERRORS,
    )


@role_required(*CODERS)
@GET_POST
def coding_leads(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    form = LeadForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            lead_id = get_int_or_400(request.POST, "lead")
            lead = (
                CodingLead.objects.filter(consultation=consultation, pk=lead_id).first()
                if lead_id is not None
                else None
            )
            if lead is not None:
                services.coding_lead_remove(lead=lead, actor=acting_user(request))
                messages.success(request, _("They are no longer a lead coder."))
            return redirect("consultations:coding-leads", pk=consultation.pk)
        if form.is_valid():
            done = run_service(
                request,
                lambda: services.coding_lead_add(
                    consultation=consultation,
                    user=form.cleaned_data["user"],
                    actor=acting_user(request),
                ),
                success=_("Lead coder added."),
                redirect_to=reverse("consultations:coding-leads", kwargs={"pk": consultation.pk}),
                form=form,
                errors=(services.CodingError,),
            )
            if done is not None:
                return done
    return render(
        request,
        "consultations/coding/leads.html",
        {
            "consultation": consultation,
            "form": form,
            "leads": selectors.coding_leads(consultation),
        },
    )


@role_required(*CODERS)
@require_POST
def coding_sync(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    added = sum(
        services.coding_items_sync(question=q)
        for q in Question.objects.filter(consultation=consultation, coding_setup__isnull=False)
    )
    messages.success(
        request,
        _("%(n)s new answers added to the coding queue.") % {"n": added}
        if added
        else _("There are no new answers to add."),
    )
    return redirect("consultations:coding-overview", pk=consultation.pk)


@role_required(*CODERS)
@require_POST
def coding_publish(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    publish = request.POST.get("publish") == "yes"
    services.coding_themes_publish(
        consultation=consultation, actor=acting_user(request), publish=publish
    )
    messages.success(
        request,
        _("The themes are public now: anyone can read their names and counts.")
        if publish
        else _("The themes are no longer public."),
    )
    return redirect("consultations:coding-overview", pk=consultation.pk)
