"""Labels, legends, hints, help text and choice labels are text, escaped, on every form.

Issue 14, item 1: the GOV.UK form templates printed labels with ``|safe``, so a mentor's
display name (a radio label on the session attendance form) or a consultation question's
text reached staff and members as markup. These tests

- find every form class in the portal's apps by walking their modules (a new form is covered
  without anyone remembering to add it), build each one, put markup in every field's label,
  help text and choice labels, draw it the two ways the pages do (``{% crispy form %}`` and
  ``{{ form|crispy }}``) and check that the markup comes out as text;
- draw the consultation answering page through its view with a question whose text, help
  text and answers hold markup;
- keep the few ``|safe`` and ``mark_safe`` that remain on a short, reviewed list.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.template.loader import get_template
from django.urls import reverse

from tests import forms_registry
from tests.factories import make_user

PORTAL_APPS = (
    "core",
    "users",
    "council",
    "consultations",
    "peersupport",
    "actionplan",
    "dashboards",
)

# One string with every trick: a script, an attribute handler, breaking out of an attribute.
PAYLOAD = '<script>x</script><b onmouseover=1>"><img src=x>'
RAW = ("<script>", "<b onmouseover", "<img src=x")
ESCAPED = "&lt;script&gt;x&lt;/script&gt;&lt;b onmouseover=1&gt;"


# --- Finding the forms ------------------------------------------------------------------


def _portal_modules() -> list[str]:
    names: list[str] = []
    for app in PORTAL_APPS:
        package = importlib.import_module(app)
        names.append(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if re.search(r"\.(migrations|management|tests?)(\.|$)", info.name):
                continue
            names.append(info.name)
    return names


def _all_subclasses(cls: type) -> set[type]:
    found: set[type] = set()
    for sub in cls.__subclasses__():
        found.add(sub)
        found |= _all_subclasses(sub)
    return found


def portal_forms() -> list[type[forms.BaseForm]]:
    for name in _portal_modules():
        importlib.import_module(name)
    found = [
        cls
        for cls in _all_subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PORTAL_APPS
    ]
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


# Bases that are never drawn themselves (a ModelForm without a model cannot be built).
ABSTRACT = forms_registry.ABSTRACT  # base classes no view builds as they are
# Forms with no fields on purpose: only the CSRF token and a button.
NO_FIELDS = {"council.forms.elections.ConfirmForm"}


# --- Building them ----------------------------------------------------------------------
# What a form needs to be built. Keys are "ClassName.argument" or just "argument"; values
# make the argument. Where a form builds fields from people's words (a mentor's name, a
# candidate's ballot name, an agenda item's title), the stand-in carries the payload, so the
# form's own code path is tried too. A form that gains a required argument, or builds its
# fields from an argument and shows none without it, fails test_every_form_is_built until an
# entry is added here.


class _User:
    def __init__(self, name: str) -> None:
        self.display_name, self.username = name, "someone"

    def __str__(self) -> str:
        return self.display_name


def _council():
    from tests.council.factories import CouncilFactory

    return CouncilFactory()


def _consultation():
    from consultations.models import Question
    from tests.consultations.factories import make_consultation

    staff = make_user("staff")
    return make_consultation(
        staff,
        status="draft",
        questions=[
            {"kind": Question.Kind.SHORT_TEXT, "text": PAYLOAD, "help_text": PAYLOAD},
            {
                "kind": Question.Kind.SINGLE_CHOICE,
                "text": PAYLOAD,
                "help_text": PAYLOAD,
                "choices": [PAYLOAD, "Plain"],
            },
            {
                "kind": Question.Kind.MULTIPLE_CHOICE,
                "text": PAYLOAD,
                "choices": ["Plain", PAYLOAD],
            },
        ],
    )


def _questions():
    from tests.consultations.factories import questions_of

    return questions_of(_consultation())


def _meeting():
    from tests.council.factories import meeting_for

    return meeting_for(_council(), make_user("staff"))


def _code():
    from tests.consultations.coding_factories import make_codebook

    return make_codebook(make_user("staff")).codes.first()


def _none(model_path: str) -> Callable[[], Any]:
    def make():
        module, name = model_path.rsplit(".", 1)
        return getattr(importlib.import_module(module), name).objects.none()

    return make


FORM_ARGUMENTS: dict[str, Callable[[], Any]] = {
    "council": _council,
    "consultation": _consultation,
    "questions": _questions,
    "meeting": _meeting,
    "word_limit": lambda: 250,
    # The consent statement staff wrote is the consent checkbox's label.
    "ConsentForm.statement": lambda: PAYLOAD,
    "codebook": lambda: _code().codebook,
    "source": _code,
    "codebooks": _none("consultations.coding.models.Codebook"),
    "constituencies": _none("council.models.Constituency"),
    "meetings": _none("council.models.Meeting"),
    "IssueMergeForm.candidates": _none("council.models.RepIssue"),
    "RankingForm.candidates": lambda: [SimpleNamespace(pk=1, ballot_name=PAYLOAD)],
    "AttendanceForm.attendees": lambda: [
        SimpleNamespace(pk=1, user=_User(PAYLOAD), attendance="expected")
    ],
    "MinutesForm.items": lambda: [SimpleNamespace(pk=1, title=PAYLOAD, minute_note="")],
    # peersupport.sessions.forms.AttendanceForm: the mentor's name is the radio group's label.
    "AttendanceForm.signups": lambda: [SimpleNamespace(pk=1, user=_User(PAYLOAD), attendance="")],
    # peersupport.helpline.forms.CallForm: the shift a call was on (only read when cleaning).
    "shift": lambda: SimpleNamespace(pk=1, title=PAYLOAD),
}


def _arguments(cls: type) -> dict[str, inspect.Parameter]:
    """The keyword arguments the form's own __init__ (or its portal bases') take."""
    found: dict[str, inspect.Parameter] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.split(".")[0] not in PORTAL_APPS or "__init__" not in vars(klass):
            continue
        for name, param in inspect.signature(klass.__init__).parameters.items():
            if name != "self" and param.kind in (param.KEYWORD_ONLY, param.POSITIONAL_OR_KEYWORD):
                found[name] = param
    return found


def build(cls: type[forms.BaseForm]) -> forms.BaseForm:
    kwargs: dict[str, Any] = {}
    for name, param in _arguments(cls).items():
        maker = FORM_ARGUMENTS.get(f"{cls.__name__}.{name}") or FORM_ARGUMENTS.get(name)
        if maker is not None:
            kwargs[name] = maker()
        elif param.default is inspect.Parameter.empty:
            pytest.fail(
                f"{_name(cls)} needs the argument {name!r}: add a maker for it to "
                "FORM_ARGUMENTS in tests/core/test_form_escaping.py."
            )
    try:
        return cls(**kwargs)
    except Exception as exc:  # noqa: BLE001 - say which form and how to fix it
        pytest.fail(
            f"{_name(cls)} could not be built with {sorted(kwargs)}: {exc!r}. "
            "Add what it needs to FORM_ARGUMENTS in tests/core/test_form_escaping.py."
        )


def _has_choices(field: forms.Field) -> bool:
    return isinstance(field, forms.ChoiceField) or hasattr(field, "choices")


def poison(form: forms.BaseForm) -> dict[str, bool]:
    """Put the payload in every field's label, help text and choice labels."""
    seen = {"label": False, "help": False, "choice": False}
    for field in form.fields.values():
        field.label = f"Label {PAYLOAD}"
        field.help_text = f"Hint {PAYLOAD}"
        if field.widget.is_hidden:
            continue
        seen["label"] = seen["help"] = True
        if _has_choices(field):
            field.choices = [("a", f"Choice {PAYLOAD}"), ("b", "Plain")]
            seen["choice"] = True
    return seen


