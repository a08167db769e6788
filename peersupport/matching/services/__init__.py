"""Mentoring matches (``matches``) and safeguarding concerns (``safeguarding``).

Callers outside matching import these through ``peersupport.services``, which re-exports them.
"""
