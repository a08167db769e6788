"""Optional facts about a member that let the service check its council is representative.

The categories match those consultations ask respondents (consultations.models.Submission),
so dashboards can set members, voters, respondents and mentors side by side. Everything here
is optional and self-declared; "prefer not to say" is simply a blank.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    OTHER = "other", _("In another way")


class EthnicGroup(models.TextChoices):
    ASIAN = "asian", _("Asian or Asian British")
    BLACK = "black", _("Black, Black British, Caribbean or African")
    MIXED = "mixed", _("Mixed or multiple ethnic groups")
    WHITE = "white", _("White")
    OTHER = "other", _("Another ethnic group")
