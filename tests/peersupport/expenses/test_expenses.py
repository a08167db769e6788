"""Travel expenses: money to the penny, the workflow, self-approval, duplicates, receipts,
the finance export and the staff lists' query counts."""

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import Notification
from peersupport import services
from peersupport.expenses.money import mileage_amount, parse_miles, parse_money, pounds
from peersupport.expenses.services import rate_on
from peersupport.models import ClaimStatus, ExpenseClaim, MileageRate
from tests.factories import make_user
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import (
    JPG,
    PDF,
    PNG,
    attended_session,
    first_shift,
    helpline_mentor,
    make_pattern,
    move_shift,
    upload,
)

pytestmark = pytest.mark.django_db


# --- Money ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("4.50", "4.50"),
        ("4.5", "4.50"),
        ("£4.50", "4.50"),
        (" £ 12 ", "12.00"),
        ("1,250.05", "1250.05"),
        ("0.01", "0.01"),
    ],
)
def test_money_is_read_into_decimal_pounds_and_pence(typed, value):
    parsed = parse_money(typed)
    assert isinstance(parsed, Decimal) and parsed == Decimal(value)
    assert str(parsed) == value


@pytest.mark.parametrize(
    "typed", ["4.505", "four", "4,50", "-3", "1e3", "", "£", "4.50p", "12,34.00", "nan", "∞"]
)
def test_money_refuses_anything_else_in_plain_english(typed):
    with pytest.raises(ValidationError, match=r"Enter an amount in pounds and pence, like 4\.50"):
        parse_money(typed)


def test_mileage_to_the_penny_with_half_up_rounding():
    assert mileage_amount(Decimal("12.5"), Decimal("45")) == Decimal("5.63")  # 5.625
    assert mileage_amount(Decimal("0.1"), Decimal("45")) == Decimal("0.05")  # 0.045
    assert mileage_amount(Decimal("33.3"), Decimal("24")) == Decimal("7.99")  # 7.992
    assert parse_miles("12.5 miles") == Decimal("12.5")
    with pytest.raises(ValidationError):
        parse_miles("12.55")
    assert pounds(Decimal("1250.5")) == "£1,250.50"


def test_rate_in_force_on_the_day_of_the_journey(staff):
    services.mileage_rate_set(
        mode="car", pence_per_mile=Decimal("50"), effective_from=date(2030, 1, 1), actor=staff
    )
    assert rate_on("car", date(2029, 12, 31)).pence_per_mile == Decimal("45.00")
    assert rate_on("car", date(2030, 1, 1)).pence_per_mile == Decimal("50.00")
    assert rate_on("bus", date(2030, 1, 1)) is None


# --- The workflow ---------------------------------------------------------------------


def _claim(mentor, thing, **overrides):
    values = {
        "source": f"session-{thing.pk}",
        "journey_from": "Loughborough",
        "journey_to": "Leicester",
        "mode": "bus",
        "amount": Decimal("4.50"),
    }
    values.update(overrides)
    return services.claim_save(claimant=mentor, **values)


