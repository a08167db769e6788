"""The peer-support staff home page: what needs doing across every feature."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.http import AuthedRequest
from peersupport import selectors
from peersupport.models import MentorStatus
from users.permissions import role_required
from users.roles import Role

PEER_STAFF = Role.STAFF


@role_required(PEER_STAFF)
@require_GET
def staff_home(request: AuthedRequest) -> HttpResponse:
    from peersupport.matching.selectors import concern_summary

    context = {
        "counts": selectors.mentor_counts(),
        "statuses": MentorStatus.choices,
        "reviews": list(selectors.reviews_due()[:50]),
        "upcoming": list(selectors.occurrences_upcoming(weeks=1)[:50]),
        "concerns": concern_summary(),
    }
    return render(request, "peersupport/staff_home.html", context)
