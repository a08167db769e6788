"""Consultation forms by topic: building (staff), answering (respondents), staff_entry
(interviews and paper forms), steward (re-identifying an answer)."""