def test_claim_goes_from_draft_to_paid_and_the_mentor_is_told_each_step(staff):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    claim = _claim(mentor, session, receipt=upload(PDF, "bus ticket Jo Bloggs.pdf"))
    assert claim.status == ClaimStatus.DRAFT and claim.amount == Decimal("4.50")
    assert claim.journey_date == session.local_date
    with pytest.raises(ValidationError, match="Tick the box"):
        services.claim_submit(claim=claim, actor=mentor, declaration=False)
    services.claim_submit(claim=claim, actor=mentor, declaration=True)
    approver = make_user("staff")
    services.claim_decide(claim=claim, actor=approver, approve=True)
    services.claims_mark_paid(claim_ids=[claim.pk], actor=approver, reference="BACS-2026-03-14")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID and claim.payment_reference == "BACS-2026-03-14"
    kinds = list(
        Notification.objects.filter(user=mentor, kind__startswith="peersupport_claim")
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == [
        "peersupport_claim_submitted",
        "peersupport_claim_approved",
        "peersupport_claim_paid",
    ]
    assert "£4.50" in Notification.objects.get(kind="peersupport_claim_paid").body
    with pytest.raises(ValidationError, match="already been sent"):
        services.claim_submit(claim=claim, actor=mentor, declaration=True)


def test_mileage_claim_uses_the_rate_and_miles(staff):
    mentor = active_mentor(staff)
    claim = _claim(
        mentor,
        attended_session(staff, mentor),
        mode="car",
        miles=Decimal("23.4"),
        amount=Decimal("999"),
    )
    assert claim.amount == Decimal("10.53")  # 23.4 x 45p = 10.53
    assert claim.pence_per_mile == Decimal("45.00")


def test_rejection_needs_a_reason_and_lets_them_claim_again(staff):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    claim = _claim(mentor, session)
    services.claim_submit(claim=claim, actor=mentor, declaration=True)
    with pytest.raises(ValidationError, match="Say why"):
        services.claim_decide(claim=claim, actor=staff, approve=False, reason="")
    services.claim_decide(claim=claim, actor=staff, approve=False, reason="No bus on Sundays")
    note = Notification.objects.get(user=mentor, kind="peersupport_claim_rejected")
    assert "No bus on Sundays" in note.body
    assert _claim(mentor, session).pk != claim.pk


def test_nobody_approves_or_pays_their_own_claim(staff):
    staff_mentor = active_mentor(staff, user=make_user("staff", "member"))
    claim = _claim(staff_mentor, attended_session(staff, staff_mentor))
    services.claim_submit(claim=claim, actor=staff_mentor, declaration=True)
    with pytest.raises(ValidationError, match="your own claim"):
        services.claim_decide(claim=claim, actor=staff_mentor, approve=True)
    # Even behind the service, the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.filter(pk=claim.pk).update(
            status=ClaimStatus.APPROVED, decided_by=staff_mentor
        )
    services.claim_decide(claim=claim, actor=staff, approve=True)
    with pytest.raises(ValidationError, match="your own claim"):
        services.claims_mark_paid(claim_ids=[claim.pk], actor=staff_mentor, reference="X")


def test_duplicates_refused_by_the_service_and_the_database(staff):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    first = _claim(mentor, session)
    with pytest.raises(ValidationError, match="already claimed"):
        _claim(mentor, session)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpenseClaim.objects.create(
            claimant=mentor,
            occurrence=session,
            journey_date=session.local_date,
            journey_from="a",
            journey_to="b",
            mode="bus",
            amount=Decimal("1.00"),
        )
    assert ExpenseClaim.objects.get().pk == first.pk


def test_only_sessions_attended_and_shifts_done_in_the_last_90_days(staff):
    mentor = helpline_mentor(staff)
    from tests.peersupport.factories import past_occurrences

    not_attended = past_occurrences(staff, 1, title="Missed")[0]
    with pytest.raises(ValidationError, match="attended"):
        _claim(mentor, not_attended)
    future_shift = first_shift(make_pattern(staff))
    services.shift_signup(shift=future_shift, user=mentor)
    with pytest.raises(ValidationError, match="shift you did"):
        _claim(mentor, future_shift, source=f"shift-{future_shift.pk}")
    move_shift(future_shift, timezone.now() - timedelta(days=2))
    claim = _claim(mentor, future_shift, source=f"shift-{future_shift.pk}")
    assert claim.shift == future_shift
    move_shift(future_shift, timezone.now() - timedelta(days=120))
    with pytest.raises(ValidationError, match="within 90 days"):
        _claim(mentor, future_shift, source=f"shift-{future_shift.pk}", claim=claim)
    with pytest.raises(ValidationError, match="Choose the session or shift"):
        _claim(mentor, future_shift, source="shift-abc")
    for odd in ("²", "٣", "99999999999999999999", "-1", "0"):
        with pytest.raises(ValidationError, match="Choose the session or shift"):
            _claim(mentor, future_shift, source=f"shift-{odd}")


def test_amount_limits(staff):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    with pytest.raises(ValidationError, match="more than"):
        _claim(mentor, session, amount=Decimal("0.00"))
    with pytest.raises(ValidationError, match="up to £500.00"):
        _claim(mentor, session, amount=Decimal("500.01"))
    assert _claim(mentor, session, amount=Decimal("500.00")).amount == Decimal("500.00")


