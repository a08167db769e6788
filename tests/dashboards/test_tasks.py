"""The periodic job keeps the preset periods counted and clears old snapshots; the demo adds
caseload figures once."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from council.models import Constituency
from dashboards import demo, tasks
from dashboards.models import CaseloadFigure, Snapshot
from dashboards.periods import presets
from tests.dashboards import factories as f

pytestmark = pytest.mark.django_db


def test_the_job_counts_every_preset_for_every_scope_and_is_safe_twice():
    north = f.make_council("North")
    old = Snapshot.objects.create(
        scope="all",
        date_from=date(2020, 1, 1),
        date_to=date(2020, 3, 31),
        computed_at=timezone.now() - timedelta(days=5),
        data={},
    )
    assert tasks.refresh_snapshots() == 4
    assert tasks.refresh_snapshots() == 4
    periods = {p.period for p in presets(timezone.localdate())}
    stored = {(s.date_from, s.date_to) for s in Snapshot.objects.filter(scope=str(north.pk))}
    assert stored == {(p.start, p.end) for p in periods}
    assert Snapshot.objects.filter(scope="all").count() == 4
    assert not Snapshot.objects.filter(pk=old.pk).exists()


def test_demo_caseload_figures_are_added_once(administrator):
    north = f.make_council("North", places=())
    for name in ("Leicester City", "Rutland"):
        Constituency.objects.create(council=north, name=name)
    demo.seed({"administrator": administrator})
    count = CaseloadFigure.objects.filter(council=north).count()
    assert count == 1 + 4 + 5 + 2
    demo.seed({"administrator": administrator})
    assert CaseloadFigure.objects.filter(council=north).count() == count
