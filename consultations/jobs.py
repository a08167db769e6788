"""The consultations app's background jobs, found by ``core``'s ``autodiscover_modules("jobs")``.

The kinds live with their feature: the coding report's breakdown in ``coding/jobs.py``.
"""

from consultations.coding import jobs as coding_jobs

__all__ = ["coding_jobs"]
