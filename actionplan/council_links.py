"""Tell council which public actions answer its decisions and agenda items.

Council cannot import the action plan (imports run one way), so it offers a hook,
``council.action_links.register_action_finder``, which ``ActionplanConfig.ready`` fills
with ``find_public_actions``. Members then see "became action Y" on their issue's trail.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from actionplan.models import ActionSource
from council.action_links import ActionLink


def find_public_actions(refs: list[str]) -> dict[str, list[ActionLink]]:
    """Public actions citing each council reference, in one query (actionplan_source_ref_idx)."""
    wanted = Q(pk__in=[])
    for ref in refs:
        model, _sep, pk = ref.partition(":")
        wanted |= Q(ref_model=model, ref_id=pk)
    found: dict[str, list[ActionLink]] = {}
    sources = (
        ActionSource.objects.filter(wanted, action__is_public=True)
        .select_related("action")
        .order_by("action_id")
    )
    for source in sources:
        found.setdefault(f"{source.ref_model}:{source.ref_id}", []).append(
            ActionLink(
                title=source.action.title,
                status=source.action.get_status_display(),
                link=reverse("actionplan:board-detail", args=[source.action_id]),
            )
        )
    return found
