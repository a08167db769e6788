"""Declared seams: what each app adds to the portal, in one place per app.

Every app may have a ``hooks.py``. ``autodiscover()`` (run once from ``CoreConfig.ready``)
imports each of them with Django's ``autodiscover_modules("hooks")``, in ``INSTALLED_APPS``
order, and each calls the ``register_*`` functions below to declare:

- **home sections** (``register_home_section``): a heading, a sentence and links, by role;
- **navigation** (``register_nav_item``): header links, by role;
- **to-dos** (``register_todos``): a function ``(user) -> list[Todo]`` giving what this
  person should do next, most urgent first on their home page;
- **public links** (``register_public_links``): links for the signed-out home page;
- **personal data** (``register_personal_data``): the module that registers the app's
  models with ``core.personal_data.registry`` (importing it registers them);
- **action sources** (``register_action_source``): resolvers for things people said that
  an action can answer. The action plan owns its source registry
  (``actionplan.sources``) and fills it from these declarations, so a lower app (council)
  never imports it;
- **demo data** (``register_demo_data``): the ``seed(users)`` function ``seed_demo`` calls;
- **re-authentication purposes** (``register_reauthentication_purpose``): for a view that asks
  for the password again, what the "Confirm it is you" page says is about to happen ("You
  are about to see who wrote an answer"), by the view's URL name.

Core imports no app: it only holds what the apps declare (its own sections name roles with
``users.roles.Role``, the one list of roles, imported inside ``_register_core``). An app's
``hooks.py`` imports only from itself and from lower apps.

Query budget: a to-do provider or a public-links provider runs on every home page, so it
must make a fixed number of queries whatever the data (``tests/core/test_home_todos.py``
pins the home page's count for each role with lots of data).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import ModuleType
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db.models import Count, Min, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules

if TYPE_CHECKING:
    from users.roles import Role

logger = logging.getLogger(__name__)

# A plain or a lazily translated string (``gettext_lazy``).
Text = str | Promise

# --- What an app can declare -------------------------------------------------------------


@dataclass(frozen=True)
class HomeLink:
    text: Text
    url_name: str
    # Shown only when this returns True for the person (e.g. "Ask for a peer mentor" only
    # to a member who has no mentor and no open request). One bounded query at most.
    show_if: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class HomeSection:
    role: Role | None  # None: everyone signed in
    heading: Text
    intro: Text
    links: Sequence[HomeLink] = ()
    order: int = 50


@dataclass(frozen=True)
class NavItem:
    label: Text
    url_name: str
    roles: frozenset[Role] | None = None  # None: everyone signed in
    order: int = 50


class Urgency(enum.IntEnum):
    """How soon something needs doing; the home page lists the most urgent first."""

    OVERDUE = 0  # past its date
    SOON = 1  # within the next few days
    NORMAL = 2
    LATER = 3


@dataclass(frozen=True)
class Todo:
    """One thing a person should do, with one link and (nearly always) a date.

    ``when_label`` says what the date is ("Voting closes", "Starts", "Waiting since");
    ``when`` is a ``date`` or an aware ``datetime`` and the template shows it with the
    ``portal_dates`` filters. Never put anything here the person may not see.
    """

    text: str
    url: str
    when: date | datetime | None = None
    when_label: str = ""
    urgency: Urgency = Urgency.NORMAL
    hint: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, datetime)

    @property
    def is_overdue(self) -> bool:
        return self.urgency == Urgency.OVERDUE

    @property
    def is_soon(self) -> bool:
        return self.urgency == Urgency.SOON

    def sort_key(self) -> tuple[int, int, date, time]:
        """Most urgent first; within that, soonest first; undated last."""
        when = self.when
        if when is None:
            return (int(self.urgency), 1, date.max, time.max)
        if isinstance(when, datetime):
            local = timezone.localtime(when) if timezone.is_aware(when) else when
            return (int(self.urgency), 0, local.date(), local.time())
        return (int(self.urgency), 0, when, time.max)


def backlog_todos(
    text: Promise,
    waiting: QuerySet[Any],
    *,
    dated_by: str,
    url: str,
    when_label: str,
    soon_after: timedelta,
    hint: str = "",
) -> list[Todo]:
    """The pile of work ``waiting`` for someone, as one to-do (none when the pile is empty).

    ``text`` is an ``ngettext_lazy(singular, plural, "count")``; the to-do is dated by the
    oldest item's ``dated_by`` and is soon once that item is older than ``soon_after``.
    One query.
    """
    found = waiting.aggregate(count=Count("pk"), oldest=Min(dated_by))
    count, oldest = found["count"], found["oldest"]
    if not count:
        return []
    return [
        Todo(
            text=text % {"count": count},
            url=url,
            when=timezone.localdate(oldest) if oldest else None,
            when_label=when_label,
            urgency=Urgency.SOON
            if oldest and timezone.now() - oldest > soon_after
            else Urgency.NORMAL,
            hint=hint,
        )
    ]


TodoProvider = Callable[[Any], Iterable[Todo]]


@dataclass(frozen=True)
class TodoSource:
    provider: TodoProvider
    roles: frozenset[str] | None  # None: everyone signed in


@dataclass(frozen=True)
class PublicLink:
    text: str
    url: str
    hint: str = ""
    group: str = ""  # links with the same group are listed together under it


PublicLinksProvider = Callable[[], Iterable[PublicLink]]


@dataclass(frozen=True)
class PublicLinks:
    heading: Text
    intro: Text
    provider: PublicLinksProvider
    order: int = 50


@dataclass(frozen=True)
class ActionSource:
    """References to ``model_label`` (``app_label.model``) resolve through ``resolve``.

    ``kind`` is one of the action plan's ``SourceKind`` values; the action plan checks it
    when it fills its registry. See ``actionplan.sources`` for what a resolver returns.
    """

    model_label: str
    kind: str
    resolve: Callable[..., Any]


DemoSeed = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class DemoData:
    app_label: str
    seed: DemoSeed


# --- The registry ------------------------------------------------------------------------


@dataclass
class Hooks:
    home_sections: list[HomeSection] = field(default_factory=list)
    nav_items: list[NavItem] = field(default_factory=list)
    todo_sources: list[TodoSource] = field(default_factory=list)
    public_links: list[PublicLinks] = field(default_factory=list)
    personal_data_modules: list[str] = field(default_factory=list)
    action_sources: dict[str, ActionSource] = field(default_factory=dict)
    demo_data: list[DemoData] = field(default_factory=list)
    reauthentication_purposes: dict[str, Text] = field(default_factory=dict)


registry = Hooks()


def _add(items: list[Any], item: Any) -> None:
    # A hooks module runs once, but a test may import one again: never list a thing twice.
    if item not in items:
        items.append(item)


def register_home_section(section: HomeSection) -> None:
    _add(registry.home_sections, section)


def register_nav_item(item: NavItem) -> None:
    _add(registry.nav_items, item)


def register_todos(provider: TodoProvider, *, roles: Iterable[str] | None = None) -> None:
    """``provider(user)`` runs only for people holding one of ``roles`` (all if ``None``)."""
    _add(registry.todo_sources, TodoSource(provider, frozenset(roles) if roles else None))


def register_public_links(links: PublicLinks) -> None:
    _add(registry.public_links, links)


def register_personal_data(module: ModuleType) -> None:
    """Declare the module that registers this app's models with the personal-data registry.

    Importing it (which the caller has done) registered them; this records that it did, so
    a missing declaration shows up in ``tests/core/test_personal_data.py``.
    """
    _add(registry.personal_data_modules, module.__name__)


def register_action_source(model_label: str, *, kind: str, resolve: Callable[..., Any]) -> None:
    registry.action_sources[model_label.lower()] = ActionSource(model_label.lower(), kind, resolve)


def register_demo_data(app_label: str, seed: DemoSeed) -> None:
    _add(registry.demo_data, DemoData(app_label, seed))


# --- Reading it --------------------------------------------------------------------------

_discovered = False


def autodiscover() -> None:
    """Import every installed app's ``hooks`` module, once."""
    global _discovered
    if _discovered:
        return
    _discovered = True
    _register_core()
    autodiscover_modules("hooks")


