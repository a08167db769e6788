"""Certificates by rule, idempotent awarding, printable page and public verification."""

import pytest
from django.urls import reverse

from core.models import Notification
from peersupport import services
from peersupport.models import Attendance, Certificate, CertificateRule, SessionType, SignUpRole
from tests.peersupport.factories import active_mentor, past_occurrences, run_on_commit

pytestmark = pytest.mark.django_db


def _attend(staff, mentor, occurrences, role=None):
    for occurrence in occurrences:
        signup = services.signup_create(occurrence=occurrence, user=mentor, actor=staff, role=role)
        with run_on_commit():
            services.attendance_record(
                occurrence=occurrence, actor=staff, marks={signup.pk: Attendance.ATTENDED}
            )


def _session_certs(user, rule_name):
    return Certificate.objects.filter(user=user, rule__name=rule_name).order_by("sequence")


def test_certificate_at_the_fifth_group_and_tenth(staff):
    mentor = active_mentor(staff)
    groups = past_occurrences(staff, 11, mentor_places=2)
    _attend(staff, mentor, groups[:4])
    assert not _session_certs(mentor, "Group sessions as a peer mentor").exists()
    _attend(staff, mentor, groups[4:5])  # the fifth: awarded straight away (on commit)
    certs = list(_session_certs(mentor, "Group sessions as a peer mentor"))
    assert [c.sequence for c in certs] == [1]
    assert certs[0].period_start == groups[0].local_date
    assert certs[0].period_end == groups[4].local_date
    _attend(staff, mentor, groups[5:11])
    assert [c.sequence for c in _session_certs(mentor, "Group sessions as a peer mentor")] == [1, 2]
    assert (
        Notification.objects.filter(user=mentor, kind="peersupport_certificate").count() == 3
    )  # + training


def test_no_shows_and_other_roles_do_not_count(staff):
    mentor = active_mentor(staff)
    groups = past_occurrences(staff, 5, mentor_places=2, participant_places=2)
    _attend(staff, mentor, groups[:4], role=SignUpRole.MENTOR)
    _attend(staff, mentor, groups[4:], role=SignUpRole.PARTICIPANT)
    assert not _session_certs(mentor, "Group sessions as a peer mentor").exists()


def test_every_three_consultation_groups(staff):
    mentor = active_mentor(staff)
    sessions = past_occurrences(
        staff,
        6,
        title="Consultation",
        session_type=SessionType.CONSULTATION_GROUP,
        mentor_places=0,
        participant_places=10,
    )
    _attend(staff, mentor, sessions)
    assert [c.sequence for c in _session_certs(mentor, "Consultation Group sessions")] == [1, 2]


def test_training_certificate_for_each_qualification(staff):
    mentor = active_mentor(staff)
    certs = _session_certs(mentor, "Training completed")
    assert certs.count() == 1
    assert "An Introduction to Peer Support" in certs.get().recognises


def test_award_job_is_idempotent(staff):
    mentor = active_mentor(staff)
    _attend(staff, mentor, past_occurrences(staff, 5))
    before = Certificate.objects.count()
    assert services.certificates_award() == []
    assert services.certificates_award(user_ids=[mentor.pk]) == []
    assert Certificate.objects.count() == before


def test_rule_change_applies_from_then_on(staff):
    mentor = active_mentor(staff)
    rule = CertificateRule.objects.get(name="Group sessions as a peer mentor")
    services.certificate_rule_update(
        rule=rule, actor=staff, every=2, wording="two groups", is_active=True
    )
    _attend(staff, mentor, past_occurrences(staff, 4))
    certs = list(_session_certs(mentor, rule.name))
    assert [c.recognises for c in certs] == ["two groups", "two groups"]


def test_chosen_name_is_printed(staff):
    mentor = active_mentor(staff, display_name="Max")
    services.certificate_name_set(user=mentor, name="Maxine Smith")
    _attend(staff, mentor, past_occurrences(staff, 5))
    cert = _session_certs(mentor, "Group sessions as a peer mentor").get()
    assert cert.name_on_certificate == "Maxine Smith"


def test_printable_page_for_owner_and_staff_only(client_for, staff, member):
    mentor = active_mentor(staff)
    cert = Certificate.objects.filter(user=mentor).first()
    url = reverse("peersupport:certificate-detail", kwargs={"pk": cert.pk})
    response = client_for(mentor).get(url)
    assert response.status_code == 200
    assert cert.verification_code in response.content.decode()
    assert b"certificate.css" in response.content
    assert client_for(staff).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 404


def test_public_verification_shows_the_minimum(client, staff):
    mentor = active_mentor(staff, display_name="Private Person", email="p@example.com")
    services.certificate_name_set(user=mentor, name="Alex Printed")
    _attend(staff, mentor, past_occurrences(staff, 5))
    cert = _session_certs(mentor, "Group sessions as a peer mentor").get()
    url = reverse("peersupport:certificate-verify")
    response = client.get(url, {"code": cert.verification_code.lower().replace("-", " ")})
    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine" in body
    assert "Alex Printed" in body
    assert cert.recognises[0].upper() + cert.recognises[1:] in body
    for secret in ("Private Person", mentor.username, "p@example.com", "Group room"):
        assert secret not in body
    assert response["X-Robots-Tag"] == "noindex"


def test_verification_unknown_bad_and_revoked(client, staff):
    url = reverse("peersupport:certificate-verify")
    assert "cannot find" in client.get(url, {"code": "ABCD-EFGH-JKMN"}).content.decode()
    bad = client.get(url, {"code": "<script>"})
    assert bad.status_code == 200
    assert "12 letters and numbers" in bad.content.decode()
    assert "&lt;script&gt;" in bad.content.decode()  # kept, escaped
    mentor = active_mentor(staff)
    cert = Certificate.objects.filter(user=mentor).first()
    services.certificate_revoke(certificate=cert, actor=staff, reason="Issued in error")
    assert "withdrawn" in client.get(url, {"code": cert.verification_code}).content.decode()


def test_verification_is_rate_limited(client):
    url = reverse("peersupport:certificate-verify")
    for _ in range(20):
        assert client.get(url, {"code": "ABCD-EFGH-JKMN"}).status_code == 200
    response = client.get(url, {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 429
    assert "Too many checks" in response.content.decode()
    assert client.get(url).status_code == 200  # the blank form is always there
