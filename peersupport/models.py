"""Every peer-support model, gathered so Django registers them in this app.

Each feature keeps its models in its own subpackage: the mentor lifecycle
(``peersupport/mentors/models.py``), sessions and sign-ups (``sessions/models.py``),
certificates (``certificates/models.py``), the helpline rota (``helpline/models.py``), matches
and safeguarding (``matching/models.py``) and travel expenses (``expenses/models.py``). They are
imported here by name, so they share this app's label and tables, and callers can keep
importing every peer-support model from ``peersupport.models``.
"""

from peersupport.certificates.models import (  # noqa: F401
    Certificate,
    CertificateRule,
    CertificateRuleKind,
)
from peersupport.expenses.models import (  # noqa: F401
    MILEAGE_MODES,
    ClaimStatus,
    ExpenseClaim,
    MileageRate,
    TravelMode,
    receipt_upload_to,
)
from peersupport.helpline.models import (  # noqa: F401
    HELPLINE_QUALIFICATION,
    WEEKDAY_NAMES,
    CallTopic,
    HelplineCall,
    LocalService,
    Shift,
    ShiftPattern,
    ShiftSignUp,
    ShiftSignUpStatus,
    ShiftStatus,
    ShiftSwap,
    SwapStatus,
    Unavailability,
)
from peersupport.matching.models import (  # noqa: F401
    CONCERN_MOVES,
    LIVE_MATCH_STATUSES,
    MATCH_MOVES,
    Area,
    ConcernStatus,
    ConcernUpdate,
    ContactLog,
    ContactMethod,
    DoNotMatch,
    ExperienceTopic,
    HelpKind,
    Language,
    Match,
    MatchChange,
    MatchGender,
    MatchRequest,
    MatchRequestSource,
    MatchRequestStatus,
    MatchStatus,
    MentorMatchProfile,
    NeverDeletedQuerySet,
    SafeguardingConcern,
    Severity,
)
from peersupport.mentors.models import (  # noqa: F401
    ALLOWED_MOVES,
    Assessment,
    AssessmentOutcome,
    MentorProfile,
    MentorQualification,
    MentorStatus,
    MentorStatusChange,
    Qualification,
    Referral,
    ReferrerRole,
)
from peersupport.recurrence import LONDON, occurrence_window  # noqa: F401  (callers import)
from peersupport.sessions.models import (  # noqa: F401
    ACTIVE_SIGNUP_STATUSES,
    Attendance,
    CalendarFeed,
    Occurrence,
    OccurrenceStatus,
    SessionSeries,
    SessionType,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
