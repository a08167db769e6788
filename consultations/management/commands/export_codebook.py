"""Export a codebook as a REFI-QDA ``.qdc`` file, for NVivo, ATLAS.ti, MAXQDA or QualCoder.

python manage.py export_codebook --list
python manage.py export_codebook 12 -o relationship.qdc
python manage.py export_codebook 12 > relationship.qdc
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.coding.models import Codebook
from consultations.coding.refi import codebook_to_qdc
from consultations.coding.services import CodingError


class Command(BaseCommand):
    help = "Export a codebook as a REFI-QDA codebook file (.qdc)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("codebook", nargs="?", type=int, help="The codebook's number.")
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")
        parser.add_argument(
            "--list", dest="list_codebooks", action="store_true", help="List codebooks and stop."
        )

    def handle(self, *args, codebook=None, output=None, list_codebooks=False, **options) -> None:
        if list_codebooks:
            for listed in Codebook.objects.select_related("consultation").order_by("pk"):
                where = listed.consultation.title if listed.consultation else "shared"
                self.stdout.write(f"{listed.pk}\t{listed.name}\t({where})")
            return
        if codebook is None:
            raise CommandError("Give the codebook's number (see --list).")
        book = Codebook.objects.filter(pk=codebook).first()
        if book is None:
            raise CommandError(f"There is no codebook number {codebook} (see --list).")
        try:
            data = codebook_to_qdc(book)
        except CodingError as exc:
            raise CommandError(str(exc)) from exc
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(data.decode("utf-8"), ending="")
