"""Phone numbers (issue 14 item 5): checked, stored as E.164, texted only if mobile."""

import importlib

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from core import phone, sms
from core.services import notify
from users.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


@pytest.mark.parametrize(
    "typed",
    ["07700 900123", "+44 7700 900123", "(0)7700-900123", "+44 (0)7700 900 123", "07700900123"],
)
def test_uk_mobiles_typed_any_usual_way_are_stored_as_e164(typed):
    assert phone.normalise_phone(typed) == "+447700900123"
    assert phone.can_take_texts("+447700900123")


@pytest.mark.parametrize(
    "typed",
    [
        "+²²²²²²²²²²²",  # superscript digits: "²".isdigit() is True
        "٠٧٧٠٠٩٠٠١٢٣",  # Arabic-Indic digits, which phonenumbers would quietly read
        "０７７００ ９００１２３",  # full-width digits
        "not a number",
        "0771",
        "077009001234567",
        "07700 900123 ext 4",
        "+44 7700 900123\x00",
        "1" * 40,
    ],
)
def test_junk_and_unicode_digits_are_refused_in_plain_english(typed):
    with pytest.raises(ValidationError) as caught:
        phone.normalise_phone(typed)
    assert caught.value.messages == [
        "Enter a UK mobile number, like 07700 900 123, or a number with its country code"
    ]


def test_landlines_and_foreign_numbers():
    assert phone.normalise_phone("020 7946 0000") == "+442079460000"
    assert not phone.can_take_texts("+442079460000")  # a London landline
    assert phone.normalise_phone("+1 202 555 0123") == "+12025550123"
    assert phone.normalise_phone("+33 6 12 34 56 78") == "+33612345678"
    assert phone.can_take_texts("+33612345678")  # a French mobile
    assert not phone.can_take_texts("07700900123")  # not stored as E.164: never texted
    assert not phone.can_take_texts("+²²²²²²²²²²²")


def test_my_account_stores_e164_and_refuses_unicode_digits(client_for, member):
    client = client_for(member)
    response = client.post(
        "/account/", {"display_name": "Mo", "phone": "+²²²²²²²²²²²", "messages_by": "sms"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a UK mobile number, like 07700 900 123" in page
    assert "+²²²²²²²²²²²" in page  # what was typed stays in the box
    member.refresh_from_db()
    assert member.phone == ""
    response = client.post(
        "/account/", {"display_name": "Mo", "phone": "(0)7700-900123", "messages_by": "sms"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "+447700900123"


@pytest.mark.parametrize("messages_by", ["sms", "both"])
def test_a_landline_cannot_be_chosen_for_texts(client_for, member, messages_by):
    response = client_for(member).post(
        "/account/", {"display_name": "Mo", "phone": "020 7946 0000", "messages_by": messages_by}
    )
    assert response.status_code == 200
    assert "This number cannot get text messages" in response.content.decode()
    member.refresh_from_db()
    assert member.phone == ""


def test_a_landline_may_be_kept_when_messages_go_by_email(client_for, member):
    response = client_for(member).post(
        "/account/", {"display_name": "Mo", "phone": "020 7946 0000", "messages_by": "email"}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.phone == "+442079460000" and not member.sends_sms


def test_the_sms_backend_gets_e164_and_a_bad_stored_number_gets_nothing(
    member, django_capture_on_commit_callbacks
):
    member.email = "mo@example.org"
    member.messages_by = User.MessagesBy.BOTH
    member.phone = "+²²²²²²²²²²²"  # as the old form saved it
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user=member, kind="test")
    assert sms.outbox == [] and note.sms_status == "none"
    assert len(mail.outbox) == 1
    member.phone = "+447700900123"
    member.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=member, kind="test")
    assert [m["to"] for m in sms.outbox] == ["+447700900123"]


def test_the_model_refuses_a_number_not_stored_as_e164(member):
    member.phone = "07700 900123"
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "phone" in caught.value.message_dict
    member.phone = "+447700900123"
    member.full_clean()


def test_migration_normalises_numbers_that_parse_and_keeps_the_rest(member, mentor, staff):
    User.objects.filter(pk=member.pk).update(phone="07700 900123")
    User.objects.filter(pk=mentor.pk).update(phone="+²²²²²²²²²²²")
    User.objects.filter(pk=staff.pk).update(phone="020 7946 0000")
    migration = importlib.import_module("users.migrations.0006_phone_e164")
    from django.apps import apps

    migration.normalise_numbers(apps, None)
    phones = dict(User.objects.values_list("pk", "phone"))
    assert phones[member.pk] == "+447700900123"
    assert phones[mentor.pk] == "+²²²²²²²²²²²"  # kept as typed, never texted
    assert phones[staff.pk] == "+442079460000"


def test_my_account_warns_about_a_stored_number_we_cannot_text(client_for, member):
    warning = "We cannot send text messages to the mobile number we have for you"
    User.objects.filter(pk=member.pk).update(phone="+²²²²²²²²²²²", messages_by="sms")
    page = client_for(member).get("/account/").content.decode()
    assert warning in page and "+²²²²²²²²²²²" in page
    User.objects.filter(pk=member.pk).update(phone="+447700900123")
    assert warning not in client_for(member).get("/account/").content.decode()
