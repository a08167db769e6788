"""What every part of the count needs: the period, today, the councils and their places."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from council.models import Constituency, Council, Membership
from dashboards.periods import Period

ALL = "all"


@dataclass(frozen=True)
class CouncilInfo:
    id: int
    name: str
    slug: str

    @property
    def scope(self) -> str:
        return str(self.id)


@dataclass
class Context:
    period: Period
    today: date
    now: datetime
    councils: list[CouncilInfo]
    # Place constituencies of each council: (id, name), by name.
    places: dict[int, list[tuple[int, str]]] = field(default_factory=dict)
    place_council: dict[int, int] = field(default_factory=dict)
    constituency_council: dict[int, int] = field(default_factory=dict)

    @property
    def scopes(self) -> list[str]:
        return [ALL] + [c.scope for c in self.councils]

    @property
    def start_at(self) -> datetime:
        """The period's first moment (local midnight), for filtering date-times."""
        return timezone.make_aware(datetime.combine(self.period.start, time.min))

    @property
    def end_before(self) -> datetime:
        """The moment just after the period (local midnight after its last day)."""
        return timezone.make_aware(datetime.combine(self.period.end + timedelta(days=1), time.min))

    def in_period(self, field_name: str) -> Q:
        """``field_name`` (a date-time) falls within the period."""
        return Q(**{f"{field_name}__gte": self.start_at, f"{field_name}__lt": self.end_before})

    def day_in_period(self, field_name: str) -> Q:
        """``field_name`` (a date) falls within the period."""
        return Q(**{f"{field_name}__gte": self.period.start, f"{field_name}__lte": self.period.end})

    def member_at_end(self, prefix: str = "") -> Q:
        """A membership current on the period's last day."""
        return Q(**{f"{prefix}joined_on__lte": self.period.end}) & (
            Q(**{f"{prefix}left_on__isnull": True}) | Q(**{f"{prefix}left_on__gt": self.period.end})
        )


def current_memberships(ctx: Context):
    # order_by(): the model's default ordering would join users and councils for nothing.
    return Membership.objects.filter(ctx.member_at_end()).order_by()


def build_context(period: Period, *, today: date | None = None, now=None) -> Context:
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    councils = [
        CouncilInfo(id=c["id"], name=c["name"], slug=c["slug"])
        for c in Council.objects.order_by("name").values("id", "name", "slug")
    ]
    ctx = Context(period=period, today=today, now=now, councils=councils)
    for row in Constituency.objects.order_by("name").values("id", "name", "kind", "council_id"):
        ctx.constituency_council[row["id"]] = row["council_id"]
        if row["kind"] == Constituency.Kind.PLACE:
            ctx.places.setdefault(row["council_id"], []).append((row["id"], row["name"]))
            ctx.place_council[row["id"]] = row["council_id"]
    return ctx