def register_reauthentication_purpose(url_name: str, text: Text) -> None:
    """``text`` is one sentence, "You are about to …", shown when the password is asked for
    again before the view ``url_name`` (``app:name``) goes ahead."""
    registry.reauthentication_purposes[url_name] = text


def reauthentication_purpose(next_path: str) -> Text | None:
    """What the person is about to do at ``next_path``, if its view declared it."""
    from django.urls import Resolver404, resolve

    if not next_path.startswith("/") or next_path.startswith("//"):
        return None
    try:
        match = resolve(next_path.split("?", 1)[0])
    except Resolver404:
        return None
    return registry.reauthentication_purposes.get(match.view_name)


def demo_data() -> list[DemoData]:
    """Demo loaders in ``INSTALLED_APPS`` order (a higher app's demo uses a lower one's)."""
    order = {config.label: n for n, config in enumerate(apps.get_app_configs())}
    return sorted(registry.demo_data, key=lambda d: order.get(d.app_label, len(order)))


def todos_for(user: Any) -> list[Todo]:
    """Everything ``user`` should do next, most urgent first, then soonest.

    One app's failing provider must not take the home page down with it: the error is
    logged and that app's to-dos are left out.
    """
    roles = set(user.roles)
    found: list[Todo] = []
    for source in registry.todo_sources:
        if source.roles is not None and not roles & source.roles:
            continue
        try:
            found.extend(source.provider(user))
        except Exception:
            logger.exception("To-do provider %s failed", source.provider.__qualname__)
    return sorted(found, key=Todo.sort_key)


