"""Download my data: every model that points at a person is registered or exempted."""

import json

import pytest
from django.apps import apps
from django.conf import settings

from core.personal_data import registry
from core.services import audit_record, notify

pytestmark = pytest.mark.django_db


def _user_model():
    return apps.get_model(settings.AUTH_USER_MODEL)


def test_every_model_linked_to_a_user_is_in_the_registry():
    user_model = _user_model()
    missing = []
    for model in apps.get_models():
        links = [
            f.name
            for f in model._meta.get_fields()
            if f.is_relation and f.concrete and f.related_model is user_model
        ]
        if (links or model is user_model) and not registry.is_covered(model):
            missing.append(f"{model._meta.label} ({', '.join(links) or 'the user model'})")
    assert not missing, (
        "Register these in <app>/personal_data.py (or exempt them with a reason): "
        + "; ".join(missing)
    )


def test_the_registry_check_would_catch_an_unregistered_model():
    from users.models import InviteSlip

    label = InviteSlip._meta.label_lower
    saved = registry.entries.pop(label)
    try:
        assert not registry.is_covered(InviteSlip)
    finally:
        registry.entries[label] = saved


def test_download_my_data_has_my_records_and_no_secrets(client_for, member, staff):
    notify(user=member, kind="test")
    audit_record(actor=member, action="thing.done")
    audit_record(actor=staff, action="not.mine")
    response = client_for(member).get("/account/my-data/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="my-data.json"'
    data = json.loads(response.content)["data"]
    assert data["users.user"]["records"][0]["username"] == member.username
    assert "password" not in data["users.user"]["records"][0]
    assert [r["subject"] for r in data["core.notification"]["records"]] == ["A test message"]
    actions = [r["action"] for r in data["core.auditevent"]["records"]]
    assert "thing.done" in actions and "not.mine" not in actions
