"""Settings for the real Celery worker in tests/core/test_outbox_worker.py: the test settings,
with e-mail and SMS backends that record every send in a file the test reads."""

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "tests.core.recording_backends.RecordingEmailBackend"
SMS_BACKEND = "tests.core.recording_backends.RecordingSmsBackend"
