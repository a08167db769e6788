"""Certificates awarded by rule, and checking a verification code.

The report: "Certificates will be provided for all training sessions ... Peer Mentors will
also receive a certificate for every 5 groups they act as a Peer Mentor for, and for every 3
sessions they are involved in the Service User Consultation Group." Staff can edit the rules
(``CertificateRule``); ``certificates_award`` applies them.

Idempotent: a certificate is unique per person, rule and sequence number, and each award
is its own savepoint, so two overlapping runs award each certificate once and only the run
that created it announces it.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit_actions import AuditAction
from core.notification_kinds import NotificationKind
from core.services import audit_record, notify
from peersupport.common import refuse
from peersupport.models import (
    Attendance,
    Certificate,
    CertificateRule,
    CertificateRuleKind,
    MentorProfile,
    MentorQualification,
    SignUp,
)
from users.models import User

# No 0/O, 1/I/L, 5/S or 2/Z: an employer reads the code off paper.
CODE_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
CODE_LENGTH = 12


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(code: str) -> str:
    """'abcd efgh-jkmn' -> 'ABCD-EFGH-JKMN'; empty when it cannot be a code."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH:
        return ""
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def certificate_find(*, code: str) -> Certificate | None:
    normalised = normalise_code(code)
    if not normalised:
        return None
    return Certificate.objects.filter(verification_code=normalised).first()


def _printed_names(user_ids: Iterable[int]) -> dict[int, str]:
    names = {}
    for profile in MentorProfile.objects.select_related("user").filter(user_id__in=list(user_ids)):
        names[profile.user_id] = profile.printed_name
    for user in User.objects.filter(pk__in=[u for u in user_ids if u not in names]):
        names[user.pk] = user.display_name or user.username
    return names


def _award(
    *,
    user_id: int,
    rule: CertificateRule,
    sequence: int,
    name: str,
    recognises: str,
    period: tuple[date | None, date | None],
    today: date,
) -> Certificate | None:
    """Create one certificate, or nothing if another run already did."""
    for _attempt in range(3):
        certificate = Certificate(
            user_id=user_id,
            rule=rule,
            sequence=sequence,
            name_on_certificate=name[:100],
            recognises=recognises[:250],
            period_start=period[0],
            period_end=period[1],
            awarded_on=today,
            verification_code=_new_code(),
        )
        # Uniqueness is the database's to judge: two runs may race for the same award.
        certificate.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                certificate.save()
        except IntegrityError:
            if Certificate.objects.filter(user_id=user_id, rule=rule, sequence=sequence).exists():
                return None
            continue  # a verification-code collision: try another code
        return certificate
    return None


def _announce(certificate: Certificate) -> None:
    audit_record(actor=None, action=AuditAction.PEERSUPPORT_CERTIFICATE_AWARD, obj=certificate)
    notify(
        user=certificate.user,
        kind=NotificationKind.PEERSUPPORT_CERTIFICATE,
        context={"certificate": certificate},
        dedupe_key=f"peer-certificate-{certificate.pk}",
        link=reverse("peersupport:certificate-detail", kwargs={"pk": certificate.pk}),
    )


def _award_sessions(
    rule: CertificateRule, user_ids: list[int] | None, today: date
) -> list[Certificate]:
    attended = SignUp.objects.filter(
        attendance=Attendance.ATTENDED, occurrence__session_type__in=rule.session_types or []
    )
    if rule.role:
        attended = attended.filter(role=rule.role)
    if user_ids is not None:
        attended = attended.filter(user_id__in=user_ids)
    counts = dict(
        attended.values_list("user_id").annotate(n=Count("id")).values_list("user_id", "n")
    )
    due = {user_id: n // rule.every for user_id, n in counts.items() if n // rule.every}
    if not due:
        return []
    held = dict(
        Certificate.objects.filter(rule=rule, user_id__in=list(due))
        .values_list("user_id")
        .annotate(m=Max("sequence"))
        .values_list("user_id", "m")
    )
    owed = {u: (held.get(u) or 0, n) for u, n in due.items() if n > (held.get(u) or 0)}
    if not owed:
        return []
    names = _printed_names(owed)
    dates: dict[int, list[date]] = defaultdict(list)
    for user_id, day in (
        attended.filter(user_id__in=list(owed))
        .order_by("user_id", "starts_at", "id")
        .values_list("user_id", "occurrence__local_date")
    ):
        dates[user_id].append(day)
    awarded = []
    for user_id, (have, should) in owed.items():
        for sequence in range(have + 1, should + 1):
            block = dates[user_id][(sequence - 1) * rule.every : sequence * rule.every]
            certificate = _award(
                user_id=user_id,
                rule=rule,
                sequence=sequence,
                name=names.get(user_id, ""),
                recognises=rule.wording,
                period=(block[0], block[-1]) if block else (None, None),
                today=today,
            )
            if certificate:
                awarded.append(certificate)
    return awarded


def _award_qualifications(
    rule: CertificateRule, user_ids: list[int] | None, today: date
) -> list[Certificate]:
    qs = MentorQualification.objects.select_related("profile__user", "qualification")
    if user_ids is not None:
        qs = qs.filter(profile__user_id__in=user_ids)
    records = list(qs)
    if not records:
        return []
    held = set(
        Certificate.objects.filter(
            rule=rule, user_id__in={r.profile.user_id for r in records}
        ).values_list("user_id", "sequence")
    )
    awarded = []
    for record in records:
        key = (record.profile.user_id, record.qualification_id)
        if key in held:
            continue
        certificate = _award(
            user_id=record.profile.user_id,
            rule=rule,
            sequence=record.qualification_id,
            name=record.profile.printed_name,
            recognises=f"{rule.wording}: {record.qualification.name}",
            period=(record.completed_on, record.completed_on),
            today=today,
        )
        if certificate:
            awarded.append(certificate)
    return awarded


def certificates_award(
    *, user_ids: list[int] | None = None, today: date | None = None
) -> list[Certificate]:
    """Award every certificate the rules say is due (for some people, or everyone)."""
    today = today or timezone.localdate()
    awarded: list[Certificate] = []
    for rule in CertificateRule.objects.filter(is_active=True):
        if rule.kind == CertificateRuleKind.SESSIONS:
            new = _award_sessions(rule, user_ids, today)
        else:
            new = _award_qualifications(rule, user_ids, today)
        for certificate in new:
            with transaction.atomic():
                _announce(certificate)
        awarded.extend(new)
    return awarded


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, actor: User, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise refuse(_("Say why the certificate is withdrawn."), "reason")
    claimed = Certificate.objects.filter(pk=certificate.pk, revoked_at=None).update(
        revoked_at=timezone.now(), revoked_reason=reason
    )
    if not claimed:
        raise refuse(_("This certificate is already withdrawn."))
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CERTIFICATE_REVOKE,
        obj=certificate,
        detail={"reason": reason},
    )
    certificate.refresh_from_db()
    return certificate


@transaction.atomic
def certificate_rule_update(
    *, rule: CertificateRule, actor: User, every: int, wording: str, is_active: bool
) -> CertificateRule:
    """Staff change a rule. Certificates already awarded keep what they said."""
    rule = CertificateRule.objects.select_for_update().get(pk=rule.pk)
    rule.every = every
    rule.wording = wording.strip()
    rule.is_active = is_active
    rule.full_clean()
    rule.save()
    audit_record(
        actor=actor,
        action=AuditAction.PEERSUPPORT_CERTIFICATE_RULE_SET,
        obj=rule,
        detail={"every": every, "is_active": is_active},
    )
    return rule
