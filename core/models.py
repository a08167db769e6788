from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit record."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: ANN003
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One thing someone did that must be answerable for later.

    Append-only: the model refuses updates and deletes, and on PostgreSQL and SQLite a
    trigger refuses them too, so not even a raw query through the app can rewrite history.
    """

    # No database-level foreign key: the record must outlive the account it names.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # "Everything that happened to this object", newest first.
            models.Index(
                fields=["object_type", "object_id", "-created_at"], name="core_audit_object_idx"
            ),
            # "Everything this person did", newest first.
            models.Index(fields=["actor", "-created_at"], name="core_audit_actor_idx"),
            models.Index(fields=["action", "-created_at"], name="core_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events cannot be deleted.")


class Notification(models.Model):
    """A message to one person: the in-portal inbox and the outbox for e-mail and SMS.

    ``dedupe_key`` is unique, so the same reminder can be asked for twice (two workers,
    a retried job) and is stored and sent once.

    The row is the truth about delivery (an outbox): each channel is ``queued`` until it is
    ``sent``, or ``failed`` for good (an address that cannot work, or too many tries).
    A delivery job claims the row with a lease (``claimed_until``), sends, and marks each
    channel as it goes; a periodic sweep queues again any row still waiting whose lease has
    run out, backing off after each try. ``reference`` travels with every send (GOV.UK
    Notify's ``reference``, the e-mail's Message-ID) so a retry can be recognised.
    """

    class Channel(models.TextChoices):
        INBOX = "inbox", _("Portal only")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("Text message")

    class Status(models.TextChoices):
        NONE = "none", _("Not sent this way")
        QUEUED = "queued", _("Waiting to be sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Could not be sent")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True)
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email_status = models.CharField(max_length=20, choices=Status.choices, default=Status.NONE)
    sms_status = models.CharField(max_length=20, choices=Status.choices, default=Status.NONE)
    # The outbox: how many times delivery was claimed, the lease of the current claim, when
    # the sweep should next look, and why the last try failed (a code, never an address).
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)
    # Set when every channel is finished (sent, or failed for good).
    delivered_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The inbox: my messages, newest first, and the unread count in the header.
            models.Index(fields=["user", "-created_at"], name="core_notif_inbox_idx"),
            models.Index(
                fields=["user"], name="core_notif_unread_idx", condition=models.Q(read_at=None)
            ),
            # The sweep: rows still waiting, by when to look at them next.
            models.Index(
                fields=["next_attempt_at"],
                name="core_notif_outbox_idx",
                condition=models.Q(delivered_at=None),
            ),
        ]

    def __str__(self) -> str:
        return self.subject


def _job_result_path(job: Job, filename: str) -> str:
    return f"jobs/{job.public_id}/{filename}"


class Job(models.Model):
    """Long work run off the request by a worker (core/jobs.py): the row is the truth.

    One job of a kind may be waiting or running for one subject at a time: the partial
    unique constraint makes a second start find the first (``jobs.start``), even when two
    people press the button at the same moment.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=60)
    # What the job is about, as "<label>:<pk>" (e.g. "election:12"), or "" for none.
    subject = models.CharField(max_length=100, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    # The result: a file to download, and/or a page to see it on, and a short summary.
    result_file = models.FileField(upload_to=_job_result_path, blank=True, max_length=300)
    result_url = models.CharField(max_length=300, blank=True)
    result_message = models.CharField(max_length=300, blank=True)
    # Why it failed, in plain English (never a traceback: that goes to the log).
    error = models.CharField(max_length=500, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # While running: the worker's lease. A job whose lease ran out (its worker died) may be
    # claimed again.
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the result file was removed by the clean-up (core.tasks.sweep_jobs).
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject"],
                condition=models.Q(status__in=["queued", "running"]),
                name="core_job_one_active_per_subject",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="core_job_progress_le_100"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "finished_at"], name="core_job_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} ({self.status})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:job", kwargs={"public_id": self.public_id})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class FormDraft(models.Model):
    """What someone typed into a form and has not sent yet (issue 16: no lost work).

    Written on every page change and when the timeout warning signs them out; read back
    into the form when they come back, after signing in again. One row per person per form
    (``key``, e.g. ``peersupport.match_request``). Deleted when the form is sent, and by the
    nightly retention run after ``core.drafts.KEEP_DAYS``. Personal data: registered in
    ``core.personal_data``; goes with the account.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="core_one_draft_per_form"),
        ]
        indexes = [
            # The retention run: drafts by age.
            models.Index(fields=["updated_at"], name="core_formdraft_updated_idx"),
        ]

    def __str__(self) -> str:
        return f"Draft of {self.key}"
