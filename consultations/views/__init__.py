"""Views for consultations, by who uses them: respondents, staff and the data steward."""
