"""Every notification kind is declared once (core/notification_kinds.py) and has its template."""

from pathlib import Path

from django.template.loader import get_template

from core.notification_kinds import NotificationKind

TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "notifications"


def test_every_kind_has_its_template():
    for kind in NotificationKind:
        get_template(f"notifications/{kind.value}.txt")


def test_every_template_is_a_declared_kind():
    declared = set(NotificationKind.values) | {"test"}  # test.txt: the tests' own message
    assert {path.stem for path in TEMPLATES.glob("*.txt")} <= declared
