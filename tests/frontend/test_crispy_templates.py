"""The crispy-forms-gds template overrides in templates/gds/.

crispy-forms-gds 2.0.1 has markup defects (RECIPES.md): no error summary from ``{% crispy %}``,
error-summary links for radios and checkboxes that point at an id no element has, e-mail
inputs without the error class, inline radios without their base class. These tests render a
form with every kind of widget, all invalid, and check the HTML. ``test_checks_fail_on_*``
render the same form through the package's own templates and show the checks catch them.
"""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager

import pytest
from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.conf import settings
from django.template import engines
from django.test import override_settings
from lxml import html as lxml_html

from core.forms import PortalForm

CHOICES = [("a", "Apples"), ("b", "Bananas"), ("c", "Cherries")]


class EveryWidgetForm(PortalForm):
    submit_label = "Save"

    name = forms.CharField(label="Name", help_text="As you would like to be called.")
    email = forms.EmailField(label="E-mail address")
    story = forms.CharField(label="Your story", widget=forms.Textarea)
    fruit = forms.ChoiceField(label="Favourite fruit", choices=[("", "Choose")] + CHOICES)
    colour = forms.ChoiceField(label="Colour", choices=CHOICES, widget=forms.RadioSelect)
    days = forms.MultipleChoiceField(
        label="Days", choices=CHOICES, widget=forms.CheckboxSelectMultiple
    )
    born = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    met = DateInputField(label="Date you met", require_all_fields=False)
    password = forms.CharField(label="Password", widget=forms.PasswordInput)
    count = forms.IntegerField(label="How many")
    agree = forms.BooleanField(label="I agree")
    answer = forms.ChoiceField(
        label="Yes or no", choices=[("y", "Yes"), ("n", "No")], widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            *[name for name in self.fields if name != "answer"],
            Field.radios("answer", inline=True),
        )

    def clean(self):
        super().clean()
        raise forms.ValidationError("Something is wrong with the form as a whole.")


class PlainForm(PortalForm):
    """No custom layout: crispy draws uni_form.html."""

    colour = forms.ChoiceField(label="Colour", choices=CHOICES, widget=forms.RadioSelect)
    email = forms.EmailField(label="E-mail address")


INVALID = {
    "name": "",
    "email": "not-an-e-mail",
    "story": "",
    "fruit": "",
    "born": "31/31/2020",
    "met_0": "",
    "met_1": "13x",
    "met_2": "",
    "password": "",
    "count": "many",
}


def render(form) -> str:
    template = engines["django"].from_string("{% load crispy_forms_tags %}{% crispy form %}")
    return template.render({"form": form})


def summary_problems(page: str, form: forms.Form) -> list[str]:
    """Everything wrong with the error summary of ``page``; empty when all is well."""
    doc = lxml_html.fromstring(f"<div>{page}</div>")
    problems = []
    summaries = doc.find_class("govuk-error-summary")
    if len(summaries) != 1:
        return [f"expected one error summary, found {len(summaries)}"]
    links = summaries[0].xpath(".//a")
    expected = sum(len(errors) for errors in form.errors.values())
    if len(links) != expected:
        problems.append(f"{len(links)} links in the summary for {expected} errors")
    ids = Counter(el.get("id") for el in doc.xpath("//*[@id]"))
    problems += [f"id {i!r} used {n} times" for i, n in ids.items() if n > 1]
    for link in links:
        href = link.get("href", "")
        if not href.startswith("#"):
            problems.append(f"link {href!r} is not to this page")
            continue
        target = doc.xpath(f"//*[@id='{href[1:]}']")
        if not target:
            problems.append(f"{href} ({link.text_content().strip()}) points at nothing")
        elif target[0].tag not in {"input", "select", "textarea"}:
            problems.append(f"{href} points at a <{target[0].tag}>, not an input")
    return problems


def classes(doc, element_id: str) -> set[str]:
    return set(doc.get_element_by_id(element_id).get("class", "").split())


def error_class_problems(page: str) -> list[str]:
    doc = lxml_html.fromstring(f"<div>{page}</div>")
    wanted = {
        "id_name": {"govuk-input", "govuk-input--error"},
        "id_email": {"govuk-input", "govuk-input--error"},
        "id_password": {"govuk-input", "govuk-input--error"},
        "id_count": {"govuk-input", "govuk-input--error"},
        "id_born": {"govuk-input", "govuk-input--error"},
        "id_story": {"govuk-textarea", "govuk-textarea--error"},
        "id_fruit": {"govuk-select", "govuk-select--error"},
        "id_met_1": {"govuk-input", "govuk-input--error"},
    }
    problems = []
    for element_id, needed in wanted.items():
        missing = needed - classes(doc, element_id)
        if missing:
            problems.append(f"#{element_id} lacks {sorted(missing)}")
    radios = doc.get_element_by_id("id_answer_1").getparent().getparent()
    if not {"govuk-radios", "govuk-radios--inline"} <= set(radios.get("class").split()):
        problems.append(f"inline radios have class {radios.get('class')!r}")
    if radios.get("data-module") != "govuk-radios":
        problems.append("inline radios have no data-module")
    return problems


