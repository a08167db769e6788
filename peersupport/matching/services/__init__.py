"""Mentoring matches (``matches``) and safeguarding concerns (``safeguarding``).

Callers outside matching import these through ``peersupport.services``.
"""

from peersupport.matching.services.matches import (
    contact_log,
    do_not_match_add,
    do_not_match_remove,
    match_create,
    match_move,
    match_profile_save,
    match_request_create,
    match_request_withdraw,
    match_reviews_prompt,
)
from peersupport.matching.services.safeguarding import (
    concern_raise,
    concern_update,
    concern_viewed,
    concern_viewed_list,
)

__all__ = [
    "concern_raise",
    "concern_update",
    "concern_viewed",
    "concern_viewed_list",
    "contact_log",
    "do_not_match_add",
    "do_not_match_remove",
    "match_create",
    "match_move",
    "match_profile_save",
    "match_request_create",
    "match_request_withdraw",
    "match_reviews_prompt",
]
