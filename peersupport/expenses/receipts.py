"""Receipt uploads: PDF, JPG or PNG, at most 5 MB, checked by their first bytes as well as
their name, so a renamed program or web page is refused."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_RECEIPT_BYTES = 5 * 1024 * 1024
# Suffix -> (the content type it is served as, the bytes such a file starts with).
ALLOWED_RECEIPTS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
}


def validate_receipt(upload: UploadedFile) -> tuple[str, str]:
    """Return (a safe display name, the content type to serve it as), or refuse the file."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_RECEIPTS:
        raise ValidationError(_("The receipt must be a PDF, JPG or PNG file."), code="type")
    if not upload.size:
        raise ValidationError(_("The receipt file is empty."), code="empty")
    if upload.size > MAX_RECEIPT_BYTES:
        raise ValidationError(_("The receipt must be smaller than 5 MB."), code="size")
    content_type, magic = ALLOWED_RECEIPTS[suffix]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(magic):
        raise ValidationError(
            _("The file does not look like a %(type)s. Check you chose the right file.")
            % {"type": suffix.lstrip(".").upper()},
            code="content",
        )
    safe = "".join(ch for ch in name if ch.isalnum() or ch in " ._-()")[:150] or "receipt"
    return safe, content_type
