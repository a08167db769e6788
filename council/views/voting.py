"""Casting a vote online: the ranking form and the receipt."""

from __future__ import annotations

import hashlib
import hmac
import random
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.http import error_text, posted
from council import permissions, selectors, services
from council.forms import voting as voting_forms
from council.models import Election, Nomination
from users.models import User
from users.permissions import role_required
from users.roles import MEMBER_ROLES

S = Election.Status


def _voter_order(election: Election, user: Any, candidates: list[Nomination]) -> list[Nomination]:
    """Candidates in a random order that is different for each voter but stable for them."""
    key = hmac.new(
        settings.SECRET_KEY.encode(),
        f"ballot-order:{election.pk}:{user.pk}".encode(),
        hashlib.sha256,
    )
    ordered = list(candidates)
    random.Random(key.hexdigest()).shuffle(ordered)
    return ordered


def _cannot_vote_reason(election: Election, user: Any) -> str | None:
    status = selectors.voter_status(election=election, user=user)
    if status["voted"]:
        return _("You have voted in this election. Thank you. Each person can vote once.")
    if election.status != S.VOTING_OPEN:
        return _("Voting is not open for this election.")
    if not status["on_roll"]:
        return _(
            "You are not on the voter roll for this election. The roll is the members of "
            "%(place)s when voting opened. If you think this is wrong, ask a member of staff."
        ) % {"place": election.constituency}
    return None


@role_required(*MEMBER_ROLES)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1 (GET, or POST back from review): number the candidates. Step 2 (POST): review."""
    election = permissions.get_election_for_voter(user=request.user, pk=pk)
    reason = _cannot_vote_reason(election, request.user)
    if reason:
        return render(
            request, "council/vote_unavailable.html", {"election": election, "reason": reason}
        )
    candidates = _voter_order(
        election, request.user, list(selectors.election_candidates(election=election))
    )
    form = voting_forms.RankingForm(posted(request), candidates=candidates)
    if request.method == "POST" and "change" not in request.POST and form.is_valid():
        return render(
            request,
            "council/vote_review.html",
            {"election": election, "form": form, "ranking": form.cleaned_data["ranking"]},
        )
    return render(request, "council/vote_form.html", {"election": election, "form": form})


@role_required(*MEMBER_ROLES)
@require_POST
def vote_cast(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 3: cast. The receipt is shown in this response only and never stored."""
    election = permissions.get_election_for_voter(user=request.user, pk=pk)
    reason = _cannot_vote_reason(election, request.user)
    if reason:
        return render(
            request, "council/vote_unavailable.html", {"election": election, "reason": reason}
        )
    candidates = _voter_order(
        election, request.user, list(selectors.election_candidates(election=election))
    )
    form = voting_forms.RankingForm(request.POST, candidates=candidates)
    if not form.is_valid():
        return render(request, "council/vote_form.html", {"election": election, "form": form})
    try:
        code = services.ballot_cast(
            election_id=election.pk,
            voter=cast(User, request.user),  # signed in: role_required
            ranking=[c.pk for c in form.cleaned_data["ranking"]],
        )
    except ValidationError as exc:
        return render(
            request,
            "council/vote_unavailable.html",
            {"election": election, "reason": error_text(exc)},
        )
    return render(
        request,
        "council/vote_receipt.html",
        {"election": election, "receipt": services.receipt_code_display(code)},
    )
