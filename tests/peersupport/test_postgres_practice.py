"""Issue 7 on PostgreSQL: constraints the database enforces, and races with one winner."""

from datetime import time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.models import Notification
from peersupport import services
from peersupport.models import (
    ClaimStatus,
    ExpenseClaim,
    Match,
    Shift,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftSwap,
    SignUp,
    SwapStatus,
)
from tests.concurrency import race_each
from tests.factories import make_user
from tests.peersupport.factories import first_occurrence, make_series
from tests.peersupport.practice_factories import (
    attended_session,
    first_shift,
    helpline_mentor,
    make_pattern,
    match_profile,
    request_for,
    shift_in,
)
from users.models import User

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


def test_exclusion_constraint_refuses_overlapping_shifts_behind_the_service(staff):
    mentor = helpline_mentor(staff)
    a = first_shift(make_pattern(staff, title="A"))
    b = first_shift(
        make_pattern(staff, title="B", anchor_date=a.local_date, start_time=time(20, 0))
    )
    services.shift_signup(shift=a, user=mentor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ShiftSignUp.objects.create(
            shift=b,
            user=mentor,
            status=ShiftSignUpStatus.ON_ROTA,
            starts_at=b.starts_at,
            ends_at=b.ends_at,
        )
    # A row that is off the rota does not block.
    ShiftSignUp.objects.create(
        shift=b,
        user=mentor,
        status=ShiftSignUpStatus.DROPPED,
        starts_at=b.starts_at,
        ends_at=b.ends_at,
    )


def test_concurrent_signups_fill_a_shift_exactly(staff):
    mentors = [helpline_mentor(staff) for _ in range(6)]
    shift = first_shift(make_pattern(staff, mentors_needed=2))

    def sign(user_id):
        return services.shift_signup(shift=shift, user=User.objects.get(pk=user_id))

    results, errors = race_each(sign, [(m.pk,) for m in mentors])
    assert len(results) == 2 and len(errors) == 4
    assert all(isinstance(e, ValidationError) for e in errors)
    assert ShiftSignUp.objects.filter(shift=shift, status="on_rota").count() == 2


def test_concurrent_shift_and_session_for_one_person_one_wins(staff):
    mentor = helpline_mentor(staff)
    shift = first_shift(make_pattern(staff))
    session = first_occurrence(
        make_series(staff, anchor_date=shift.local_date, start_time=time(19, 0))
    )

    def take(kind):
        if kind == "shift":
            return services.shift_signup(shift=shift, user=User.objects.get(pk=mentor.pk))
        return services.signup_create(occurrence=session, user=User.objects.get(pk=mentor.pk))

    for _ in range(3):
        ShiftSignUp.objects.filter(user=mentor).delete()
        SignUp.objects.filter(user=mentor).delete()
        results, errors = race_each(take, [("shift",), ("session",)])
        assert len(results) == 1 and len(errors) == 1
        held = (
            ShiftSignUp.objects.filter(user=mentor, status="on_rota").count()
            + SignUp.objects.filter(user=mentor, status__in=("confirmed", "waiting")).count()
        )
        assert held == 1


def test_concurrent_swap_takers_one_wins(staff):
    offerer = helpline_mentor(staff)
    takers = [helpline_mentor(staff) for _ in range(5)]
    shift = shift_in(staff, 30)
    swap = services.swap_offer(
        signup=services.shift_signup(shift=shift, user=offerer), actor=offerer
    )

    def take(user_id):
        return services.swap_accept(
            swap=ShiftSwap.objects.get(pk=swap.pk), user=User.objects.get(pk=user_id)
        )

    results, errors = race_each(take, [(t.pk,) for t in takers])
    assert len(results) == 1 and len(errors) == 4
    assert ShiftSwap.objects.get(pk=swap.pk).status == SwapStatus.TAKEN
    assert ShiftSignUp.objects.filter(shift=shift, status="on_rota").count() == 1
    assert Notification.objects.filter(kind="peersupport_swap_taken").count() == 1


def test_two_overlapping_gap_job_runs_warn_once(staff):
    shift_in(staff, 20, coordinator=staff)
    shift_in(staff, 30, coordinator=staff, title="Another")
    results, errors = race_each(lambda: services.shift_gaps_warn(), [(), (), ()])
    assert not errors and sum(results) == 2
    assert Notification.objects.filter(kind="peersupport_shift_gaps").count() == 1
    assert Shift.objects.filter(gap_warned_on=timezone.localdate()).count() == 2


def test_concurrent_matches_cannot_overfill_a_mentor(staff):
    mentor = helpline_mentor(staff)
    match_profile(mentor, staff, capacity=1)
    requests = [request_for(make_user("member")) for _ in range(4)]

    def match(request_id):
        from peersupport.models import MatchRequest

        return services.match_create(
            request=MatchRequest.objects.get(pk=request_id),
            mentor=User.objects.get(pk=mentor.pk),
            actor=User.objects.get(pk=staff.pk),
        )

    results, errors = race_each(match, [(r.pk,) for r in requests])
    assert len(results) == 1 and len(errors) == 3
    assert Match.objects.filter(mentor=mentor).count() == 1


def test_concurrent_approvals_decide_once(staff):
    mentor = helpline_mentor(staff)
    claim = services.claim_save(
        claimant=mentor,
        source=f"session-{attended_session(staff, mentor).pk}",
        journey_from="a",
        journey_to="b",
        mode="bus",
        amount=Decimal("3.10"),
    )
    services.claim_submit(claim=claim, actor=mentor, declaration=True)
    approvers = [make_user("staff") for _ in range(4)]

    def decide(user_id):
        return services.claim_decide(
            claim=ExpenseClaim.objects.get(pk=claim.pk),
            actor=User.objects.get(pk=user_id),
            approve=True,
        )

    results, errors = race_each(decide, [(a.pk,) for a in approvers])
    assert len(results) == 1 and len(errors) == 3
    assert ExpenseClaim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED
    assert Notification.objects.filter(kind="peersupport_claim_approved").count() == 1


def test_partial_unique_and_check_constraints_hold_in_the_database(staff):
    mentor = helpline_mentor(staff)
    session = attended_session(staff, mentor)
    base = {
        "claimant": mentor,
        "occurrence": session,
        "journey_date": session.local_date,
        "journey_from": "a",
        "journey_to": "b",
        "mode": "bus",
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.create(**base, amount=Decimal("-1.00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.create(**base, amount=Decimal("1.00"), status="submitted")
    ExpenseClaim.objects.create(
        **base, amount=Decimal("1.00"), status="rejected", declared_at=timezone.now()
    )
    ExpenseClaim.objects.create(**base, amount=Decimal("1.00"))  # a rejected one frees it
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.create(**base, amount=Decimal("1.00"))
