"""The out-of-hours helpline: ``patterns`` (shift patterns and generating their shifts),
``rota`` (sign-up, drop, swap, cancel) and ``cover`` (asking free mentors, gap warnings,
reminders, unavailability).

Callers outside the helpline import these through ``peersupport.services``.
"""

from peersupport.helpline.services.cover import (
    shift_gaps_warn,
    shift_invite_free,
    shift_reminders_send,
    unavailability_add,
    unavailability_remove,
)
from peersupport.helpline.services.patterns import (
    pattern_create,
    pattern_update,
    shifts_generate,
    shifts_generate_all,
)
from peersupport.helpline.services.rota import (
    clashing_shift,
    drop_deadline,
    helpline_eligible_users,
    shift_cancel,
    shift_drop,
    shift_label,
    shift_signup,
    shifts_release_for,
    swap_accept,
    swap_offer,
    swap_withdraw,
)

__all__ = [
    "clashing_shift",
    "drop_deadline",
    "helpline_eligible_users",
    "pattern_create",
    "pattern_update",
    "shift_cancel",
    "shift_drop",
    "shift_gaps_warn",
    "shift_invite_free",
    "shift_label",
    "shift_reminders_send",
    "shift_signup",
    "shifts_generate",
    "shifts_generate_all",
    "shifts_release_for",
    "swap_accept",
    "swap_offer",
    "swap_withdraw",
    "unavailability_add",
    "unavailability_remove",
]
