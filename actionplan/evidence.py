"""Checks on uploaded evidence: a short list of document and image types, at most 5 MB.

The extension alone is not trusted: the file's first bytes must match it, so a script
renamed to ``.pdf`` is refused. Files are stored under a random name and only ever served
as a download (never shown inline) to people who may see the action.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_EVIDENCE_BYTES = 5 * 1024 * 1024

_ZIP = b"PK\x03\x04"
# extension: (content type to serve it with, magic bytes or None for plain text)
ALLOWED_EVIDENCE: dict[str, tuple[str, bytes | None]] = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".png": ("image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": ("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": ("image/jpeg", b"\xff\xd8\xff"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _ZIP),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _ZIP),
    ".odt": ("application/vnd.oasis.opendocument.text", _ZIP),
    ".txt": ("text/plain", None),
    ".csv": ("text/csv", None),
}


def allowed_list() -> str:
    return ", ".join(sorted(ext.lstrip(".").upper() for ext in ALLOWED_EVIDENCE))


def validate_evidence_file(upload: UploadedFile) -> tuple[str, str]:
    """Return (a safe display name, the content type to serve it as), or refuse the file."""
    name = Path(upload.name or "").name
    suffix = Path(name).suffix.lower()
    if suffix not in ALLOWED_EVIDENCE:
        raise ValidationError(
            _("The file must be one of these types: %(types)s.") % {"types": allowed_list()},
            code="type",
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > MAX_EVIDENCE_BYTES:
        raise ValidationError(_("The file must be smaller than 5 MB."), code="size")
    content_type, magic = ALLOWED_EVIDENCE[suffix]
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError(
            _("The file does not look like a %(type)s file. Check you chose the right file.")
            % {"type": suffix.lstrip(".").upper()},
            code="content",
        )
    if magic is None and b"\x00" in head:
        # Text has no NUL bytes; nearly every binary (executables, archives) does.
        raise ValidationError(_("The file does not look like a plain text file."), code="content")
    safe_name = "".join(ch for ch in name if ch.isalnum() or ch in " ._-()")[:150] or "evidence"
    return safe_name, content_type
