"""A small shared store for forms in progress: "Tell your rep", "Ask for a peer mentor" and
the expense claim (issue 16). Consultations keep their own HMAC-keyed drafts.

A view saves the raw form data (``request.POST`` as lists, files and the CSRF token left out)
on every page change, and when the GOV.UK timeout warning signs the person out
(``action=timeout``, see ``static/js/timeout-dialog.js``); on the next GET it gives the draft
to the form as its initial values. Sending deletes it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from core import timeout
from core.models import FormDraft

# A month: long enough to come back to, short enough not to keep what was never sent.
KEEP_DAYS = 30
_NEVER_KEPT = {"csrfmiddlewaretoken", "action", "submit", "then"}


def draft_save(*, user: Any, key: str, data: Any) -> None:
    values = {
        name: data.getlist(name) if hasattr(data, "getlist") else list(data[name])
        for name in data
        if name not in _NEVER_KEPT
    }
    FormDraft.objects.update_or_create(user=user, key=key, defaults={"data": values})


def draft_load(*, user: Any, key: str) -> dict[str, list[str]] | None:
    draft = FormDraft.objects.filter(user=user, key=key).first()
    return draft.data if draft else None


def draft_initial(*, user: Any, key: str, many: tuple[str, ...] = ()) -> dict[str, Any]:
    """The draft as a form's ``initial``: one value a field, a list for ``many`` fields."""
    data = draft_load(user=user, key=key) or {}
    return {name: values if name in many else values[0] for name, values in data.items() if values}


def draft_delete(*, user: Any, key: str) -> None:
    FormDraft.objects.filter(user=user, key=key).delete()


def save_and_sign_out(request: HttpRequest, *, key: str) -> HttpResponse:
    """The timeout warning ran out on a form page: keep what was typed, then sign out."""
    if request.user.is_authenticated:
        draft_save(user=request.user, key=key, data=request.POST)
    return timeout.sign_out_idle(request, next_url=request.path)


def drafts_apply_retention(*, now: datetime | None = None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=KEEP_DAYS)
    deleted, _ = FormDraft.objects.filter(updated_at__lt=cutoff).delete()
    return deleted
