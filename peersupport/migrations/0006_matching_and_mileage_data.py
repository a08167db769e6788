"""Starting lists for matching (languages, areas, lived experience) and mileage rates.

Staff and administrators can add to them later. The mileage rates are HMRC's approved
mileage allowance payments (45p a mile by car, 24p by motorbike, 20p by bicycle).
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

LANGUAGES = [
    "English",
    "Punjabi",
    "Urdu",
    "Gujarati",
    "Hindi",
    "Bengali",
    "Polish",
    "Romanian",
    "Lithuanian",
    "Somali",
    "Arabic",
    "Kurdish",
    "Portuguese",
    "Tamil",
    "British Sign Language",
]
AREAS = [
    "Leicester City",
    "North West Leicestershire",
    "Charnwood",
    "Hinckley and Bosworth",
    "Blaby and Oadby",
    "Harborough",
    "Melton",
    "Rutland",
]
EXPERIENCE = [
    "Housing and homelessness",
    "Recovery from drugs or alcohol",
    "Work, training and education",
    "Mental health",
    "Family and children",
    "Money and debt",
    "Leaving prison",
    "Domestic abuse",
]
RATES = [("car", "45.00"), ("motorbike", "24.00"), ("bicycle", "20.00")]


def forwards(apps, schema_editor):
    Language = apps.get_model("peersupport", "Language")
    Area = apps.get_model("peersupport", "Area")
    ExperienceTopic = apps.get_model("peersupport", "ExperienceTopic")
    MileageRate = apps.get_model("peersupport", "MileageRate")
    for name in LANGUAGES:
        Language.objects.get_or_create(name=name)
    for name in AREAS:
        Area.objects.get_or_create(name=name)
    for name in EXPERIENCE:
        ExperienceTopic.objects.get_or_create(name=name)
    for mode, pence in RATES:
        MileageRate.objects.get_or_create(
            mode=mode,
            effective_from=date(2011, 4, 6),
            defaults={"pence_per_mile": Decimal(pence)},
        )


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0005_shift_signup_no_overlap")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
