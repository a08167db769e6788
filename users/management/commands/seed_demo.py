"""Load demo data: one account per role, then each app's demo data. Safe to run twice."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from core import hooks
from users import demo


class Command(BaseCommand):
    help = "Create demo accounts (one per role) and each app's demo data. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--not-production",
            action="store_true",
            help="Confirm this database is not a live one (needed when DEBUG is off).",
        )

    def handle(self, *args, not_production: bool = False, **options) -> None:
        if not settings.DEBUG and not not_production:
            raise CommandError(
                "Demo accounts share a published password. Refusing to create them with "
                "DEBUG off; pass --not-production if this really is not a live database."
            )
        users = demo.seed()
        # Every other app's demo data, declared in its hooks.py, in INSTALLED_APPS order.
        for loader in hooks.demo_data():
            loader.seed(users)
            config = apps.get_app_config(loader.app_label)
            self.stdout.write(f"Demo data loaded: {config.verbose_name}")
        self.stdout.write("")
        self.stdout.write("Demo accounts (username / password):")
        for username, display_name, _ in demo.DEMO_ACCOUNTS:
            note = ""
            if users[username].requires_mfa:
                note = f"  (two-factor code: make demo-code ACCOUNT={username})"
            self.stdout.write(f"  {username:<18} {demo.DEMO_PASSWORD}   {display_name}{note}")