@pytest.fixture
def invalid_form():
    form = EveryWidgetForm(data=INVALID)
    assert not form.is_valid()
    # Every field is wrong, plus one error about the form as a whole.
    assert set(form.errors) == set(form.fields) | {"__all__"}
    return form


def test_error_summary_links_point_at_inputs_that_exist(invalid_form):
    assert summary_problems(render(invalid_form), invalid_form) == []


def test_error_summary_links_for_groups_go_to_their_first_input(invalid_form):
    page = render(invalid_form)
    for href in (
        'href="#id_colour_1"',
        'href="#id_days_1"',
        'href="#id_answer_1"',
        'href="#id_met_0"',
        'href="#id_met_1"',
        'href="#id_agree"',
    ):
        assert href in page, href


def test_invalid_inputs_get_their_error_class(invalid_form):
    assert error_class_problems(render(invalid_form)) == []


def test_plain_form_without_layout_gets_a_summary_too():
    form = PlainForm(data={"email": "nope"})
    assert not form.is_valid()
    page = render(form)
    assert summary_problems(page, form) == []
    assert "alert-danger" not in page


def test_valid_or_unbound_form_has_no_summary():
    assert "govuk-error-summary" not in render(PlainForm())
    form = PlainForm(data={"colour": "a", "email": "a@example.com"})
    assert form.is_valid()
    assert "govuk-error-summary" not in render(form)


def test_error_summary_tag_uses_the_fixed_template(invalid_form):
    template = engines["django"].from_string(
        "{% load crispy_forms_tags crispy_forms_gds %}{% error_summary form %}{% crispy form %}"
    )
    page = template.render({"form": invalid_form})
    assert 'href="#id_colour_1"' in page
    assert 'href="#id_colour"' not in page


def _clear_crispy_template_caches() -> None:
    # crispy-forms keeps its top-level templates in lru_caches, bound to the engine that
    # loaded them; clear them so a change of TEMPLATES takes effect (and is undone).
    from crispy_forms import utils
    from crispy_forms.templatetags import crispy_forms_filters, crispy_forms_tags

    for cached in (
        crispy_forms_tags.whole_uni_form_template,
        crispy_forms_tags.whole_uni_formset_template,
        crispy_forms_filters.uni_form_template,
        crispy_forms_filters.uni_formset_template,
        utils.default_field_template,
    ):
        cached.cache_clear()


@contextmanager
def _without_project_templates():
    """Render with crispy-forms-gds's own templates, as if templates/gds/ did not exist."""
    options = dict(settings.TEMPLATES[0])
    options["DIRS"] = []
    _clear_crispy_template_caches()
    try:
        with override_settings(TEMPLATES=[options]):
            yield
    finally:
        _clear_crispy_template_caches()


def test_checks_fail_on_the_unpatched_package_templates(invalid_form):
    """Proof the checks above have teeth: crispy-forms-gds's own templates fail them."""
    with _without_project_templates():
        page = render(invalid_form)
        problems = summary_problems(page, invalid_form)
        assert problems == ["expected one error summary, found 0"]
        problems = error_class_problems(page)
        assert "#id_email lacks ['govuk-input--error']" in problems
        assert any(p.startswith("inline radios have class") for p in problems)
        # The package's own summary tag points radio and checkbox errors at missing ids.
        summary = (
            engines["django"]
            .from_string(
                "{% load crispy_forms_gds crispy_forms_tags %}"
                "{% error_summary form %}{% crispy form %}"
            )
            .render({"form": invalid_form})
        )
        problems = summary_problems(summary, invalid_form)
        for group in ("colour", "days", "answer"):
            assert f"#id_{group} (This field is required.) points at nothing" in problems


class CharacterCountForm(PortalForm):
    statement = forms.CharField(label="Your statement", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.textarea("statement", rows=4, max_words=50))


@pytest.mark.parametrize("data", [None, {"statement": ""}, {"statement": "Some <b>words</b>"}])
def test_character_count_without_help_text_renders(data):
    """crispy-forms-gds 2.0.1 raised KeyError 'aria-describedby' here."""
    form = CharacterCountForm(data=data)
    if data is not None:
        form.is_valid()
    page = render(form)
    doc = lxml_html.fromstring(f"<div>{page}</div>")
    textarea = doc.get_element_by_id("id_statement")
    assert {"govuk-textarea", "govuk-js-character-count"} <= set(textarea.get("class").split())
    assert textarea.get("rows") == "4"
    for described_by in textarea.get("aria-describedby").split():
        assert doc.xpath(f"//*[@id='{described_by}']"), described_by
    counter = "//*[@data-module='govuk-character-count']"
    assert doc.xpath(f"{counter}[@data-maxlength='50'][@data-count-type='words']")
    if data and data["statement"]:
        assert textarea.text_content().strip() == "Some <b>words</b>"
        assert "<b>" not in page  # escaped, not markup
    if data == {"statement": ""}:
        assert "govuk-textarea--error" in textarea.get("class")
        assert summary_problems(page, form) == []
