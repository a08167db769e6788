"""Views for "tell your rep": thin functions. Every issue goes through
``permissions.get_issue_for_user``, which shows it only to the member who raised it and the
representatives of its constituency (404 for everyone else, administrators included)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import drafts
from core.http import acting_user, error_text, form_page, paginate, posted, run_service
from council import permissions, selectors, services
from council.forms import issues as issue_forms
from council.models import Constituency, RepIssue
from council.views._common import GET_POST, service_form_page
from users.permissions import role_required
from users.roles import MEMBER_ROLES, Role

# "Tell your rep" answers between the questions and "Check your answers".
ISSUE_DRAFT = "council.rep_issue"


def _issue_url(issue: RepIssue) -> str:
    return reverse("council:issue-detail", kwargs={"pk": issue.pk})


def _own_constituencies(request: HttpRequest) -> list[Constituency]:
    return list(
        Constituency.objects.filter(
            memberships__user=acting_user(request),
            memberships__left_on=None,
            council__is_active=True,
        )
        .select_related("council")
        .order_by("council__name", "name")
    )


def _issue_form(data: Any, constituencies: list[Constituency]) -> issue_forms.RepIssueForm:
    councils = {c.council_id for c in constituencies}
    council = constituencies[0].council if len(councils) == 1 else None
    return issue_forms.RepIssueForm(
        data,
        constituencies=Constituency.objects.filter(pk__in=[c.pk for c in constituencies])
        .select_related("council")
        .order_by("council__name", "name"),
        council=council,
    )


@role_required(*MEMBER_ROLES)
@GET_POST
def issue_create(request: HttpRequest) -> HttpResponse:
    """The questions; then "Check your answers" (``issue_check``) before it is sent."""
    constituencies = _own_constituencies(request)
    if not constituencies:
        return render(request, "council/issue_unavailable.html")
    if request.method == "POST" and request.POST.get("action") == "timeout":
        return drafts.save_and_sign_out(request, key=ISSUE_DRAFT)
    form = _issue_form(posted(request), constituencies)
    if request.method == "POST" and form.is_valid():
        drafts.draft_save(user=request.user, key=ISSUE_DRAFT, data=request.POST)
        return redirect("council:issue-check")
    if request.method == "GET":
        form.initial.update(drafts.draft_initial(user=request.user, key=ISSUE_DRAFT))
    form.helper.attrs = {"data-timeout-save": ""}
    no_reps = [c for c in constituencies if not services.representatives_exist(constituency=c)]
    return render(request, "council/issue_form.html", {"form": form, "no_reps": no_reps})


@role_required(*MEMBER_ROLES)
@GET_POST
def issue_check(request: HttpRequest) -> HttpResponse:
    """Check your answers, with a "Change" link for each; then send."""
    constituencies = _own_constituencies(request)
    draft = drafts.draft_load(user=request.user, key=ISSUE_DRAFT)
    if not constituencies or not draft:
        return redirect("council:issue-create")
    form = _issue_form(MultiValueDict(draft), constituencies)
    if not form.is_valid():
        return redirect("council:issue-create")
    if request.method == "POST":
        try:
            issue = services.rep_issue_create(actor=acting_user(request), **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
            return redirect("council:issue-create")
        drafts.draft_delete(user=request.user, key=ISSUE_DRAFT)
        messages.success(
            request,
            _("Sent. Your representatives will read it. You will be told when it moves on."),
        )
        return redirect("council:issue-detail", pk=issue.pk)
    return render(
        request,
        "council/issue_check.html",
        {
            "rows": form.summary(),
            "form_url": reverse("council:issue-create"),
            "send_url": reverse("council:issue-check"),
        },
    )


@role_required(*MEMBER_ROLES)
@require_GET
def issue_mine(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.issues_for_member(user=request.user), 25)
    return render(
        request,
        "council/issue_mine.html",
        {"page": page, "rows": [(i, selectors.issue_stage(i)) for i in page.object_list]},
    )


@role_required(Role.REPRESENTATIVE)
@require_GET
def issue_inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in RepIssue.Status.values:
        status = ""
    page = paginate(request, selectors.issues_inbox(user=request.user, status=status), 50)
    user = acting_user(request)
    return render(
        request,
        "council/issue_inbox.html",
        {
            "page": page,
            "rows": [
                (i, permissions.can_see_raiser(user, i), selectors.issue_stage(i))
                for i in page.object_list
            ],
            "status": status,
            "statuses": RepIssue.Status.choices,
            "represents": bool(permissions.rep_constituency_ids(user)),
        },
    )


@role_required(*MEMBER_ROLES)
@GET_POST
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = permissions.get_issue_for_user(user=request.user, pk=pk)
    user = acting_user(request)
    is_raiser = issue.raised_by_id == user.pk
    is_rep = permissions.can_handle_issue(user, issue)
    form = issue_forms.IssueMessageForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.rep_issue_message(
                actor=user, issue=issue, body=form.cleaned_data["body"]
            ),
            success=_("Message sent."),
            redirect_to=_issue_url(issue),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/issue_detail.html",
        {
            "issue": issue,
            "is_raiser": is_raiser,
            "is_rep": is_rep,
            "show_raiser": permissions.can_see_raiser(user, issue),
            "messages_list": selectors.issue_messages(issue=issue),
            "duplicates": [
                (d, permissions.can_see_raiser(user, d))
                for d in selectors.issue_duplicates(issue=issue)
            ]
            if is_rep
            else [],
            "trail": selectors.issue_trail(issue=issue),
            "form": form,
        },
    )


@role_required(Role.REPRESENTATIVE)
@GET_POST
def issue_merge(request: HttpRequest, pk: int) -> HttpResponse:
    issue = permissions.get_issue_for_user(user=request.user, pk=pk, action="handle")
    candidates = selectors.merge_candidates(issue=issue, user=request.user)
    form = issue_forms.IssueMergeForm(
        posted(request),
        candidates=RepIssue.objects.filter(pk__in=[c.pk for c in candidates])
        .select_related("constituency")
        .order_by("-created_at", "-pk"),
    )
    return form_page(
        request,
        form,
        lambda: services.rep_issue_merge(
            actor=acting_user(request), main=issue, duplicates=form.cleaned_data["duplicates"]
        ),
        template="council/issue_merge.html",
        context={"issue": issue, "has_candidates": bool(candidates)},
        success=lambda n: _("%(n)s issues joined to this one.") % {"n": n},
        redirect_to=_issue_url(issue),
    )


@role_required(Role.REPRESENTATIVE)
@GET_POST
def issue_raise(request: HttpRequest, pk: int) -> HttpResponse:
    issue = permissions.get_issue_for_user(user=request.user, pk=pk, action="handle")
    if issue.status != RepIssue.Status.OPEN:
        messages.info(request, _("This issue is not open, so it cannot be raised again."))
        return redirect("council:issue-detail", pk=issue.pk)
    meetings = selectors.meetings_open_for_items(council=issue.council)
    form = issue_forms.IssueRaiseForm(
        posted(request),
        meetings=meetings,
        council=issue.council,
        initial={"portfolio": issue.portfolio_id},
    )
    if request.method == "POST" and form.is_valid():
        done = run_service(
            request,
            lambda: services.rep_issue_raise(
                actor=acting_user(request), issue=issue, **form.cleaned_data
            ),
            success=_("It is on the agenda. The members who raised it have been told."),
            redirect_to=lambda item: reverse("council:agenda-item-detail", kwargs={"pk": item.pk}),
            form=form,
        )
        if done is not None:
            return done
    return render(
        request,
        "council/issue_raise.html",
        {"form": form, "issue": issue, "has_meetings": meetings.exists()},
    )


@role_required(Role.REPRESENTATIVE)
@GET_POST
def issue_close(request: HttpRequest, pk: int) -> HttpResponse:
    issue = permissions.get_issue_for_user(user=request.user, pk=pk, action="handle")
    form = issue_forms.IssueCloseForm(posted(request))
    return service_form_page(
        request,
        form=form,
        call=lambda: services.rep_issue_close(
            actor=acting_user(request), issue=issue, reason=form.cleaned_data["reason"]
        ),
        success=_("Issue closed. The member has been told why."),
        redirect_to="council:issue-inbox",
        title=_("Close this issue without raising it"),
        intro=_("For example: it was sorted out directly, or it is not for the council."),
        back_url=_issue_url(issue),
    )
