"""Action-plan access beyond the permission matrix (tests/test_permission_matrix.py runs
this app's rows with ``-k actionplan``): a champion sees only their own actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.actionplan import access

pytestmark = pytest.mark.django_db


def test_a_champion_sees_only_their_own_actions(client_for, role_users):
    from tests.actionplan.factories import create_action

    objects = access.objects(role_users)
    other = create_action(by=role_users["staff"], champion=role_users["mentor"])
    rep = client_for(role_users["representative"])
    assert (
        rep.get(reverse("actionplan:action-detail", args=[objects["ap_action"].pk])).status_code
        == 200
    )
    assert rep.get(reverse("actionplan:action-detail", args=[other.pk])).status_code == 404
    assert rep.get(reverse("actionplan:update-create", args=[other.pk])).status_code == 404
    # A champion may see their action but not change its details.
    assert (
        rep.get(reverse("actionplan:action-edit", args=[objects["ap_action"].pk])).status_code
        == 403
    )
