""" "Tell your rep": issues members send to their representatives, and the replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from core.models import TimeStampedModel
from council.models.councils import Constituency, Council, Portfolio
from council.models.meetings import AgendaItem


class RepIssue(TimeStampedModel):
    """An issue a member sends to the representatives of one of their constituencies.

    The member chooses who may see their name (by default nobody). Representatives of the
    constituency read it; staff and senior managers only ever see it through an agenda item,
    without the name unless the member agreed. See ``council.permissions.can_see_raiser``.
    """

    class NameShared(models.TextChoices):
        NOBODY = "nobody", _("Nobody. Do not share my name.")
        REPRESENTATIVES = "representatives", _("My representatives only")
        EVERYONE_ANSWERING = (
            "answering",
            _("My representatives, and the staff and senior managers who answer it"),
        )

    class Status(models.TextChoices):
        OPEN = "open", _("With your representatives")
        MERGED = "merged", _("Joined with a similar issue")
        RAISED = "raised", _("Raised at a council meeting")
        CLOSED = "closed", _("Closed")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="rep_issues")
    constituency = models.ForeignKey(
        Constituency, on_delete=models.PROTECT, related_name="rep_issues"
    )
    portfolio = models.ForeignKey(
        Portfolio, on_delete=models.SET_NULL, null=True, blank=True, related_name="rep_issues"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_rep_issues",
    )
    problem = models.TextField(_("what the problem is"), max_length=3000)
    what_would_help = models.TextField(_("what would help"), blank=True, max_length=3000)
    name_shared = models.CharField(
        _("who may see your name"),
        max_length=20,
        choices=NameShared.choices,
        default=NameShared.NOBODY,
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rep_issues",
    )
    closed_reason = models.TextField(_("why it was closed"), blank=True)

    class Meta:
        verbose_name = _("issue raised with representatives")
        verbose_name_plural = _("issues raised with representatives")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("pk")), name="council_issue_not_merged_into_self"
            ),
            # A merged issue always says which issue it joined.
            models.CheckConstraint(
                condition=~Q(status="merged") | Q(merged_into__isnull=False),
                name="council_issue_merged_has_target",
            ),
        ]
        indexes = [
            # The representatives' inbox: a constituency's issues by status, newest first.
            models.Index(
                fields=["constituency", "status", "-created_at"], name="council_issue_inbox_idx"
            ),
            # "My issues": one member's issues, newest first.
            models.Index(fields=["raised_by", "-created_at"], name="council_issue_mine_idx"),
        ]

    def __str__(self) -> str:
        # Never the member's name: this string reaches the audit log and the admin.
        return f"Issue {self.pk} for {self.constituency_id}"

    @property
    def name_shared_summary(self) -> str:
        """Who can see the member's name, said to the member."""
        summaries: dict[str, StrOrPromise] = {
            self.NameShared.NOBODY: _("Only you"),
            self.NameShared.REPRESENTATIVES: _("You and your representatives"),
            self.NameShared.EVERYONE_ANSWERING: _(
                "You, your representatives, and the staff and senior managers who answer it"
            ),
        }
        return str(summaries.get(self.name_shared, ""))


class RepIssueMessage(models.Model):
    """A reply on an issue: from a representative, or from the member who raised it."""

    issue = models.ForeignKey(RepIssue, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="council_rep_issue_messages",
    )
    from_raiser = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reply on an issue")
        verbose_name_plural = _("replies on issues")
        ordering = ["issue", "created_at", "id"]

    def __str__(self) -> str:
        return f"message on issue {self.issue_id}"
