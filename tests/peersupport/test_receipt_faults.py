"""Fault test (issue 19): the disk is full, or the upload folder cannot be written, when a
mentor sends a receipt. They get a clear error, the claim stays a draft with what it had,
and no half-written file is left behind."""

import errno
import os
from decimal import Decimal

import pytest
from django.urls import reverse

from peersupport import services
from peersupport.models import ClaimStatus, ExpenseClaim
from tests.peersupport.factories import active_mentor
from tests.peersupport.practice_factories import PDF, PNG, attended_session, upload

pytestmark = pytest.mark.django_db

REAL_FDOPEN = os.fdopen


class _FullDisk:
    """A file that takes half of the first chunk, then reports that the disk is full."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, chunk):
        self.handle.write(chunk[: len(chunk) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def close(self):
        self.handle.close()


def _full_disk_fdopen(fd, *args, **kwargs):
    return _FullDisk(REAL_FDOPEN(fd, *args, **kwargs))


def _on_disk(settings, folder):
    settings.MEDIA_ROOT = str(folder)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(folder)},
        },
    }


def _files(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _form(session, receipt):
    return {
        "source": f"session-{session.pk}",
        "journey_from": "Home",
        "journey_to": "Group",
        "mode": "bus",
        "amount": "3.20",
        "receipt": receipt,
    }


def test_disk_full_while_replacing_a_receipt_keeps_the_draft_as_it_was(
    staff, client_for, settings, tmp_path, monkeypatch
):
    media = tmp_path / "media"
    _on_disk(settings, media)
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    claim = services.claim_save(
        claimant=mentor,
        source=f"session-{session.pk}",
        journey_from="Home",
        journey_to="Group",
        mode="bus",
        amount=Decimal("2.00"),
        receipt=upload(PNG, "first.png"),
    )
    before = _files(media)
    assert before == [claim.receipt.name]

    monkeypatch.setattr("django.core.files.storage.filesystem.os.fdopen", _full_disk_fdopen)
    response = client_for(mentor).post(
        reverse("peersupport:claim-edit", kwargs={"pk": claim.pk}),
        _form(session, upload(PDF, "second.pdf")),
    )
    monkeypatch.undo()

    assert response.status_code == 200
    page = response.content.decode()
    assert "We could not save your receipt" in page and "Nothing was saved" in page
    assert 'value="3.20"' in page  # what they typed is still on the form
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DRAFT
    assert claim.amount == Decimal("2.00") and claim.receipt_content_type == "image/png"
    assert _files(media) == before  # the cut-off file is gone; the old receipt is kept
    assert (media / claim.receipt.name).read_bytes() == PNG


def test_an_upload_folder_that_cannot_be_written_refuses_the_new_claim_cleanly(
    staff, client_for, settings, tmp_path
):
    blocked = tmp_path / "media"
    blocked.write_text("not a folder")  # every write under it fails, even as root
    _on_disk(settings, blocked)
    mentor = active_mentor(staff)
    session = attended_session(staff, mentor)
    response = client_for(mentor).post(
        reverse("peersupport:claim-create"), _form(session, upload(PDF, "ticket.pdf"))
    )
    assert response.status_code == 200
    assert "We could not save your receipt" in response.content.decode()
    assert not ExpenseClaim.objects.exists()
    assert blocked.read_text() == "not a folder"
    # Without the receipt the claim can be saved as a draft, to add the receipt later.
    response = client_for(mentor).post(
        reverse("peersupport:claim-create"), {**_form(session, ""), "receipt": ""}
    )
    assert response.status_code == 302
    assert ExpenseClaim.objects.get().status == ClaimStatus.DRAFT
