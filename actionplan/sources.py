"""Turn a reference to something people said (``app_label.model:pk``) into an action source.

Council and consultations are built beside this app, and a lower app never imports a higher
one, so they do not import this module. Instead each declares its resolvers in its
``hooks.py`` with ``core.hooks.register_action_source``, and ``autodiscover()`` (run from
``ActionplanConfig.ready``) registers them here::

    # council/action_sources.py
    def resolve_decision(*, pk: str, user) -> dict | None:
        decision = Decision.objects.filter(pk=pk).first()
        if decision is None or (user is not None and not can_see(user, decision)):
            return None
        return {
            "summary": decision.public_summary,        # plain English, names no one
            "link": reverse("council:decision-detail", args=[decision.pk]),
            "count": None,                              # or "23 people said this"
            "raised_by": [decision.raised_by_id],       # user ids to tell on status changes
        }

    # council/hooks.py
    hooks.register_action_source(
        "council.decision", kind="council_decision", resolve=action_sources.resolve_decision
    )

A resolver takes the primary key as text and the person asking (``None`` when a background
job asks) and returns a dict or a ``ResolvedSource``, or ``None`` when there is no such
record or that person may not see it.

Privacy: ``raised_by`` is only for people who raised the thing openly (a representative who
put an item on the agenda, members who signed a "tell your rep" issue). A resolver for a
consultation theme must return no one: answers are anonymous or pseudonymous, and listing
who gave them would re-link answers to people.

With no resolver registered for a model, the create page still keeps the reference and asks
staff to type the summary, so wiring a resolver in later needs no data migration.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

REF_PATTERN = re.compile(
    r"^(?P<model>[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*):(?P<pk>[A-Za-z0-9_-]{1,64})$"
)


class SourceRefError(ValueError):
    """The reference is not of the form ``app_label.model:pk``."""


class SourceNotFound(LookupError):
    """A resolver is registered, but found nothing the person may see."""


@dataclass(frozen=True)
class ResolvedSource:
    summary: str
    link: str = ""
    count: int | None = None
    raised_by: tuple[int, ...] = field(default_factory=tuple)


Resolver = Callable[..., "ResolvedSource | Mapping[str, Any] | None"]


@dataclass(frozen=True)
class _Entry:
    kind: str
    resolve: Resolver


_REGISTRY: dict[str, _Entry] = {}


def register(model_label: str, *, kind: str, resolve: Resolver) -> None:
    """Register ``resolve`` for references to ``model_label`` (e.g. ``council.decision``)."""
    from actionplan.models import SourceKind

    label = model_label.lower()
    if not REF_PATTERN.match(f"{label}:1"):
        raise ValueError(f"{model_label!r} is not an app_label.model name")
    if kind not in SourceKind.values:
        raise ValueError(f"{kind!r} is not one of {SourceKind.values}")
    _REGISTRY[label] = _Entry(kind=kind, resolve=resolve)


def unregister(model_label: str) -> None:
    _REGISTRY.pop(model_label.lower(), None)


def is_registered(model_label: str) -> bool:
    return model_label.lower() in _REGISTRY


def kind_for(model_label: str) -> str | None:
    entry = _REGISTRY.get(model_label.lower())
    return entry.kind if entry else None


def parse_ref(ref: str) -> tuple[str, str]:
    """``"council.decision:12"`` → ``("council.decision", "12")``."""
    model, sep, pk = (ref or "").strip().partition(":")
    match = REF_PATTERN.match(f"{model.lower()}:{pk}") if sep else None
    if not match:
        raise SourceRefError(
            _(
                "The reference should look like council.decision:12 "
                "(the kind of record, then its number)."
            )
        )
    return match["model"], match["pk"]


def _coerce(result: ResolvedSource | Mapping[str, Any]) -> ResolvedSource:
    if isinstance(result, ResolvedSource):
        return result
    raised: Iterable[Any] = result.get("raised_by") or ()
    count = result.get("count")
    return ResolvedSource(
        summary=str(result.get("summary") or "").strip(),
        link=str(result.get("link") or ""),
        count=int(count) if count is not None else None,
        raised_by=tuple(int(getattr(u, "pk", u)) for u in raised),
    )


def resolve(*, ref: str, user: Any = None) -> tuple[str, ResolvedSource] | None:
    """The kind and resolved source for ``ref``; ``None`` when no resolver is registered.

    Raises ``SourceRefError`` for a malformed reference and ``SourceNotFound`` when the
    resolver finds nothing ``user`` may see.
    """
    model_label, pk = parse_ref(ref)
    entry = _REGISTRY.get(model_label)
    if entry is None:
        return None
    result = entry.resolve(pk=pk, user=user)
    if result is None:
        raise SourceNotFound(ref)
    resolved = _coerce(result)
    if not resolved.summary:
        raise SourceNotFound(ref)
    return entry.kind, resolved


def current_raisers(*, ref: str) -> tuple[int, ...]:
    """Who raised ``ref`` now, asked again at the time of a status change.

    A "tell your rep" issue can gather supporters after the action was made. A resolver that
    fails must not stop the status change, so failures are logged and give no one.
    """
    try:
        found = resolve(ref=ref, user=None)
    except (SourceRefError, SourceNotFound):
        return ()
    except Exception:  # a bug in another app's resolver must not block an update here
        logger.exception("Action source resolver failed for %s", ref)
        return ()
    return found[1].raised_by if found else ()


def autodiscover() -> None:
    """(Re)fill the registry from the action sources every app declared in its ``hooks.py``
    (``core.hooks.register_action_source``)."""
    from core import hooks

    hooks.autodiscover()
    for source in hooks.registry.action_sources.values():
        register(source.model_label, kind=source.kind, resolve=source.resolve)
