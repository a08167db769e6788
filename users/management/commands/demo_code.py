"""Print the current two-factor code of a demo account (development only)."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from users.demo import DEMO_ACCOUNTS, DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code for a demo account. Refuses unless DEBUG is on."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username", nargs="?", default="staff")

    def handle(self, *args, username: str, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("demo_code works only in development (DEBUG on).")
        if username not in {name for name, _, _ in DEMO_ACCOUNTS}:
            raise CommandError(f"{username} is not a demo account.")
        counter = next(iter(yield_hotp_counters_from_time()))
        self.stdout.write(format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter)))
