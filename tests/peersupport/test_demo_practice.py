"""The demo has the issue 7 data: shifts with gaps, a request and a match, claims; run twice."""

import pytest

from peersupport import demo
from peersupport.helpline.selectors import coverage
from peersupport.models import (
    ClaimStatus,
    ContactLog,
    ExpenseClaim,
    Match,
    MatchRequest,
    MatchStatus,
    Shift,
    ShiftPattern,
    ShiftSignUp,
)
from tests.peersupport.factories import run_on_commit

pytestmark = pytest.mark.django_db


def test_demo_has_helpline_gaps_matches_and_claims_and_is_idempotent(role_users):
    with run_on_commit():
        demo.seed(role_users)
    assert ShiftPattern.objects.count() == 2
    found = coverage(weeks=6)
    assert found.total >= 10 and found.short_shifts >= 5
    assert ShiftSignUp.objects.filter(user=role_users["mentor"]).count() == 3
    match = Match.objects.get()
    assert match.status == MatchStatus.ACTIVE and match.member == role_users["member"]
    assert ContactLog.objects.count() == 1
    assert MatchRequest.objects.filter(status="open").count() == 1
    statuses = sorted(ExpenseClaim.objects.values_list("status", flat=True))
    assert statuses == [ClaimStatus.PAID, ClaimStatus.SUBMITTED]
    counts = (
        Shift.objects.count(),
        ShiftSignUp.objects.count(),
        Match.objects.count(),
        MatchRequest.objects.count(),
        ExpenseClaim.objects.count(),
    )
    with run_on_commit():
        demo.seed(role_users)
    assert (
        Shift.objects.count(),
        ShiftSignUp.objects.count(),
        Match.objects.count(),
        MatchRequest.objects.count(),
        ExpenseClaim.objects.count(),
    ) == counts
