"""Action-plan fixtures: a fake source resolver standing in for council's (not built yet)."""

from __future__ import annotations

import pytest

from actionplan import sources


class FakeCouncil:
    """A stand-in for council's decisions: pk -> (summary, raised_by user ids)."""

    label = "council.decision"

    def __init__(self) -> None:
        self.records: dict[str, dict] = {}
        self.calls: list[tuple[str, object]] = []
        self.hidden_from: set[int] = set()

    def add(self, pk, *, summary, raised_by=(), count=None, link=""):
        self.records[str(pk)] = {
            "summary": summary,
            "raised_by": list(raised_by),
            "count": count,
            "link": link,
        }

    def __call__(self, *, pk: str, user):
        self.calls.append((pk, user))
        if user is not None and user.pk in self.hidden_from:
            return None
        return self.records.get(pk)


@pytest.fixture
def fake_council():
    council = FakeCouncil()
    sources.register(council.label, kind="council_decision", resolve=council)
    yield council
    sources.unregister(council.label)
    # Put back the real resolvers (council's own) that the fake stood in for.
    sources.autodiscover()


@pytest.fixture
def exported(settings, tmp_path, django_capture_on_commit_callbacks):
    """Press an export page's button and download the file its job made (the job runs at once:
    Celery is eager in tests). ``exported(client, "csv", "plan=3")`` -> the download response."""
    from django.urls import reverse

    from core.models import Job

    settings.MEDIA_ROOT = str(tmp_path)

    def export(client, fmt: str, query: str = ""):
        url = reverse("actionplan:export-csv" if fmt == "csv" else "actionplan:export-xlsx")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{url}?{query}" if query else url)
        job = Job.objects.get(kind="actionplan.export", status=Job.Status.DONE)
        assert response["Location"] == job.get_absolute_url()
        download = client.get(reverse("core:job-download", kwargs={"public_id": job.public_id}))
        assert download.status_code == 200
        return download

    return export
