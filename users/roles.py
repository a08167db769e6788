"""The portal's roles. Each is a Django group created by a data migration."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    MENTOR = "mentor", _("Peer mentor")
    REPRESENTATIVE = "representative", _("Representative")
    STAFF = "staff", _("Staff")
    SENIOR_MANAGER = "senior_manager", _("Senior manager")
    RETURNING_OFFICER = "returning_officer", _("Returning officer")
    DATA_STEWARD = "data_steward", _("Data steward")
    ADMINISTRATOR = "administrator", _("Administrator")


# Roles whose holders work for (or beside) the service rather than use it.
STAFF_ROLES = frozenset(
    {
        Role.STAFF,
        Role.SENIOR_MANAGER,
        Role.RETURNING_OFFICER,
        Role.DATA_STEWARD,
        Role.ADMINISTRATOR,
    }
)
# Roles that must use two-factor authentication before they can do anything else
# (users.middleware sends them to set it up): every staff-type role.
MFA_REQUIRED_ROLES = frozenset(
    {
        Role.STAFF,
        Role.SENIOR_MANAGER,
        Role.RETURNING_OFFICER,
        Role.DATA_STEWARD,
        Role.ADMINISTRATOR,
    }
)
# Roles a person on probation can hold.
MEMBER_ROLES = frozenset({Role.MEMBER, Role.MENTOR, Role.REPRESENTATIVE})
