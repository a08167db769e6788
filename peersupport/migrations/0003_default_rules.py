"""The report's qualifications and certificate rules, which staff can then edit."""

from django.db import migrations

QUALIFICATIONS = [
    ("An Introduction to Peer Support", "A full day's training event.", True),
    ("Helpline trained", "Trained to take calls on the out-of-hours helpline.", False),
]

RULES = [
    {
        "name": "Group sessions as a peer mentor",
        "kind": "sessions",
        "session_types": ["peer_support_group", "induction", "programme_group"],
        "role": "mentor",
        "every": 5,
        "wording": "acting as a peer mentor at 5 group sessions",
    },
    {
        "name": "Consultation Group sessions",
        "kind": "sessions",
        "session_types": ["consultation_group"],
        "role": "",
        "every": 3,
        "wording": "taking part in 3 sessions of the Service User Consultation Group",
    },
    {
        "name": "Training completed",
        "kind": "qualification",
        "session_types": [],
        "role": "",
        "every": 1,
        "wording": "completing the training",
    },
]


def forwards(apps, schema_editor):
    Qualification = apps.get_model("peersupport", "Qualification")
    CertificateRule = apps.get_model("peersupport", "CertificateRule")
    for name, description, required in QUALIFICATIONS:
        Qualification.objects.get_or_create(
            name=name, defaults={"description": description, "required_to_start": required}
        )
    for rule in RULES:
        CertificateRule.objects.get_or_create(name=rule["name"], defaults=rule)


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0002_signup_no_overlap")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
