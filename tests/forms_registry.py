"""Every form class in the project, and how to build one, for tests that must cover them all.

``all_form_classes()`` imports every module of the project's apps that mentions ``forms`` and
returns each ``django.forms.BaseForm`` subclass defined there, so a new form is covered without
anyone adding it to a list. ``form_kwargs(form_class, world)`` gives the keyword arguments its
``__init__`` requires (a council, a meeting, a list of questions...), made on demand by
``World`` and only once per test.

Used by tests/test_form_examples.py (Hypothesis examples of every form); meant to be shared with
the label-escaping test (tests/core/test_form_escaping.py).
"""

from __future__ import annotations

import importlib
import inspect
from functools import cached_property
from pathlib import Path
from typing import Any

from django import forms
from django.apps import apps
from django.conf import settings

# Base classes with no fields of their own, which no view builds as they are.
ABSTRACT = {
    "core.forms.PortalForm",
    "core.forms.PortalModelForm",
    # The shared "how often" fields of a session series and a helpline shift pattern: each
    # is built through its subclasses (peersupport/recurrence_forms.py).
    "peersupport.recurrence_forms._PatternForm",
    "peersupport.recurrence_forms.PatternCreateForm",
    "peersupport.recurrence_forms.PatternEditForm",
}


def _project_modules() -> list[str]:
    root = Path(settings.BASE_DIR).resolve()
    names: set[str] = set()
    for app in apps.get_app_configs():
        path = Path(app.path).resolve()
        if root not in path.parents or ".venv" in path.parts:
            continue
        for file in path.rglob("*.py"):
            parts = file.relative_to(root).with_suffix("").parts
            if "migrations" in parts or "tests" in parts or "management" in parts:
                continue
            if "forms" in file.read_text(encoding="utf-8"):
                names.add(".".join(parts))
    return sorted(names)


def all_form_classes() -> list[type[forms.BaseForm]]:
    """Every form class defined in the project's own code, sorted by dotted name."""
    found: dict[str, type[forms.BaseForm]] = {}
    for name in _project_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == name
            ):
                found[dotted(value)] = value
    return [found[key] for key in sorted(found) if key not in ABSTRACT]


def dotted(form_class: type) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def required_kwargs(form_class: type[forms.BaseForm]) -> list[str]:
    signature = inspect.signature(form_class.__init__)
    return [
        p.name
        for p in signature.parameters.values()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    ]


class World:
    """The objects forms are built with, made when first asked for (one set per test)."""

    @cached_property
    def staff(self):
        from tests.factories import make_user

        return make_user("staff")

    @cached_property
    def returning_officer(self):
        from tests.factories import make_user

        return make_user("returning_officer")

    @cached_property
    def constituency(self):
        from tests.council.factories import ConstituencyFactory

        return ConstituencyFactory()

    @cached_property
    def council(self):
        return self.constituency.council

    @cached_property
    def meeting(self):
        from tests.council.factories import meeting_for

        return meeting_for(self.council, self.staff)

    @cached_property
    def nominations(self):
        from tests.council.factories import voting_election

        _election, noms, _voters = voting_election(
            self.returning_officer, candidates=3, voters=1, constituency=self.constituency
        )
        return noms

    @cached_property
    def consultation(self):
        from tests.consultations.factories import make_consultation

        return make_consultation(self.staff)

    @cached_property
    def questions(self):
        from tests.consultations.factories import questions_of

        return questions_of(self.consultation)

    @cached_property
    def shift(self):
        from tests.peersupport.practice_factories import first_shift, make_pattern

        return first_shift(make_pattern(self.staff))

    @cached_property
    def codebook(self):
        from tests.consultations.coding_factories import make_codebook

        return make_codebook(self.staff)


def _value(name: str, form_class: type, world: World) -> Any:
    from consultations.coding.models import Codebook
    from council.models import AgendaItem, Constituency, Meeting, MeetingAttendee, RepIssue

    simple = {
        "council": lambda: world.council,
        "consultation": lambda: world.consultation,
        "questions": lambda: world.questions,
        "meeting": lambda: world.meeting,
        "codebook": lambda: world.codebook,
        "source": lambda: world.codebook.codes.first(),
        "codebooks": lambda: Codebook.objects.all(),
        "word_limit": lambda: 100,
        "attendees": lambda: list(MeetingAttendee.objects.filter(meeting=world.meeting)),
        "items": lambda: list(AgendaItem.objects.filter(meeting=world.meeting)),
        "constituencies": lambda: Constituency.objects.all(),
        "meetings": lambda: Meeting.objects.all(),
        "shift": lambda: world.shift,
    }
    if name == "candidates":
        # RankingForm ranks nominations; IssueMergeForm picks duplicates among issues.
        if form_class.__name__ == "RankingForm":
            return world.nominations
        return RepIssue.objects.all()
    if name not in simple:
        raise LookupError(
            f"{dotted(form_class)} needs {name}=...: teach tests/forms_registry.py to make one"
        )
    return simple[name]()


def form_kwargs(form_class: type[forms.BaseForm], world: World) -> dict[str, Any]:
    """The keyword arguments ``form_class`` cannot be built without."""
    return {name: _value(name, form_class, world) for name in required_kwargs(form_class)}
