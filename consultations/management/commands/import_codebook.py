"""Import a REFI-QDA ``.qdc`` codebook (from NVivo, ATLAS.ti, MAXQDA, QualCoder or here).

    python manage.py import_codebook codes.qdc [--name NAME] [--consultation ID]
    python manage.py import_codebook codes.qdc --into 12     # update codes by GUID

An invalid file imports nothing and exits with status 1 and the reason.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.coding.models import Codebook
from consultations.coding.refi.codebook import MAX_BYTES, codebook_import, parse_qdc
from consultations.coding.services import CodingError
from consultations.models import Consultation


class Command(BaseCommand):
    help = "Import a REFI-QDA codebook file (.qdc) as a new codebook or into an existing one."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="The .qdc file.")
        parser.add_argument("--name", default="", help="Name for the new codebook.")
        parser.add_argument("--consultation", type=int, help="Make it this consultation's.")
        parser.add_argument("--into", type=int, help="Update this codebook instead.")

    def handle(self, *args, file, name="", consultation=None, into=None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"There is no file {file}.")
        target = None
        if into is not None:
            target = Codebook.objects.filter(pk=into).first()
            if target is None:
                raise CommandError(f"There is no codebook number {into}.")
        owner = None
        if consultation is not None:
            owner = Consultation.objects.filter(pk=consultation).first()
            if owner is None:
                raise CommandError(f"There is no consultation number {consultation}.")
        # Refused by its size before it is read, like an upload.
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(
                f"{file}: the file is too big. A codebook file must be under "
                f"{MAX_BYTES // (1024 * 1024)} MB. Nothing was imported."
            )
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
        try:
            parse_qdc(data)  # check the file before touching the database
            book = codebook_import(data=data, name=name, consultation=owner, into=target)
        except CodingError as exc:
            raise CommandError(f"{file}: {exc} Nothing was imported.") from exc
        count = book.codes.filter(is_active=True).count()
        self.stdout.write(f"Imported codebook {book.pk} “{book.name}” ({count} codes).")
