"""Every model's name in the admin reads as English: "Election log entries", not
"Election log entrys"; no underscores; no plural made by sticking "s" on a word that
already ends in s, x, ch or sh."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.contrib import admin

PROJECT_APPS = (
    "core",
    "users",
    "council",
    "consultations",
    "peersupport",
    "actionplan",
    "dashboards",
)

# A consonant then "ys" ("entrys"), or "s"/"x"/"ch"/"sh" then a bare "s" ("passs", "batchs").
_BAD_PLURAL = re.compile(r"([^aeiou]ys|ss?s|xs|chs|shs)$")


def _models():
    seen = {m for m in admin.site._registry}
    for label in PROJECT_APPS:
        seen.update(apps.get_app_config(label).get_models())
    return sorted(seen, key=lambda m: m._meta.label)


def _problems(model) -> list[str]:
    opts = model._meta
    single, plural = str(opts.verbose_name), str(opts.verbose_name_plural)
    problems = []
    for name in (single, plural):
        if "_" in name:
            problems.append(f"{name!r} has an underscore")
    last_word = plural.split()[-1] if plural.split() else plural
    if _BAD_PLURAL.search(last_word) and plural != single:
        problems.append(f"plural {plural!r} looks made by adding 's'")
    if plural == single + "s" and _BAD_PLURAL.search(last_word):
        problems.append(f"plural {plural!r} is the default and wrong")
    return problems


def test_the_checker_catches_what_django_gets_wrong():
    class Opts:
        verbose_name = "election log entry"
        verbose_name_plural = "election log entrys"

    class Fake:
        _meta = Opts

    assert _problems(Fake)
    Opts.verbose_name, Opts.verbose_name_plural = "coding pass", "coding passs"
    assert _problems(Fake)
    Opts.verbose_name, Opts.verbose_name_plural = "roll_entry", "roll entries"
    assert _problems(Fake)
    Opts.verbose_name, Opts.verbose_name_plural = "sign-up", "sign-ups"
    assert not _problems(Fake)
    Opts.verbose_name, Opts.verbose_name_plural = "session series", "session series"
    assert not _problems(Fake)


@pytest.mark.parametrize("model", _models(), ids=lambda m: m._meta.label)
def test_model_names_are_proper_english(model):
    assert _problems(model) == []


def test_election_log_entries_reads_right():
    from council.models import ElectionLogEntry

    assert str(ElectionLogEntry._meta.verbose_name_plural) == "election log entries"
