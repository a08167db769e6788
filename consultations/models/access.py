"""Who may still answer an anonymous consultation (without a "has answered" row), and the
one-time access codes for open links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from consultations.models.consultations import Consultation


class AnonymousInvitation(models.Model):
    """That a member has been let in to an anonymous consultation (written when it opens).

    Together with ``AnonymousPending`` this stops double answering without a "has answered"
    row. Both are written in bulk when the consultation opens (or by the periodic job for
    people who join later), never at the moment someone answers, and they have no
    timestamps. See ``AnonymousPending`` for why.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultations_one_invitation"
            )
        ]

    def __str__(self) -> str:
        return f"Invitation to consultation {self.consultation_id}"


class AnonymousPending(models.Model):
    """A member who may still answer an anonymous consultation.

    Answering *deletes* this row in the transaction that inserts the anonymous submission.
    A "has answered" row inserted alongside the submission would share its transaction id
    (PostgreSQL's ``xmin``), its physical position and its id order with the submission, so
    anyone with a copy of the tables could pair them up. A deletion leaves no live row to
    pair: every surviving pending row still carries the transaction id of the bulk insert
    at opening. "Has answered" is read as "invited and no longer pending". The rows are
    removed when the consultation closes.

    What this does not defend against: a database superuser reading dead tuples before
    VACUUM, the write-ahead log, or web-server logs. Those are infrastructure controls.
    """

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("member yet to answer anonymously")
        verbose_name_plural = _("members yet to answer anonymously")
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "user"], name="consultations_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"May still answer consultation {self.consultation_id}"


class AccessCodeBatch(models.Model):
    """A printed sheet of one-time codes for an open-link consultation (e.g. for a hostel)."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="access_code_batches"
    )
    label = models.CharField(_("where the codes are for"), max_length=150)
    size = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("batch of access codes")
        verbose_name_plural = _("batches of access codes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.label


class AccessCode(models.Model):
    """One unused code, stored as an HMAC. Using it *deletes* the row.

    Marking it "used" would leave a row updated in the same transaction as the submission,
    which would tie the answer to the batch (and so the hostel or group) it was handed out
    at. Deleting leaves nothing to tie.
    """

    batch = models.ForeignKey(AccessCodeBatch, on_delete=models.CASCADE, related_name="codes")
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)

    def __str__(self) -> str:
        return f"Unused access code for consultation {self.consultation_id}"


# Thematic coding lives in its own module; importing it here makes its models part of this app.
