"""What an action answers: where it came from (a council decision, a consultation code, what
someone said), and the people who raised it, who are told when its status moves."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from actionplan import sources as source_registry
from actionplan.models import Action, ActionSource, ActionSourceRaiser, SourceKind
from core.audit_actions import AuditAction
from core.services import audit_record
from users.models import User


@dataclass(frozen=True)
class SourceInput:
    """What an action answers, as typed or passed from another app."""

    kind: str
    summary: str = ""
    count: int | None = None
    link: str = ""
    ref: str = ""


def clean_link(link: str, *, site_pages: bool = True) -> str:
    """A web address (http/https) or (if ``site_pages``) a page on this site; nothing else.

    Refused: other schemes (``javascript:``, ``data:``), protocol-relative ``//host`` links,
    backslashes (browsers read ``/\\evil.example`` as ``//evil.example``), spaces and control
    characters. A page on this site is checked with Django's own
    ``url_has_allowed_host_and_scheme`` against ALLOWED_HOSTS, as for redirects.
    """
    link = (link or "").strip()
    if not link:
        return ""
    refused = ValidationError(
        {
            "link": _(
                "Enter a web address starting with https://, or a page on this site starting "
                "with a single /. Links cannot have spaces or backslashes in them."
            )
            if site_pages
            else _(
                "Enter a web address starting with https://, like https://example.org/report. "
                "Links cannot have spaces or backslashes in them."
            )
        }
    )
    if "\\" in link or link.startswith("//"):
        raise refused
    if any(ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") for ch in link):
        raise refused
    if link.startswith("/"):
        hosts = set(settings.ALLOWED_HOSTS)
        if not site_pages or not url_has_allowed_host_and_scheme(link, allowed_hosts=hosts):
            raise refused
        return link
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        raise refused from None
    return link


def _add_raisers(source: ActionSource, user_ids: Iterable[int]) -> None:
    ids = list(
        User.objects.filter(pk__in=set(user_ids), is_active=True).values_list("pk", flat=True)
    )
    ActionSourceRaiser.objects.bulk_create(
        [ActionSourceRaiser(source=source, user_id=pk) for pk in ids], ignore_conflicts=True
    )


@transaction.atomic
def source_add(*, action: Action, source: SourceInput, actor: User | None) -> ActionSource:
    """Attach what the action answers. A registered resolver fills in the summary, link,
    count and the people to tell; otherwise the typed summary is kept as it is."""
    kind, summary = source.kind, (source.summary or "").strip()
    count, link = source.count, source.link
    ref_model = ref_id = ""
    raisers: tuple[int, ...] = ()
    if source.ref:
        try:
            ref_model, ref_id = source_registry.parse_ref(source.ref)
            found = source_registry.resolve(ref=source.ref, user=actor)
        except source_registry.SourceRefError as exc:
            raise ValidationError({"source_ref": str(exc)}) from None
        except source_registry.SourceNotFound:
            raise ValidationError(
                {
                    "source_ref": _(
                        "We could not find what this action is made from. It may have "
                        "been removed, or you may not be allowed to see it."
                    )
                }
            ) from None
        if found is not None:
            kind, resolved = found
            summary = summary or resolved.summary
            count = count if count is not None else resolved.count
            link = link or resolved.link
            raisers = resolved.raised_by
        if ActionSource.objects.filter(action=action, ref_model=ref_model, ref_id=ref_id).exists():
            raise ValidationError({"source_ref": _("This action already cites that record.")})
    if kind not in SourceKind.values:
        raise ValidationError({"source_kind": _("Choose where this came from.")})
    if not summary:
        raise ValidationError({"source_summary": _("Say in plain words what was said.")})
    try:
        link = clean_link(link)
    except ValidationError as exc:
        raise ValidationError({"source_link": exc.messages}) from None
    item = ActionSource(
        action=action,
        kind=kind,
        ref_model=ref_model,
        ref_id=ref_id,
        summary=summary,
        count=count,
        link=link,
        added_by=actor,
    )
    try:
        item.full_clean()
    except ValidationError as exc:
        rename = {
            "summary": "source_summary",
            "count": "source_count",
            "link": "source_link",
            "kind": "source_kind",
        }
        raise ValidationError({rename.get(k, k): v for k, v in exc.message_dict.items()}) from None
    item.save()
    if raisers:
        _add_raisers(item, raisers)
    audit_record(
        actor=actor,
        action=AuditAction.ACTIONPLAN_SOURCE_ADD,
        obj=action,
        detail={"kind": kind, "ref": item.ref, "raisers": len(raisers)},
    )
    return item
