"""Champions and owners: the actions that are theirs, and the name the board shows."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from actionplan import forms, permissions, selectors, services
from actionplan.permissions import CHAMPION_ROLES, MANAGER_ROLES
from actionplan.views._common import GET_POST, RAG_RULE
from core.http import MAX_PAGE, acting_user, int_param
from users.permissions import role_required

MY_ACTIONS_PAGE = 50


@role_required(*CHAMPION_ROLES, *MANAGER_ROLES)
@require_GET
def my_actions(request: HttpRequest) -> HttpResponse:
    # 50 a page, with "next" worked out by reading one more row (no COUNT over every action).
    try:
        number = int_param(request.GET.get("page"), max_value=MAX_PAGE) or 1
    except ValueError:
        number = 1
    start = (number - 1) * MY_ACTIONS_PAGE
    rows = list(
        selectors.my_actions(user=acting_user(request))[start : start + MY_ACTIONS_PAGE + 1]
    )
    return render(
        request,
        "actionplan/action_mine.html",
        {
            "actions": rows[:MY_ACTIONS_PAGE],
            "page_number": number,
            "has_next": len(rows) > MY_ACTIONS_PAGE,
            "is_champion": permissions.is_champion_role(acting_user(request)),
            "rag_rule": RAG_RULE,
        },
    )


@role_required(*CHAMPION_ROLES)
@GET_POST
def champion_name(request: HttpRequest) -> HttpResponse:
    profile = getattr(request.user, "actionplan_champion_profile", None)
    form = forms.ChampionNameForm(
        request.POST or None, initial={"public_name": profile.public_name if profile else ""}
    )
    if request.method == "POST" and form.is_valid():
        services.champion_name_set(user=acting_user(request), **form.cleaned_data)
        if form.cleaned_data["public_name"].strip():
            messages.success(request, _("The board will show your name as you typed it."))
        else:
            messages.success(request, _("The board will not show your name."))
        return redirect("actionplan:my-actions")
    return render(request, "actionplan/championprofile_form.html", {"form": form})
