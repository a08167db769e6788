"""Mentoring matches (``matches``) and safeguarding concerns (``safeguarding``).

Callers import these through ``peersupport.services``, which re-exports them.
"""
