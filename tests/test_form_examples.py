"""Hypothesis examples of every form in the project (issue 14 item 2).

For each form class (found by tests/forms_registry.py, so a new form is covered without anyone
remembering), ``from_form`` builds at least 100 bound forms whose fields hold a mix of what the
field expects, odd values (``²``, ``٣``, ``-1``, ``0``, a 20-digit number, empty, a NUL byte,
10,000 characters) and any text. For each:

- ``is_valid()`` never raises (a form that raises is a 500 in its view);
- validating writes nothing to the database (no INSERT, UPDATE or DELETE), valid or not; and an
  invalid model form refuses to save.

One case per form (``-k RankingForm`` runs one).
"""

from __future__ import annotations

import os
import re

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException
from hypothesis.extra.django import from_field, from_form

from tests.forms_registry import World, all_form_classes, dotted, form_kwargs

pytestmark = pytest.mark.django_db

ODD = [
    "²",
    "٣",
    "-1",
    "0",
    "99999999999999999999",
    "",
    "\x00",
    "x" * 10_000,
    "9" * 10_000,
    " 5 ",
    "+5",
]
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
FORMS = all_form_classes()
# At least 100 per form (issue 14); FORM_EXAMPLES=20 gives a quicker look while working.
EXAMPLES = int(os.environ.get("FORM_EXAMPLES", "100"))


def _natural(field: forms.Field) -> st.SearchStrategy:
    """Values the field expects, where we can say what they are."""
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:20]]
        one = st.sampled_from(pks) if pks else st.just("1")
        if isinstance(field, forms.ModelMultipleChoiceField):
            return st.lists(one, max_size=3)
        return one
    if isinstance(field, forms.ChoiceField):
        keys = [str(k) for k, _label in _flat_choices(field.choices)]
        one = st.sampled_from(keys) if keys else st.just("")
        if isinstance(field, forms.MultipleChoiceField):
            return st.lists(one, max_size=3)
        return one
    try:
        strategy = from_field(field)
        strategy.validate()
    except (HypothesisException, TypeError, NotImplementedError, KeyError):
        return st.text(max_size=20)
    return strategy


def _flat_choices(choices):
    for key, label in choices:
        if isinstance(label, list | tuple):
            yield from _flat_choices(label)
        else:
            yield key, label


def _strategy(field: forms.Field) -> st.SearchStrategy:
    if isinstance(field, forms.FileField):
        return st.builds(
            SimpleUploadedFile,
            st.sampled_from(["upload.csv", "upload.blt", "receipt.pdf", "x.xlsx", "²"]),
            st.binary(max_size=300),
        )
    odd = st.sampled_from(ODD)
    if getattr(field.widget, "allow_multiple_selected", False):
        odd = st.lists(odd, min_size=1, max_size=3)
    return st.one_of(_natural(field), odd, st.text(max_size=40))


def _field_strategies(form: forms.BaseForm) -> dict[str, st.SearchStrategy]:
    strategies = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        if isinstance(field, forms.MultiValueField):
            for i, sub in enumerate(field.fields):
                strategies[f"{name}_{i}"] = _strategy(sub)
        else:
            strategies[name] = _strategy(field)
    return strategies


def _as_posted(form: forms.BaseForm) -> forms.BaseForm:
    """The same form bound as a view binds it: text in a QueryDict, as a browser posts."""
    data = QueryDict(mutable=True)
    for name, value in form.data.items():
        for one in value if isinstance(value, list) else [value]:
            data.appendlist(name, one if isinstance(one, str) else _as_text(one))
    files = MultiValueDict({name: [f] for name, f in form.files.items()})
    return type(form)(data=data, files=files, **_KWARGS[type(form)])


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "on" if value else ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


_KWARGS: dict[type, dict] = {}


@pytest.mark.parametrize("form_class", FORMS, ids=dotted)
def test_any_input_is_validated_without_an_error_or_a_write(form_class):
    kwargs = form_kwargs(form_class, World())
    _KWARGS[form_class] = kwargs
    strategies = _field_strategies(form_class(**kwargs))
    tried = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(from_form(form_class, form_kwargs=kwargs, **strategies).map(_as_posted))
    def check(form):
        with CaptureQueriesContext(connection) as queries:
            valid = form.is_valid()  # raising here is the failure
        writes = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
        assert not writes, f"validating {dotted(form_class)} wrote: {writes[:3]}"
        if not valid and isinstance(form, forms.BaseModelForm):
            with pytest.raises(ValueError):
                form.save()
        tried.append(valid)

    check()
    assert len(tried) >= EXAMPLES or not strategies