def draw(form: forms.BaseForm, how: str) -> str:
    tag = "{% crispy form %}" if how == "crispy tag" else "{{ form|crispy }}"
    return Template("{% load crispy_forms_tags %}" + tag).render(Context({"form": form}))


FORMS = portal_forms()


def test_the_forms_are_found():
    names = {_name(c) for c in FORMS}
    # One from each app, and the ones issue 14 names: if discovery breaks, this says so.
    for expected in (
        "peersupport.sessions.forms.AttendanceForm",
        "consultations.forms.answering.AnswersForm",
        "consultations.forms.staff_entry.StaffEntryForm",
        "consultations.coding.forms.CodeForm",
        "council.forms.voting.RankingForm",
        "council.forms.meetings.AttendanceForm",
        "actionplan.forms.ActionForm",
        "dashboards.forms.CaseloadForm",
        "users.forms.AccountDetailsForm",
        "core.views.AuditFilterForm",
    ):
        assert expected in names
    assert len(FORMS) > 80


@pytest.mark.django_db
@pytest.mark.parametrize("cls", [c for c in FORMS if _name(c) not in ABSTRACT], ids=_name)
def test_every_form_is_built(cls):
    form = build(cls)
    visible = [f for f in form.fields.values() if not f.widget.is_hidden]
    if _name(cls) in NO_FIELDS:
        assert not form.fields
    else:
        assert visible, (
            f"{_name(cls)} was built with no visible field, so nothing on it is tested: "
            "give it what it builds its fields from in FORM_ARGUMENTS."
        )


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["crispy tag", "crispy filter"])
@pytest.mark.parametrize(
    "cls", [c for c in FORMS if _name(c) not in ABSTRACT | NO_FIELDS], ids=_name
)
def test_labels_hints_and_choices_are_escaped_on_every_form(cls, how):
    form = build(cls)
    html = draw(form, how)
    # First, what the form's own code puts in a label (a mentor's name, a question's text).
    for raw in RAW:
        assert raw not in html, f"{_name(cls)} ({how}) printed {raw!r} as markup"
    form = build(cls)  # afresh: a drawn form keeps its fields' labels
    seen = poison(form)
    html = draw(form, how)
    for raw in RAW:
        assert raw not in html, f"{_name(cls)} ({how}) printed {raw!r} as markup"
    if seen["label"]:
        assert f"Label {ESCAPED}" in html, f"{_name(cls)} ({how}): a label is missing"
    if seen["help"]:
        assert f"Hint {ESCAPED}" in html, f"{_name(cls)} ({how}): a hint is missing"
    if seen["choice"]:
        assert f"Choice {ESCAPED}" in html, f"{_name(cls)} ({how}): a choice is missing"


