"""Coding pages: codebooks, the coding queue, double coding review, reports and exports.

The queue works as plain form posts (post, redirect, next answer) and, with JavaScript, as
htmx requests that swap in the next answer without reloading the page (``request.htmx``).
Coders reach answers only by the coding queue's random IDs and never see who wrote them.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from consultations.coding import permissions, refi, selectors, services
from consultations.coding.agreement import RARE_CODE_USES
from consultations.coding.forms import (
    CodebookForm,
    CodebookImportForm,
    CodeForm,
    CodeMergeForm,
    LeadForm,
    QuestionCodingForm,
    read_choice,
)
from consultations.coding.models import Code, CodingItem, CodingLead, CodingProject, QuestionCoding
from consultations.coding.permissions import ACTION_MAKERS, CODERS, READERS
from consultations.models import Question
from core.forms import add_service_errors
from core.services import audit_record
from core.spreadsheets import safe_cell
from users.permissions import role_required

GET_POST = require_http_methods(["GET", "POST"])
SKIP_LIMIT = 200

# --- Codebooks ----------------------------------------------------------------------------


@role_required(*CODERS)
@require_GET
def codebook_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.codebooks_for_list(search), 25).get_page(request.GET.get("page"))
    return render(
        request, "consultations/coding/codebook_list.html", {"page": page, "search": search}
    )


@role_required(*CODERS)
@GET_POST
def codebook_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    consultation_id = request.GET.get("consultation", "")
    if consultation_id.isdigit():
        initial["consultation"] = int(consultation_id)
    form = CodebookForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            codebook = services.codebook_create(created_by=request.user, **form.cleaned_data)
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Codebook saved. Now add its codes."))
            return redirect("consultations:codebook-detail", pk=codebook.pk)
    return render(request, "consultations/coding/codebook_form.html", {"form": form})


@role_required(*CODERS)
@GET_POST
def codebook_import(request: HttpRequest) -> HttpResponse:
    form = CodebookImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            codebook = refi.codebook_import(
                data=data["file"],
                name=data["name"],
                consultation=data["consultation"],
                imported_by=request.user,
            )
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            codebook.refresh_from_db()
            messages.success(
                request,
                _("Codebook imported with %(n)s codes.")
                % {"n": codebook.codes.filter(is_active=True).count()},
            )
            return redirect("consultations:codebook-detail", pk=codebook.pk)
    return render(request, "consultations/coding/codebook_import.html", {"form": form})


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
    if request.method == "POST" and form.is_valid():
        try:
            services.codebook_update(
                codebook=codebook, changed_by=request.user, **form.cleaned_data
            )
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("consultations:codebook-detail", pk=codebook.pk)
    return render(
        request, "consultations/coding/codebook_form.html", {"form": form, "codebook": codebook}
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
    parent = request.GET.get("parent", "")
    if parent.isdigit():
        initial["parent"] = int(parent)
    form = CodeForm(request.POST or None, initial=initial, codebook=codebook)
    if request.method == "POST" and form.is_valid():
        try:
            services.code_create(
                codebook=codebook, created_by=request.user, **_code_kwargs(form.cleaned_data)
            )
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Code added."))
            if "another" in request.POST:
                return redirect("consultations:code-create", pk=codebook.pk)
            return redirect("consultations:codebook-detail", pk=codebook.pk)
    return render(
        request,
        "consultations/coding/code_form.html",
        {"form": form, "codebook": codebook, "another": True},
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
    if request.method == "POST" and form.is_valid():
        try:
            services.code_update(
                code=code, changed_by=request.user, **_code_kwargs(form.cleaned_data)
            )
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Code saved."))
            return redirect("consultations:codebook-detail", pk=code.codebook_id)
    return render(
        request,
        "consultations/coding/code_form.html",
        {"form": form, "codebook": code.codebook, "code": code},
    )


@role_required(*CODERS)
@GET_POST
def code_merge(request: HttpRequest, pk: int) -> HttpResponse:
    code = permissions.get_code_for_coder(user=request.user, pk=pk)
    form = CodeMergeForm(request.POST or None, source=code)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["target"]
        try:
            merge = services.code_merge(source=code, target=target, merged_by=request.user)
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(source)s” is merged into “%(target)s”. %(n)s codings moved.")
                % {"source": code.name, "target": target.name, "n": merge.codings_moved},
            )
            return redirect("consultations:codebook-detail", pk=code.codebook_id)
    return render(
        request,
        "consultations/coding/code_merge.html",
        {"form": form, "code": code, "codebook": code.codebook},
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
    if request.method == "POST" and form.is_valid():
        try:
            services.question_coding_set(
                question=question, changed_by=request.user, **form.cleaned_data
            )
        except (ValidationError, services.CodingError) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved. The answers are in the coding queue."))
            return redirect("consultations:coding-overview", pk=consultation.pk)
    return render(
        request,
        "consultations/coding/setup_form.html",
        {"form": form, "consultation": consultation, "question": question, "setup": setup},
    )


@role_required(*CODERS)
@GET_POST
def coding_leads(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    form = LeadForm(request.POST if request.POST.get("action") == "add" else None)
    if request.method == "POST":
        if request.POST.get("action") == "remove":
            lead_id = request.POST.get("lead", "")
            lead = CodingLead.objects.filter(
                consultation=consultation, pk=int(lead_id) if lead_id.isdigit() else 0
            ).first()
            if lead is not None:
                services.coding_lead_remove(lead=lead, removed_by=request.user)
                messages.success(request, _("They are no longer a lead coder."))
            return redirect("consultations:coding-leads", pk=consultation.pk)
        if form.is_valid():
            try:
                services.coding_lead_add(
                    consultation=consultation,
                    user=form.cleaned_data["user"],
                    added_by=request.user,
                )
            except services.CodingError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Lead coder added."))
                return redirect("consultations:coding-leads", pk=consultation.pk)
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
        consultation=consultation, published_by=request.user, publish=publish
    )
    messages.success(
        request,
        _("The themes are public now: anyone can read their names and counts.")
        if publish
        else _("The themes are no longer public."),
    )
    return redirect("consultations:coding-overview", pk=consultation.pk)


# --- The coding queue ---------------------------------------------------------------------


def _skip_key(question: Question) -> str:
    return f"coding-skip-{question.pk}"


def _panel_context(
    *,
    request: HttpRequest,
    consultation,
    question: Question,
    setup: QuestionCoding,
    item: CodingItem | None,
    action: str,
    chosen: dict[str, Any] | None = None,
    error: str = "",
    notice: str = "",
) -> dict[str, Any]:
    profile, held_back = ([], False)
    if item is not None and setup.show_profile:
        profile, held_back = selectors.profile_for_coder(item)
    chosen = chosen or {}
    return {
        "consultation": consultation,
        "question": question,
        "setup": setup,
        "codes": selectors.with_shortcuts(selectors.code_tree(setup.codebook_id)),
        "item": item,
        "profile": profile,
        "profile_held_back": held_back,
        "remaining": selectors.queue_remaining(question, request.user),
        "recent": selectors.recent_passes(question, request.user),
        "action": action,
        "chosen_codes": set(chosen.get("codes", ())),
        "chosen_exemplars": set(chosen.get("exemplars", ())),
        "memo": chosen.get("memo", ""),
        "none_fits": chosen.get("none_fits", False),
        "error": error,
        "notice": notice,
    }


@role_required(*CODERS)
@GET_POST
def coding_queue(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = QuestionCoding.objects.filter(question=question).select_related("codebook").first()
    if setup is None:
        return render(
            request,
            "consultations/coding/queue.html",
            {
                "consultation": consultation,
                "question": question,
                "setup": None,
                "is_lead": permissions.is_lead(request.user, consultation),
            },
        )
    action = reverse(
        "consultations:coding-queue", kwargs={"pk": consultation.pk, "question_pk": question.pk}
    )
    skipped = request.session.get(_skip_key(question), [])
    item, error, notice, chosen = None, "", "", None
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            current = permissions.get_item_for_coder(
                user=request.user, consultation=consultation, item_id=request.POST.get("item")
            )
        except Http404:
            current = None
            notice = _("That answer has been withdrawn. Here is the next one.")
        if current is not None and request.POST.get("action") == "skip":
            skipped = [*skipped, str(current.pk)][-SKIP_LIMIT:]
            request.session[_skip_key(question)] = skipped
            services.coding_item_release(item=current, coder=request.user)
            notice = _("Skipped. You will not be shown that answer again today.")
        elif current is not None:
            try:
                services.coding_pass_save(
                    item=current,
                    coder=request.user,
                    code_ids=posted.code_ids,
                    exemplar_ids=posted.exemplar_ids,
                    memo=posted.memo,
                    none_fits=posted.none_fits,
                )
            except services.CodingConflict as exc:
                notice = str(exc)
            except (ValidationError, services.CodingError) as exc:
                error = (
                    str(exc) if isinstance(exc, services.CodingError) else " ".join(exc.messages)
                )
                item = current
                chosen = {
                    "codes": posted.code_ids,
                    "exemplars": posted.exemplar_ids,
                    "memo": posted.memo,
                    "none_fits": posted.none_fits,
                }
            else:
                notice = _("Saved.")
        if not error and not request.htmx:
            if notice and notice != _("Saved."):
                messages.info(request, notice)
            return redirect(action)
    if item is None:
        item = services.coding_queue_next(question=question, coder=request.user, skip=skipped)
    context = _panel_context(
        request=request,
        consultation=consultation,
        question=question,
        setup=setup,
        item=item,
        action=action,
        chosen=chosen,
        error=error,
        notice=notice,
    )
    template = (
        "consultations/coding/_queue_panel.html"
        if request.htmx
        else "consultations/coding/queue.html"
    )
    return render(request, template, context)


@role_required(*CODERS)
@GET_POST
def coding_item(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    """Change the codes I gave an answer (until a lead coder settles it)."""
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    item = permissions.get_own_item(user=request.user, consultation=consultation, item_id=item_id)
    question = item.question
    setup = question.coding_setup
    codes, exemplars, memo, none_fits = selectors.my_codes(item, request.user)
    chosen = {"codes": codes, "exemplars": exemplars, "memo": memo, "none_fits": none_fits}
    error = ""
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            services.coding_pass_save(
                item=item,
                coder=request.user,
                code_ids=posted.code_ids,
                exemplar_ids=posted.exemplar_ids,
                memo=posted.memo,
                none_fits=posted.none_fits,
            )
        except (ValidationError, services.CodingError) as exc:
            error = str(exc) if isinstance(exc, services.CodingError) else " ".join(exc.messages)
            chosen = {
                "codes": posted.code_ids,
                "exemplars": posted.exemplar_ids,
                "memo": posted.memo,
                "none_fits": posted.none_fits,
            }
        else:
            messages.success(request, _("Your codes for that answer are changed."))
            return redirect(
                "consultations:coding-queue", pk=consultation.pk, question_pk=question.pk
            )
    context = _panel_context(
        request=request,
        consultation=consultation,
        question=question,
        setup=setup,
        item=item,
        action=request.path,
        chosen=chosen,
        error=error,
    )
    context["editing"] = True
    return render(request, "consultations/coding/item_edit.html", context)


# --- Review of disagreements --------------------------------------------------------------


@role_required(*CODERS)
@require_GET
def coding_review(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    page = Paginator(selectors.disagreements(consultation), 20).get_page(request.GET.get("page"))
    items = list(page.object_list)
    passes = selectors.passes_for(items)
    return render(
        request,
        "consultations/coding/review_list.html",
        {
            "consultation": consultation,
            "page": page,
            "rows": [(item, passes.get(item.pk, [])) for item in items],
        },
    )


@role_required(*CODERS)
@GET_POST
def coding_settle(request: HttpRequest, pk: int, item_id: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, lead=True)
    item = permissions.get_item_for_lead(
        user=request.user, consultation=consultation, item_id=item_id
    )
    if item.state != CodingItem.State.DISAGREEMENT and item.settled_at is None:
        messages.info(request, _("That answer does not need settling."))
        return redirect("consultations:coding-review", pk=consultation.pk)
    setup = item.question.coding_setup
    passes = selectors.passes_for([item]).get(item.pk, [])
    agreed = set.intersection(*[{c.pk for c in p.codes} for p in passes]) if passes else set()
    chosen_codes = agreed
    chosen_exemplars: set[int] = set()
    note = item.settle_note
    none_fits = False
    error = ""
    if request.method == "POST":
        posted = read_choice(request.POST)
        try:
            services.coding_settle(
                item=item,
                settled_by=request.user,
                code_ids=posted.code_ids,
                exemplar_ids=posted.exemplar_ids,
                none_fits=posted.none_fits,
                note=posted.note,
            )
        except (ValidationError, services.CodingError) as exc:
            error = str(exc) if isinstance(exc, services.CodingError) else " ".join(exc.messages)
            chosen_codes, chosen_exemplars = set(posted.code_ids), set(posted.exemplar_ids)
            note, none_fits = posted.note, posted.none_fits
        else:
            messages.success(request, _("Settled. The final codes are saved."))
            following = selectors.disagreements(consultation).first()
            if following is not None:
                return redirect(
                    "consultations:coding-settle", pk=consultation.pk, item_id=following.pk
                )
            return redirect("consultations:coding-review", pk=consultation.pk)
    marks: dict[int, list[str]] = {}
    for index, p in enumerate(passes):
        for code in p.codes:
            marks.setdefault(code.pk, []).append(
                _("first coder") if index == 0 else _("second coder")
            )
    tree = selectors.code_tree(setup.codebook_id)
    for t in tree:
        t.marks = _(" and ").join(marks.get(t.code.pk, []))
    return render(
        request,
        "consultations/coding/settle.html",
        {
            "consultation": consultation,
            "item": item,
            "question": item.question,
            "setup": setup,
            "passes": passes,
            "codes": tree,
            "chosen_codes": chosen_codes,
            "chosen_exemplars": chosen_exemplars,
            "none_fits": none_fits,
            "note": note,
            "error": error,
        },
    )


# --- Agreement and reports ----------------------------------------------------------------


@role_required(*READERS)
@require_GET
def coding_agreement(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = QuestionCoding.objects.filter(question=question).select_related("codebook").first()
    result, rows = selectors.agreement_for(question, setup) if setup else (None, [])
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
    if not request.user.has_role(*ACTION_MAKERS):
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


def _with_action_links(request: HttpRequest, reports: list[selectors.QuestionReport]) -> None:
    for report in reports:
        for row in report.rows:
            if not row.is_folder and row.count:
                row.action_link = _action_link(request, report.question, row.code)


@role_required(*READERS)
@require_GET
def coding_report(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    report = selectors.consultation_report(consultation)
    _with_action_links(request, report.questions)
    return render(
        request,
        "consultations/coding/report.html",
        {"consultation": consultation, "report": report},
    )


@role_required(*READERS)
@require_GET
def coding_report_question(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_report(consultation=consultation, pk=question_pk)
    report = selectors.question_report(question)
    _with_action_links(request, [report])
    attribute = request.GET.get("by", "")
    return render(
        request,
        "consultations/coding/report_question.html",
        {
            "consultation": consultation,
            "question": question,
            "q": report,
            "breakdown": selectors.breakdown(report, attribute),
            "attribute": attribute,
            "attributes": selectors.PROFILE_ATTRIBUTES,
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@role_required(*READERS)
@require_GET
def coding_export_csv(request: HttpRequest, pk: int, question_pk: int) -> StreamingHttpResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    question = permissions.get_question_for_coding(consultation=consultation, pk=question_pk)
    setup = get_object_or_404(QuestionCoding, question=question)
    codes = selectors.export_codes(setup)
    audit_record(
        actor=request.user,
        action="coding.exported",
        obj=consultation,
        detail={"format": "csv", "question": question.pk},
        request=request,
    )
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(selectors.export_header(codes))
        for row in selectors.export_rows(question, codes):
            yield writer.writerow([safe_cell(v) for v in row])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    name = f"{slugify(consultation.title)[:50] or 'consultation'}-q{question.pk}-codes.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*READERS)
@require_GET
def coding_export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk, read=True)
    report = selectors.consultation_report(consultation)
    audit_record(
        actor=request.user,
        action="coding.exported",
        obj=consultation,
        detail={"format": "xlsx"},
        request=request,
    )
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(title="Summary")
    summary.append([consultation.title])
    summary.append([_("People who answered"), report.respondents])
    summary.append([])
    summary.append(
        [
            _("Question"),
            _("Theme or answer"),
            _("People"),
            _("Percentage"),
            _("Percentage of"),
        ]
    )
    for q in report.questions:
        label = f"Q{q.number}. {q.question.text}"
        if q.is_coded:
            for row in q.rows:
                summary.append(
                    [
                        label,
                        ("— " * row.depth) + row.code.name,
                        row.count,
                        row.percent,
                        _("%(n)s coded answers") % {"n": q.coded},
                    ]
                )
        for tally in q.tallies:
            summary.append(
                [
                    label,
                    tally.label,
                    tally.count,
                    tally.percent,
                    _("%(n)s answers") % {"n": q.answered},
                ]
            )
    for q in report.questions:
        if not q.is_coded:
            continue
        sheet = workbook.create_sheet(title=f"Q{q.number} answers")
        codes = selectors.export_codes(q.setup)
        sheet.append(selectors.export_header(codes))
        for row in selectors.export_rows(q.question, codes):
            sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"{slugify(consultation.title)[:60] or 'consultation'}-report.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@role_required(*CODERS)
@require_GET
def coding_export_qdpx(request: HttpRequest, pk: int) -> FileResponse:
    consultation = permissions.get_consultation_for_coding(user=request.user, pk=pk)
    audit_record(
        actor=request.user,
        action="coding.exported",
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
    while not code.is_active and code.merged_into_id:
        code = code.merged_into
    return render(
        request,
        "consultations/coding/theme.html",
        {"theme": selectors.theme(question, code), "published": published},
    )
