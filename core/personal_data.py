"""One registry of every model that holds data about a person.

"Download my data" and account deletion both read it, so when an app adds a model that
points at a user it must register it here (in ``<app>/personal_data.py``), or declare why
it holds nothing personal. ``tests/core/test_personal_data.py`` fails when a model with a
link to the user model is neither.

Usage, in ``<app>/personal_data.py`` (which the app's ``hooks.py`` imports and declares
with ``core.hooks.register_personal_data``)::

    from core.personal_data import registry
    registry.register(Thing, user_field="owner", fields=["title", "created_at"])
    registry.exempt(Ballot, reason="Ballots have no link to a voter.")
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Entry:
    model: type[models.Model]
    user_fields: tuple[str, ...]
    fields: tuple[str, ...] | None
    title: str
    description: str = ""


Exporter = Callable[[Any], list[dict[str, Any]]]
Eraser = Callable[[Any], None]


@dataclass
class Registry:
    entries: dict[str, Entry] = field(default_factory=dict)
    exemptions: dict[str, str] = field(default_factory=dict)
    # Data found some other way than a foreign key (e.g. pseudonymous answers found by HMAC).
    exporters: dict[str, tuple[str, str, Exporter]] = field(default_factory=dict)
    # Called when an account is deleted, to remove or anonymise what each app holds.
    erasers: list[Eraser] = field(default_factory=list)

    def register_exporter(
        self, key: str, export: Exporter, *, title: str, description: str = ""
    ) -> None:
        self.exporters[key] = (title, description, export)

    def add_eraser(self, erase: Eraser) -> None:
        if erase not in self.erasers:
            self.erasers.append(erase)

    def erase_for(self, user: Any) -> None:
        for erase in self.erasers:
            erase(user)

    def register(
        self,
        model: type[models.Model],
        *,
        user_field: str | Iterable[str] = "user",
        fields: Iterable[str] | None = None,
        title: str | None = None,
        description: str = "",
    ) -> None:
        user_fields = (user_field,) if isinstance(user_field, str) else tuple(user_field)
        self.entries[model._meta.label_lower] = Entry(
            model=model,
            user_fields=user_fields,
            fields=tuple(fields) if fields is not None else None,
            title=title or str(model._meta.verbose_name_plural).capitalize(),
            description=description,
        )

    def exempt(self, model: type[models.Model], *, reason: str) -> None:
        self.exemptions[model._meta.label_lower] = reason

    def is_covered(self, model: type[models.Model]) -> bool:
        label = model._meta.label_lower
        return label in self.entries or label in self.exemptions

    def export_for(self, user: Any) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for label, entry in sorted(self.entries.items()):
            q = models.Q()
            for name in entry.user_fields:
                q |= models.Q(pk=user.pk) if name == "pk" else models.Q(**{name: user})
            field_names = entry.fields or tuple(
                f.name for f in entry.model._meta.concrete_fields if f.name not in _NEVER_EXPORT
            )
            rows = entry.model._default_manager.filter(q).order_by("pk").values(*field_names)
            data[label] = {
                "title": entry.title,
                "description": entry.description,
                "records": [{k: _jsonable(v) for k, v in row.items()} for row in rows],
            }
        for key, (title, description, export) in sorted(self.exporters.items()):
            records = export(user)
            data[key] = {
                "title": title,
                "description": description,
                "records": [{k: _jsonable(v) for k, v in r.items()} for r in records],
            }
        return data


def unlink(user: Any, links: Iterable[tuple[type[models.Model], str]]) -> None:
    """For an eraser: set each ``(model, field)`` that points at ``user`` to empty, keeping the
    rows (the record stays, no longer linked to the person). One update each."""
    for model, name in links:
        model._default_manager.filter(**{name: user}).update(**{name: None})


# Secrets are never exported, even to their owner.
_NEVER_EXPORT = {"password", "code_hash", "data", "secret", "session_key"}


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    return value


registry = Registry()


def autodiscover() -> None:
    """Fill the registry: each app's ``hooks.py`` imports its ``personal_data`` module
    (see ``core.hooks.register_personal_data``)."""
    from core import hooks

    hooks.autodiscover()


def register_core() -> None:
    from core.models import AuditEvent, FormDraft, Job, Notification

    registry.register(
        AuditEvent,
        user_field="actor",
        fields=["created_at", "action", "object_type", "object_label", "detail"],
        title="Things you did that the portal logged",
    )
    registry.register(
        Notification,
        fields=["created_at", "kind", "subject", "body", "read_at"],
        title="Messages the portal sent you",
    )
    registry.register(
        FormDraft,
        fields=["key", "data", "updated_at"],
        title="Answers you have started but not sent",
        description="Deleted when you send them, or after 30 days.",
    )
    registry.register(
        Job,
        user_field="started_by",
        fields=["created_at", "kind", "status", "result_message", "finished_at"],
        title="Long tasks you started (counts, downloads)",
        description="Their files are deleted a week after they finish.",
    )