# --- Core's own ----------------------------------------------------------------------------


def _register_core() -> None:
    from django.utils.translation import gettext_lazy as _

    from core import personal_data

    # Imported here, not at the top: core sits below users, and only this registration (run
    # once the apps are loaded) needs the role names.
    from users.roles import Role

    personal_data.register_core()
    register_personal_data(personal_data)
    for section in (
        HomeSection(
            Role.MEMBER,
            _("Have your say"),
            _(
                "This portal is run with people on probation. You can vote for the council that "
                "speaks for you, answer questions about the service, ask for a peer mentor, and "
                "see what has changed because of what people said. How you vote is secret. "
                "Your probation officer cannot see your answers."
            ),
            (),
            10,
        ),
        HomeSection(
            Role.STAFF,
            _("Accounts"),
            _("Make an account for someone on probation and print their invite slip."),
            (
                HomeLink(_("People"), "users:user-list"),
                HomeLink(_("Add a person"), "users:user-create"),
            ),
            80,
        ),
        HomeSection(
            Role.ADMINISTRATOR,
            _("Running the portal"),
            _("Accounts, roles, settings and the audit log."),
            (
                HomeLink(_("Audit log"), "core:audit-log"),
                HomeLink(_("Requests to delete accounts"), "users:deletion-requests"),
                HomeLink(_("Administration"), "admin:index"),
            ),
            90,
        ),
        HomeSection(
            None,
            _("Your account"),
            _("Your details, your password, your messages, and all the data we hold about you."),
            (
                HomeLink(_("My account"), "users:my-account"),
                HomeLink(_("Messages"), "core:inbox"),
            ),
            95,
        ),
    ):
        register_home_section(section)
    for item in (
        NavItem(_("Home"), "core:home", None, 0),
        NavItem(_("People"), "users:user-list", frozenset({Role.STAFF, Role.ADMINISTRATOR}), 80),
        NavItem(_("Audit log"), "core:audit-log", frozenset({Role.ADMINISTRATOR}), 90),
    ):
        register_nav_item(item)