def test_button_words_are_escaped():
    """crispy renders a button's words as a template, which marks them safe (BaseInput.render)."""
    from crispy_forms_gds.helper import FormHelper
    from crispy_forms_gds.layout import Button, Layout, Submit

    form = forms.Form()
    form.helper = FormHelper()
    form.helper.layout = Layout(Button("other", f"Button {PAYLOAD}"))
    form.helper.add_input(Submit("submit", f"Submit {PAYLOAD}"))
    html = draw(form, "crispy tag")
    for raw in RAW:
        assert raw not in html
    assert f"Button {ESCAPED}" in html and f'value="Submit {ESCAPED}' in html


@pytest.mark.django_db
def test_a_consultation_question_holding_markup_reaches_a_member_as_text(client):
    """Issue 14: a question's author could put markup in front of every member answering."""
    from consultations.models import Question
    from tests.consultations.factories import make_consultation

    staff = make_user("staff")
    consultation = make_consultation(
        staff,
        questions=[
            {
                "kind": Question.Kind.SINGLE_CHOICE,
                "text": f"Question {PAYLOAD}",
                "help_text": f"Hint {PAYLOAD}",
                "choices": [f"Choice {PAYLOAD}", "Plain"],
            },
            # Grouped onto the first page, so one page shows both (one question per page is
            # the default since issue 16).
            {
                "kind": Question.Kind.SHORT_TEXT,
                "text": f"Second {PAYLOAD}",
                "same_page_as_previous": True,
            },
        ],
    )
    member = make_user("member")
    client.force_login(member)
    page = client.post(
        reverse("consultations:start", kwargs={"pk": consultation.pk}), {"agree": "on"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert f"Question {ESCAPED}" in html, "the answering page did not show the question"
    assert f"Hint {ESCAPED}" in html and f"Choice {ESCAPED}" in html
    assert f"Second {ESCAPED}" in html
    for raw in RAW:
        assert raw not in html


# --- The reviewed list of what is still marked safe -------------------------------------
# Every |safe, mark_safe, SafeString, "autoescape off" and format_html left in the portal's
# code and in the templates Django loads for it, with the reason it is safe. Anything else
# fails test_nothing_else_is_marked_safe: a person's words are never marked safe.

ALLOWED_SAFE = {
    # crispy builds these with flatatt, which escapes every value.
    ("templates/gds/whole_uni_form.html", "{{ flat_attrs|safe }}"),
    ("templates/gds/layout/fieldset.html", "{{ fieldset.flat_attrs|safe }}"),
    ("templates/gds/layout/button.html", "{{ input.flat_attrs|safe }}"),
    ("templates/gds/layout/baseinput.html", "{{ input.flat_attrs|safe }}"),
    ("crispy_forms_gds:gds/layout/div.html", "{{ div.flat_attrs|safe }}"),
    ("crispy_forms_gds:gds/accordion.html", "{{ accordion.flat_attrs|safe }}"),
    ("crispy_forms_gds:gds/accordion-group.html", "{{ div.flat_attrs|safe }}"),
    ("crispy_forms_gds:gds/layout/tabs.html", "{{ tabs.flat_attrs|safe }}"),
    ("crispy_forms_gds:gds/whole_uni_formset.html", "{{ flat_attrs|safe }}"),
    # Markup these same templates drew (every label in it escaped there).
    ("templates/gds/layout/fieldset.html", "{{ fields|safe }}"),
    ("crispy_forms_gds:gds/layout/div.html", "{{ fields|safe }}"),
    ("crispy_forms_gds:gds/accordion-group.html", "{{ fields|safe }}"),
    ("crispy_forms_gds:gds/accordion.html", "{{ content|safe }}"),
    ("crispy_forms_gds:gds/layout/tabs.html", "{{ links|safe }}"),
    ("crispy_forms_gds:gds/layout/tabs.html", "{{ content|safe }}"),
    ("crispy_forms_gds:gds/layout/_conditional_radios.html", "{{ choices|safe }}"),
    ("crispy_forms_gds:gds/layout/conditional_question.html", "{{ conditional_content|safe }}"),
    # Plain-text notifications (e-mail and SMS bodies, shown escaped on the portal): HTML
    # escaping would turn "don't" into "don&#x27;t". Every .txt under notifications/.
    ("templates/notifications/*.txt", "{% autoescape off %}"),
    ("core/services.py", "autoescape=False"),
}

SAFE_PATTERN = re.compile(
    r"\{\{[^}]*\|\s*safe(seq)?\s*\}\}|\{%\s*autoescape\s+off\s*%\}|mark_safe|SafeString|"
    r"SafeText|format_html|autoescape=False|\|\s*safe\b"
)


def _loaded_templates() -> list[tuple[str, str]]:
    """(label, text) of the portal's templates and the crispy-forms-gds ones Django loads."""
    base = Path(settings.BASE_DIR)
    found = [
        (str(p.relative_to(base)), p.read_text())
        for p in sorted((base / "templates").rglob("*"))
        if p.is_file() and p.suffix in (".html", ".txt")
    ]
    import crispy_forms_gds

    upstream = Path(crispy_forms_gds.__file__).parent / "templates"
    for p in sorted(upstream.rglob("*.html")):
        name = str(p.relative_to(upstream))
        origin = Path(get_template(name).origin.name)
        if origin.resolve() == p.resolve():  # not overridden by the portal
            found.append((f"crispy_forms_gds:{name}", p.read_text()))
    return found


def _portal_python() -> list[tuple[str, str]]:
    base = Path(settings.BASE_DIR)
    found = []
    for app in (*PORTAL_APPS, "config"):
        for p in sorted((base / app).rglob("*.py")):
            if "migrations" not in p.parts:
                found.append((str(p.relative_to(base)), p.read_text()))
    return found


def _allowed(label: str, match: str) -> bool:
    for where, what in ALLOWED_SAFE:
        if what != re.sub(r"\s+", " ", match) and what != match:
            continue
        if where == label or (
            where.endswith("*.txt") and label.startswith(where[:-5]) and label.endswith(".txt")
        ):
            return True
    return False


def test_nothing_else_is_marked_safe():
    unexpected = []
    for label, text in [*_loaded_templates(), *_portal_python()]:
        for match in SAFE_PATTERN.finditer(text):
            if not _allowed(label, match.group(0)):
                line = text.count("\n", 0, match.start()) + 1
                unexpected.append(f"{label}:{line}: {match.group(0)}")
    assert unexpected == [], (
        "Marked safe without review (a person's words must never be; anything else goes on "
        "ALLOWED_SAFE with its reason):\n" + "\n".join(unexpected)
    )


def test_the_gds_templates_pages_use_are_the_portals():
    """The label, legend and hint templates Django loads are the escaped overrides."""
    base = Path(settings.BASE_DIR) / "templates"
    for name in (
        "gds/field.html",
        "gds/layout/radios.html",
        "gds/layout/checkboxes.html",
        "gds/layout/help_text.html",
        "gds/layout/multifield.html",
        "gds/layout/fieldset.html",
        "gds/layout/button.html",
        "gds/layout/baseinput.html",
    ):
        assert Path(get_template(name).origin.name).resolve() == (base / name).resolve()
