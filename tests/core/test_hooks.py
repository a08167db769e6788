"""The declared seams (issue 15): every app's hooks.py is found once, and declares what it
adds; no app is found by guessing a module or attribute name any more."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

from core import hooks

ROOT = Path(__file__).resolve().parents[2]
OURS = ["core", "users", "council", "consultations", "peersupport", "actionplan", "dashboards"]


def test_every_app_with_personal_data_declares_it_in_its_hooks():
    have = {name for name in OURS if (ROOT / name / "personal_data.py").exists()}
    declared = {name.split(".")[0] for name in hooks.registry.personal_data_modules}
    assert have == declared


def test_every_app_with_demo_data_declares_it_in_installed_apps_order():
    have = [
        c.label
        for c in apps.get_app_configs()
        if c.name in OURS
        and c.name != "users"
        and ((ROOT / c.name / "demo.py").exists() or (ROOT / c.name / "demo").is_dir())
    ]
    assert [d.app_label for d in hooks.demo_data()] == have


def test_action_sources_are_declared_and_reach_the_action_plan():
    from actionplan import sources

    assert set(hooks.registry.action_sources) == {
        "council.agendaitem",
        "council.decision",
        "consultations.code",
    }
    for label, source in hooks.registry.action_sources.items():
        assert sources.kind_for(label) == source.kind


def test_discovery_runs_once_and_never_lists_a_thing_twice():
    before = (len(hooks.registry.home_sections), len(hooks.registry.nav_items))
    hooks.autodiscover()
    hooks.register_home_section(hooks.registry.home_sections[0])
    hooks.register_nav_item(hooks.registry.nav_items[0])
    assert (len(hooks.registry.home_sections), len(hooks.registry.nav_items)) == before


def test_no_app_is_found_by_guessing_names():
    """The eight old conventions are gone: no ``import_module(f"{app}.x")`` and no
    ``getattr(module, name)`` lookups across apps in the portal's own code."""
    guesses = re.compile(r"import_module\(f[\"'].*\{|getattr\(\w*(module|selectors)\w*,")
    found = []
    for name in OURS:
        for path in (ROOT / name).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            for n, line in enumerate(path.read_text().splitlines(), 1):
                if guesses.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert found == []
