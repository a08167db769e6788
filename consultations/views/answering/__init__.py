"""Answering views: members, open links, the staff preview, my answers and withdrawal.

The question pages, "Check your answers" and drafts are in ``steps`` (with ``flow``, who is
answering, and ``pages``, the state in the form and drawing the pages).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from consultations import permissions, selectors, services
from consultations.forms.answering import WithdrawalForm
from consultations.permissions import RESPONDENTS
from consultations.views.answering.flow import member_flow, open_flow, preview_flow
from consultations.views.answering.steps import answer, start
from core.http import acting_user
from core.ratelimit import rate_limited
from users.permissions import role_required

# --- Members --------------------------------------------------------------------------


@role_required(*RESPONDENTS)
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/consultation_list.html",
        {"items": selectors.open_consultations_for_member(request.user)},
    )


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def consultation_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_respondent(user=request.user, pk=pk)
    if selectors.has_answered(request.user, consultation):
        return render(request, "consultations/answer_already.html", {"consultation": consultation})
    if consultation.is_anonymous and not selectors.anonymous_place_ready(
        request.user, consultation
    ):
        return render(
            request,
            "consultations/answer_problem.html",
            {"consultation": consultation, "message": str(services.NotReady())},
        )
    return start(request, member_flow(consultation))


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def consultation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_respondent(user=request.user, pk=pk)
    return answer(request, member_flow(consultation))


# --- Open links (no sign-in) -----------------------------------------------------------


@require_http_methods(["GET", "POST"])
def open_start(request: HttpRequest, token: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_open_link(token=token)
    return start(request, open_flow(consultation))


@require_http_methods(["GET", "POST"])
def open_answer(request: HttpRequest, token: str) -> HttpResponse:
    consultation = permissions.get_consultation_for_open_link(token=token)
    return answer(request, open_flow(consultation))


# --- Staff preview --------------------------------------------------------------------


@role_required(*permissions.MANAGERS)
@require_http_methods(["GET", "POST"])
def preview_start(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    return start(request, preview_flow(consultation))


@role_required(*permissions.MANAGERS)
@require_http_methods(["GET", "POST"])
def preview_answer(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_staff(user=request.user, pk=pk)
    return answer(request, preview_flow(consultation))


# --- My answers and withdrawal ----------------------------------------------------------


@role_required(*RESPONDENTS)
def my_answers(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "consultations/submission_mine.html",
        {
            "own": selectors.own_answers(request.user),
            "anonymous": selectors.anonymous_answered_open(request.user),
        },
    )


@role_required(*RESPONDENTS)
@require_http_methods(["GET", "POST"])
def my_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = permissions.get_consultation_for_member_history(user=request.user, pk=pk)
    submission = services.own_submission(consultation=consultation, user=request.user)
    if request.method == "POST" and submission is not None:
        services.submission_withdraw_own(consultation=consultation, actor=acting_user(request))
        messages.success(
            request,
            _("Your answers to ‘%(title)s’ are deleted.") % {"title": consultation.title},
        )
        return redirect("consultations:my-answers")
    return render(
        request,
        "consultations/submission_withdraw_mine.html",
        {"consultation": consultation, "submission": submission},
    )


@require_http_methods(["GET", "POST"])
def withdraw_by_code(request: HttpRequest) -> HttpResponse:
    form = WithdrawalForm(request.POST or None)
    if request.method == "POST":
        if rate_limited(request, "consultation-withdraw", limit=10, period=300):
            form.is_valid()
            form.add_error(None, _("Too many tries. Wait five minutes and try again."))
        elif form.is_valid():
            actor = request.user if request.user.is_authenticated else None
            consultation = services.submission_withdraw_by_code(
                code=form.cleaned_data["code"], actor=actor
            )
            if consultation is not None:
                return render(
                    request,
                    "consultations/submission_withdrawn.html",
                    {"consultation": consultation},
                )
            form.add_error(
                "code",
                _("We cannot find answers with that code. Check it and try again."),
            )
    return render(request, "consultations/submission_withdraw.html", {"form": form})
