"""The out-of-hours helpline: ``patterns`` (shift patterns and generating their shifts),
``rota`` (sign-up, drop, swap, cancel) and ``cover`` (asking free mentors, gap warnings,
reminders, unavailability).

Callers outside the helpline import these through ``peersupport.services``, which
re-exports them.
"""
