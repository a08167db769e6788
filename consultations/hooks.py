"""What the consultations app adds to the portal: home sections, navigation, to-dos, public
links (published themes), personal data, action sources and demo data (see ``core.hooks``)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core import hooks
from core.hooks import HomeLink, HomeSection, NavItem, PublicLink, PublicLinks, Todo, Urgency
from users.roles import MEMBER_ROLES, Role

SHOWN = 5
# Staff are told about consultations closing within this many days.
CLOSING_DAYS = 7


def _closing_urgency(closes: Any, now: Any) -> Urgency:
    return Urgency.SOON if closes and closes - now < timedelta(days=3) else Urgency.NORMAL


def _member_todos(user: Any) -> list[Todo]:
    """Open consultations this person can answer and has not (a fixed number of queries)."""
    from consultations.selectors import open_consultations_for_member

    now = timezone.now()
    todos = []
    for item in open_consultations_for_member(user):
        if item.answered:
            continue
        consultation = item.consultation
        todos.append(
            Todo(
                text=gettext("Answer the consultation: %(title)s") % {"title": consultation.title},
                url=reverse("consultations:start", args=[consultation.pk]),
                when=consultation.closes_at,
                when_label=gettext("Closes") if consultation.closes_at else "",
                urgency=_closing_urgency(consultation.closes_at, now),
                hint=gettext("Your probation officer cannot see your answers."),
            )
        )
        if len(todos) == SHOWN:
            break
    return todos


def _staff_todos(user: Any) -> list[Todo]:
    """Answers waiting to be coded, and consultations closing soon (two queries)."""
    from consultations.coding.models import CodingItem
    from consultations.models import Consultation

    now = timezone.now()
    todos = []
    waiting = (
        CodingItem.objects.filter(state__in=CodingItem.QUEUE_STATES)
        .values(
            "question__consultation_id",
            "question__consultation__title",
            "question__consultation__closes_at",
        )
        .annotate(count=Count("pk"))
        .order_by("question__consultation__closes_at", "question__consultation_id")[:SHOWN]
    )
    for row in waiting:
        count = row["count"]
        closes = row["question__consultation__closes_at"]
        todos.append(
            Todo(
                text=ngettext(
                    "%(count)s answer waiting to be coded: %(title)s",
                    "%(count)s answers waiting to be coded: %(title)s",
                    count,
                )
                % {"count": count, "title": row["question__consultation__title"]},
                url=reverse(
                    "consultations:coding-overview", args=[row["question__consultation_id"]]
                ),
                when=closes,
                when_label=(gettext("Closed") if closes < now else gettext("Closes"))
                if closes
                else "",
                urgency=Urgency.NORMAL,
            )
        )
    closing = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        closes_at__gte=now,
        closes_at__lt=now + timedelta(days=CLOSING_DAYS),
    ).order_by("closes_at", "pk")[:SHOWN]
    for consultation in closing:
        todos.append(
            Todo(
                text=gettext("Consultation closing soon: %(title)s")
                % {"title": consultation.title},
                url=reverse("consultations:manage-detail", args=[consultation.pk]),
                when=consultation.closes_at,
                when_label=gettext("Closes"),
                urgency=_closing_urgency(consultation.closes_at, now),
            )
        )
    return todos


def _published_themes() -> list[PublicLink]:
    """Themes anyone may read: those of consultations whose lead coder published them, newest
    first (one query). A theme page shows names, definitions and counts: no quotes, no names."""
    from consultations.coding.models import QuestionCoding

    rows = (
        QuestionCoding.objects.filter(
            question__consultation__coding__themes_published_at__isnull=False,
            codebook__codes__is_codable=True,
            codebook__codes__is_active=True,
        )
        .values(
            "question_id",
            "question__consultation__title",
            "codebook__codes__pk",
            "codebook__codes__name",
        )
        .order_by(
            "-question__consultation__coding__themes_published_at",
            "question__position",
            "question_id",
            "codebook__codes__position",
            "codebook__codes__pk",
        )[:8]
    )
    return [
        PublicLink(
            text=row["codebook__codes__name"],
            url=reverse(
                "consultations:theme",
                kwargs={"pk": row["codebook__codes__pk"], "question_pk": row["question_id"]},
            ),
            group=gettext("From the consultation: %(title)s")
            % {"title": row["question__consultation__title"]},
        )
        for row in rows
    ]


def _seed_demo(users: dict[str, Any]) -> None:
    from consultations import demo

    demo.seed(users)


def register() -> None:
    from consultations import action_sources, personal_data

    hooks.register_personal_data(personal_data)
    hooks.register_action_source(
        "consultations.code", kind="consultation_code", resolve=action_sources.resolve_code
    )
    hooks.register_demo_data("consultations", _seed_demo)
    hooks.register_reauthentication_purpose(
        "consultations:steward-reidentify", _("You are about to see who wrote an answer.")
    )
    hooks.register_todos(_member_todos, roles=MEMBER_ROLES)
    hooks.register_todos(_staff_todos, roles={Role.STAFF})
    hooks.register_public_links(
        PublicLinks(
            _("What people said: published themes"),
            _(
                "The main themes in what people told us in consultations, and how many people "
                "raised each. Nobody is named or quoted."
            ),
            _published_themes,
            20,
        )
    )
    for section in (
        HomeSection(
            Role.MEMBER,
            _("Consultations"),
            _(
                "Tell the probation service what you think. Each consultation says "
                "before you start who can see your answers. You can withdraw your "
                "answers at any time without giving a reason."
            ),
            (
                HomeLink(_("Consultations you can answer"), "consultations:list"),
                HomeLink(_("My answers"), "consultations:my-answers"),
            ),
            20,
        ),
        HomeSection(
            Role.STAFF,
            _("Consultations"),
            _(
                "Build questionnaires, type in interviews and paper forms, and read "
                "the answers. You never see who wrote an anonymous or pseudonymous answer."
            ),
            (
                HomeLink(_("All consultations"), "consultations:manage-list"),
                HomeLink(_("New consultation"), "consultations:create"),
            ),
            30,
        ),
        HomeSection(
            Role.STAFF,
            _("Coding answers into themes"),
            _(
                "Code free-text answers with a codebook, fast and with the keyboard. "
                "Open a consultation and choose ‘Code the answers’. Coders never see "
                "who wrote an answer."
            ),
            (HomeLink(_("Codebooks"), "consultations:codebook-list"),),
            31,
        ),
        HomeSection(
            Role.SENIOR_MANAGER,
            _("Consultation results"),
            _(
                "What people said in each consultation, with charts and tables. Open "
                "a consultation and choose ‘Report’ for the themes found in the answers."
            ),
            (HomeLink(_("All consultations"), "consultations:manage-list"),),
            30,
        ),
        HomeSection(
            Role.DATA_STEWARD,
            _("Finding who wrote an answer"),
            _(
                "Only you can find out who wrote a pseudonymous answer. You must sign "
                "in again and give a reason, and it is logged."
            ),
            (HomeLink(_("Look up an answer"), "consultations:steward-lookup"),),
            30,
        ),
    ):
        hooks.register_home_section(section)
    for item in (
        NavItem(
            _("Consultations"),
            "consultations:list",
            frozenset({Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE}),
            20,
        ),
        NavItem(
            _("Consultations"),
            "consultations:manage-list",
            frozenset({Role.STAFF, Role.SENIOR_MANAGER}),
            21,
        ),
        NavItem(
            _("Answer look-up"),
            "consultations:steward-lookup",
            frozenset({Role.DATA_STEWARD}),
            22,
        ),
    ):
        hooks.register_nav_item(item)


register()
