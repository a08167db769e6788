"""Audit actions are declared once (core/audit_actions.py) and named ``app.object.verb``."""

import ast
import importlib
import re
from pathlib import Path

from core.audit_actions import AuditAction

RENAMED = importlib.import_module("core.migrations.0005_audit_action_codes").RENAMES

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "users", "council", "consultations", "peersupport", "actionplan", "dashboards")
CODE = re.compile(r"[a-z]+\.[a-z_]+\.[a-z_]+")
# The helpers that hand an action on to audit_record (the code was checked at the caller).
PASS_THROUGH = {"core/services.py", "core/exports.py", "actionplan/services/plans.py"}
AUDITING = {
    "audit_record",
    "audit_export",
    "csv_download",
    "xlsx_download",
    "_audit",
    "_save_audited",
}


def test_every_declared_action_is_app_object_verb():
    apps = set(APPS)
    for action in AuditAction:
        assert CODE.fullmatch(action.value), action.value
        assert action.value.split(".")[0] in apps, action.value


def test_renamed_codes_all_land_on_a_declared_action():
    declared = set(AuditAction.values)
    for old, new in RENAMED.items():
        assert new in declared, old
        assert old not in declared, old


def _recorded_actions():
    """Every ``action=``/``audit_action=`` handed to an auditing call, with where it is."""
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            rel = path.relative_to(ROOT).as_posix()
            for node in ast.walk(ast.parse(path.read_text(), filename=rel)):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if name not in AUDITING:
                    continue
                for keyword in node.keywords:
                    if keyword.arg in ("action", "audit_action"):
                        yield rel, node.lineno, keyword.value


def _values(expr):
    if isinstance(expr, ast.IfExp):
        return _values(expr.body) + _values(expr.orelse)
    return [expr]


def test_every_action_recorded_is_a_declared_constant():
    found = 0
    problems = []
    for rel, line, expr in _recorded_actions():
        for value in _values(expr):
            found += 1
            if (
                isinstance(value, ast.Attribute)
                and isinstance(value.value, ast.Name)
                and value.value.id == "AuditAction"
            ):
                if not hasattr(AuditAction, value.attr):
                    problems.append(f"{rel}:{line} AuditAction.{value.attr} is not declared")
            elif isinstance(value, ast.Name) and rel in PASS_THROUGH:
                continue
            else:
                problems.append(f"{rel}:{line} use an AuditAction, not {ast.unparse(value)}")
    assert found > 100  # the scan found the calls
    assert not problems, "\n".join(problems)


def test_every_declared_action_is_recorded_somewhere():
    used = {
        value.attr
        for _rel, _line, expr in _recorded_actions()
        for value in _values(expr)
        if isinstance(value, ast.Attribute)
    }
    assert set(AuditAction.names) - used == set()
