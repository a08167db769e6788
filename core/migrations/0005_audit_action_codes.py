"""Rename stored audit actions to ``app.object.verb`` (issue 15; core/audit_actions.py).

The audit log is append-only: on PostgreSQL a trigger (0003) refuses UPDATE unless the
connection has set ``portal.allow_audit_purge``. This migration sets it for its own
transaction only (``set_config(..., true)``), renames the ``action`` column and nothing
else, and the setting ends with the transaction. Only the code changes: who, when, what
object and the detail stay as they were. Reversible.

The table is a frozen copy: later changes to core/audit_actions.py do not change it.
"""

from django.db import migrations

RENAMES = {
    "actionplan.action.bulk_status": "actionplan.action.bulk_set_status",
    "actionplan.action.status": "actionplan.action.set_status",
    "actionplan.champion.name": "actionplan.champion.set_name",
    "actionplan.import.actions": "actionplan.actions.import",
    "actionplan.import.updates": "actionplan.updates.import",
    "council.representative.portfolios": "council.representative.set_portfolios",
    "council.meeting.attendance": "council.attendance.record",
    "council.meeting.attendee_add": "council.attendee.add",
    "council.create": "council.council.create",
    "council.update": "council.council.update",
    "coding.code_changed": "consultations.code.update",
    "coding.code_created": "consultations.code.create",
    "coding.codebook_changed": "consultations.codebook.update",
    "coding.codebook_created": "consultations.codebook.create",
    "coding.codes_merged": "consultations.code.merge",
    "coding.exported": "consultations.coding_report.export",
    "coding.lead_added": "consultations.coding_lead.add",
    "coding.lead_removed": "consultations.coding_lead.remove",
    "coding.question_set_up": "consultations.coding_question.set_up",
    "coding.settled": "consultations.coding_item.settle",
    "coding.themes_published": "consultations.themes.publish",
    "coding.themes_unpublished": "consultations.themes.unpublish",
    "consultations.access_codes_made": "consultations.access_codes.make",
    "consultations.answered": "consultations.answers.submit",
    "consultations.answers_entered": "consultations.answers.enter",
    "consultations.answers_withdrawn": "consultations.answers.withdraw",
    "consultations.changed": "consultations.consultation.update",
    "consultations.closed": "consultations.consultation.close",
    "consultations.created": "consultations.consultation.create",
    "consultations.duplicated": "consultations.consultation.duplicate",
    "consultations.opened": "consultations.consultation.open",
    "consultations.published": "consultations.consultation.publish",
    "consultations.question_added": "consultations.question.add",
    "consultations.question_changed": "consultations.question.update",
    "consultations.question_removed": "consultations.question.remove",
    "consultations.questions_reordered": "consultations.question.reorder",
    "consultations.respondent_reidentified": "consultations.respondent.reidentify",
    "invite.claim": "users.invite.claim",
    "invite.issue": "users.invite.issue",
    "user.create": "users.user.create",
    "user.data_exported": "users.personal_data.export",
    "user.deleted": "users.user.delete",
    "user.deletion_cancelled": "users.deletion_request.cancel",
    "user.deletion_requested": "users.deletion_request.create",
    "user.details_changed": "users.details.update",
    "user.roles": "users.roles.set",
    "peersupport.assessment": "peersupport.assessment.record",
    "peersupport.attendance": "peersupport.attendance.record",
    "peersupport.calendar_feed_issue": "peersupport.calendar_feed.issue",
    "peersupport.calendar_feed_revoke": "peersupport.calendar_feed.revoke",
    "peersupport.certificate_award": "peersupport.certificate.award",
    "peersupport.certificate_revoke": "peersupport.certificate.revoke",
    "peersupport.certificate_rule": "peersupport.certificate_rule.set",
    "peersupport.claim_approve": "peersupport.claim.approve",
    "peersupport.claim_delete": "peersupport.claim.delete",
    "peersupport.claim_paid": "peersupport.claim.pay",
    "peersupport.claim_reject": "peersupport.claim.reject",
    "peersupport.claim_save": "peersupport.claim.save",
    "peersupport.claim_submit": "peersupport.claim.submit",
    "peersupport.claims_export": "peersupport.claims.export",
    "peersupport.concern_list_view": "peersupport.concern_list.view",
    "peersupport.concern_raise": "peersupport.concern.raise",
    "peersupport.concern_update": "peersupport.concern.update",
    "peersupport.concern_view": "peersupport.concern.view",
    "peersupport.contact_log": "peersupport.contact.log",
    "peersupport.do_not_match_add": "peersupport.do_not_match.add",
    "peersupport.do_not_match_remove": "peersupport.do_not_match.remove",
    "peersupport.match_create": "peersupport.match.create",
    "peersupport.match_move": "peersupport.match.move",
    "peersupport.match_profile": "peersupport.match_profile.update",
    "peersupport.match_request": "peersupport.match_request.create",
    "peersupport.match_request_withdraw": "peersupport.match_request.withdraw",
    "peersupport.mentor_status": "peersupport.mentor.set_status",
    "peersupport.mileage_rate": "peersupport.mileage_rate.set",
    "peersupport.minutes": "peersupport.minutes.save",
    "peersupport.occurrence_cancel": "peersupport.occurrence.cancel",
    "peersupport.occurrence_update": "peersupport.occurrence.update",
    "peersupport.qualification": "peersupport.qualification.record",
    "peersupport.referral": "peersupport.referral.record",
    "peersupport.series_create": "peersupport.series.create",
    "peersupport.series_update": "peersupport.series.update",
    "peersupport.shift_cancel": "peersupport.shift.cancel",
    "peersupport.shift_drop": "peersupport.shift.drop",
    "peersupport.shift_invite": "peersupport.shift.invite",
    "peersupport.shift_pattern_create": "peersupport.shift_pattern.create",
    "peersupport.shift_pattern_update": "peersupport.shift_pattern.update",
    "peersupport.shift_signup": "peersupport.shift.sign_up",
    "peersupport.shifts_released": "peersupport.shifts.release",
    "peersupport.signup": "peersupport.signup.create",
    "peersupport.signup_withdraw": "peersupport.signup.withdraw",
    "peersupport.swap_accept": "peersupport.swap.accept",
    "peersupport.swap_offer": "peersupport.swap.offer",
    "peersupport.swap_withdraw": "peersupport.swap.withdraw",
}


def _rename(apps, schema_editor, table):
    AuditEvent = apps.get_model("core", "AuditEvent")
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('portal.allow_audit_purge', 'on', true)")
    for old, new in table.items():
        AuditEvent.objects.filter(action=old).update(action=new)


def forwards(apps, schema_editor):
    _rename(apps, schema_editor, RENAMES)


def backwards(apps, schema_editor):
    _rename(apps, schema_editor, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [("core", "0004_notification_outbox")]

    operations = [migrations.RunPython(forwards, backwards)]