# --- Receipts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 program", "ticket.png", "does not look like a PNG"),
        (b"<html><script>", "ticket.pdf", "does not look like a PDF"),
        (PNG, "ticket.exe", "PDF, JPG or PNG"),
        (PNG, "ticket.svg", "PDF, JPG or PNG"),
        (b"", "ticket.png", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024), "big.png", "smaller than 5 MB"),
    ],
)
def test_receipt_type_content_and_size_are_checked(staff, client_for, content, name, message):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    response = client_for(mentor).post(
        reverse("peersupport:claim-create"),
        {
            "source": f"session-{session.pk}",
            "journey_from": "Home",
            "journey_to": "Group",
            "mode": "bus",
            "amount": "3.20",
            "receipt": upload(content, name),
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert 'value="3.20"' in body and 'value="Home"' in body  # what was typed is kept
    assert not ExpenseClaim.objects.exists()


def test_receipts_get_random_names_and_are_served_only_to_claimant_and_approvers(
    staff, client_for, role_users
):
    mentor = role_users["mentor"]
    active_mentor(staff, user=mentor)
    claim = _claim(mentor, attended_session(staff, mentor), receipt=upload(JPG, "Jo Bloggs.jpg"))
    assert "Bloggs" not in claim.receipt.name
    assert claim.receipt.name.startswith("peersupport/receipts/")
    assert claim.receipt.name.endswith(".jpg")
    url = reverse("peersupport:claim-receipt", kwargs={"pk": claim.pk})
    for who in ("mentor", "staff", "administrator"):
        response = client_for(role_users[who]).get(url)
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content) == JPG
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "attachment" in response["Content-Disposition"]
    other_mentor = active_mentor(staff)
    assert client_for(other_mentor).get(url).status_code == 404
    for who in ("member", "representative", "senior_manager", "data_steward", "outsider"):
        assert client_for(role_users[who]).get(url).status_code in (302, 403, 404), who


def test_replacing_and_removing_a_receipt(staff):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    claim = _claim(mentor, session, receipt=upload(PNG, "a.png"))
    first = claim.receipt.name
    claim = _claim(mentor, session, claim=claim, receipt=upload(PDF, "b.pdf"))
    assert claim.receipt.name != first and claim.receipt_content_type == "application/pdf"
    claim = _claim(mentor, session, claim=claim, remove_receipt=True)
    assert not claim.receipt


# --- Staff: lists, export, paying -----------------------------------------------------


def _approved_claims(staff, count, amount="4.50"):
    made = []
    for _ in range(count):
        mentor = active_mentor(staff)
        claim = _claim(mentor, attended_session(staff, mentor), amount=Decimal(amount))
        services.claim_submit(claim=claim, actor=mentor, declaration=True)
        services.claim_decide(claim=claim, actor=staff, approve=True)
        made.append(claim)
    return made


def test_export_csv_and_xlsx_with_totals_to_the_penny(staff, client_for):
    claims = _approved_claims(staff, 2, amount="0.10")
    mentor = active_mentor(staff, display_name="=HYPERLINK(evil)")
    odd = _claim(mentor, attended_session(staff, mentor), amount=Decimal("0.20"))
    services.claim_submit(claim=odd, actor=mentor, declaration=True)
    services.claim_decide(claim=odd, actor=staff, approve=True)
    client = client_for(staff)
    response = client.get(reverse("peersupport:expenses-export"), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode("utf-8-sig")  # core.exports streams
    stamp = f"{timezone.localdate():%Y-%m-%d}"
    assert f'filename="travel-expenses-{stamp}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Claim" and rows[-1][0] == "Total"
    assert rows[-1][10] == "0.40"  # 0.1 + 0.1 + 0.2, exactly
    assert rows[-1][1] == "3 claims"
    assert any(r[1] == "'=HYPERLINK(evil)" for r in rows)
    response = client.get(reverse("peersupport:expenses-export"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[-1][0] == "Total" and Decimal(str(values[-1][10])) == Decimal("0.40")
    assert sheet.cell(row=2, column=11).number_format == '"£"#,##0.00'
    assert len(values) == len(claims) + 3
    from core.models import AuditEvent

    assert AuditEvent.objects.filter(action="peersupport.claims.export").count() == 2
    details = sorted(
        (e.detail["format"], e.detail["claims"])
        for e in AuditEvent.objects.filter(action="peersupport.claims.export")
    )
    assert details == [("csv", 3), ("xlsx", 3)]
    # A nonsense format falls back to CSV rather than failing.
    assert client.get(reverse("peersupport:expenses-export"), {"format": "pdf"}).status_code == 200


def test_mark_paid_in_bulk_once(staff, client_for):
    claims = _approved_claims(staff, 3)
    client = client_for(staff)
    response = client.post(
        reverse("peersupport:claims-mark-paid"),
        {"claims": [c.pk for c in claims[:2]], "reference": "BACS-1"},
    )
    assert response.status_code == 302
    assert ExpenseClaim.objects.filter(status=ClaimStatus.PAID).count() == 2
    paid_again = services.claims_mark_paid(
        claim_ids=[claims[0].pk], actor=make_user("staff"), reference="BACS-2"
    )
    assert paid_again == []
    assert ExpenseClaim.objects.get(pk=claims[0].pk).payment_reference == "BACS-1"
    # Bad input: no claims, no reference.
    response = client.post(reverse("peersupport:claims-mark-paid"), {"claims": ["x"]})
    assert response.status_code == 302


def test_staff_expense_page_and_my_claims_have_flat_query_counts(staff, client_for, query_count):
    mentor = active_mentor(staff)
    _claim(mentor, attended_session(staff, mentor))
    _approved_claims(staff, 1)
    waiting = _claim(mentor, attended_session(staff, mentor))
    services.claim_submit(claim=waiting, actor=mentor, declaration=True)
    staff_page = reverse("peersupport:expenses-staff")
    few = query_count(client_for(staff), staff_page)
    _approved_claims(staff, 3)
    for _ in range(2):
        m = active_mentor(staff)
        c = _claim(m, attended_session(staff, m))
        services.claim_submit(claim=c, actor=m, declaration=True)
    assert query_count(client_for(staff), staff_page) == few
    mine = reverse("peersupport:claim-list")
    few_mine = query_count(client_for(mentor), mine)
    for _ in range(3):
        _claim(mentor, attended_session(staff, mentor))
    assert query_count(client_for(mentor), mine) == few_mine


def test_claim_form_bad_input_never_fails(staff, client_for):
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    client = client_for(mentor)
    url = reverse("peersupport:claim-create")
    assert client.post(url, {}).status_code == 200
    for data in [
        {
            "source": "session-999999",
            "mode": "bus",
            "amount": "4.505",
            "journey_from": "a",
            "journey_to": "b",
        },
        {
            "source": f"session-{session.pk}",
            "mode": "car",
            "miles": "lots",
            "journey_from": "a",
            "journey_to": "b",
        },
        {"source": f"session-{session.pk}", "mode": "rocket", "amount": "1"},
        {"source": f"session-{session.pk}", "mode": "bus", "amount": "", "journey_from": "x" * 500},
    ]:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert "There is a problem" in response.content.decode()
    response = client.post(
        url,
        {
            "source": f"session-{session.pk}",
            "mode": "car",
            "miles": "lots",
            "journey_from": "a",
            "journey_to": "b",
        },
    )
    assert "Enter the miles as a number, like 12 or 12.5" in response.content.decode()
    response = client.post(
        url,
        {
            "source": f"session-{session.pk}",
            "mode": "bus",
            "amount": "4.505",
            "journey_from": "a",
            "journey_to": "b",
        },
    )
    assert "Enter an amount in pounds and pence, like 4.50" in response.content.decode()
    assert 'value="4.505"' in response.content.decode()
    assert not ExpenseClaim.objects.exists()
    assert MileageRate.objects.count() == 3


def test_a_missing_declaration_shows_in_the_error_summary_and_next_to_the_box(staff, client_for):
    """Issue 16: not only a banner; the summary links to the tick box, which has its message."""
    mentor = active_mentor(staff)
    claim = _claim(mentor, attended_session(staff, mentor))
    response = client_for(mentor).post(reverse("peersupport:claim-submit", args=[claim.pk]), {})
    assert response.status_code == 200
    page = response.content.decode()
    message = "Tick the box to confirm the journey was for peer support and the amount is right."
    summary = page.split('class="govuk-error-summary', 1)[1].split("</div>\n</div>", 1)[0]
    assert message in summary and 'href="#id_declaration"' in summary
    assert 'id="id_declaration_error"' in page or "govuk-error-message" in page
    assert page.count(message) == 2
    assert page.count("govuk-error-summary__title") == 1
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT
    # The delete button comes after the send button, apart from it.
    assert page.rindex("Send the claim") < page.index("Delete this draft")
