import pytest


@pytest.fixture
def reference_data(transactional_db):
    """Put back what data migrations made: roles, qualifications, certificate rules, and the
    matching lists and mileage rates.

    A transactional test empties every table when it ends, so the next one starts without
    them. Idempotent. (Like tests/browser_support.py's ``role_groups``, plus this app's own
    reference data; serialized_rollback is avoided for the reason given there.)
    """
    from importlib import import_module

    from django.apps import apps
    from django.contrib.auth.models import Group

    from users.roles import Role

    for role in Role:
        Group.objects.get_or_create(name=role.value)
    import_module("peersupport.migrations.0003_default_rules").forwards(apps, None)
    import_module("peersupport.migrations.0006_matching_and_mileage_data").forwards(apps, None)
