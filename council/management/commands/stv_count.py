"""Count any BLT file with the portal's Scottish STV count, offline.

    python manage.py stv_count FILE.blt [--seed N] [--json]

Prints the round-by-round report, or with ``--json`` an object with ``quota``, ``elected``
(in order of election) and ``stages`` (and the rest of the report). Touches no database.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from council import stv


class Command(BaseCommand):
    help = "Count a BLT file by Scottish STV and print the report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Path to a BLT file ('-' for standard input).")
        parser.add_argument(
            "--seed", default="0", help="Seed for any tie decided by lot (default 0)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, **options) -> None:
        path = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path} is not a UTF-8 text file.") from None
        try:
            election = stv.parse_blt(text)
            result = stv.count(
                candidates=election.candidates,
                ballots=election.ballots,
                seats=election.seats,
                seed=options["seed"],
                withdrawn=election.withdrawn,
            )
        except (stv.BltError, stv.CountError) as exc:
            raise CommandError(str(exc)) from None
        report = result.as_dict()
        report["title"] = election.title
        report["withdrawn"] = election.withdrawn
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=2, ensure_ascii=False))
            return
        self.stdout.write(self._table(report))

    @staticmethod
    def _row(label: str, width: int, change: str, votes: str) -> str:
        return f"  {label:<{width}} {change:>14} {votes:>14}"

    def _table(self, report: dict) -> str:
        lines = []
        if report["title"]:
            lines.append(report["title"])
        lines.append(report["rules"])
        lines.append(
            f"Ballots {report['ballots']}, invalid {report['invalid']}, valid {report['valid']}, "
            f"seats {report['seats']}, quota {report['quota']}, seed {report['seed']}"
        )
        if report["withdrawn"]:
            lines.append("Withdrawn: " + ", ".join(report["withdrawn"]))
        width = max([len(n) for n in report["candidates"]] + [16])
        for stage in report["stages"]:
            if stage["action"] == "first preferences":
                what = "first preferences"
            elif stage["action"] == "surplus":
                what = f"surplus of {stage['subject']} at transfer value {stage['transfer_value']}"
            else:
                what = f"exclusion of {stage['subject']}"
            lines.append("")
            lines.append(f"Stage {stage['number']}: {what}")
            for name in report["candidates"]:
                mark = (
                    " elected"
                    if name in stage["elected"]
                    else (" excluded" if name in stage["excluded"] else "")
                )
                lines.append(
                    self._row(name, width, stage["changes"][name], stage["votes"][name]) + mark
                )
            lines.append(
                self._row(
                    "non-transferable",
                    width,
                    stage["non_transferable_change"],
                    stage["non_transferable"],
                )
            )
            lines.append(
                self._row(
                    "lost to rounding", width, stage["rounding_loss_change"], stage["rounding_loss"]
                )
            )
            lines.append(self._row("total", width, "", stage["total"]))
        for tie in report["ties"]:
            how = (
                "by lot"
                if tie["method"] == "lot"
                else f"by votes at stage {tie['decided_at_stage']}"
            )
            lines.append(
                f"Tie at stage {tie['stage']} ({tie['purpose']}): {', '.join(tie['tied'])}; "
                f"{tie['chosen']} chosen {how}."
            )
        lines.append("")
        lines.append("Elected: " + ", ".join(report["elected"]))
        return "\n".join(lines) + "\n"
