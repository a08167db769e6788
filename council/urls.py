from django.urls import path

from council.views import elections as views
from council.views import issues as views_issues
from council.views import meetings as views_meetings

app_name = "council"

urlpatterns = [
    path("", views.council_list, name="council-list"),
    path("new/", views.council_create, name="council-create"),
    path("my-nominations/", views.my_nominations, name="my-nominations"),
    # Elections
    path("elections/", views.election_list, name="election-list"),
    path("elections/how-the-count-works/", views.how_count_works, name="how-count-works"),
    path("elections/<int:pk>/", views.election_detail, name="election-detail"),
    path("elections/<int:pk>/log/", views.election_log, name="election-log"),
    path("elections/<int:pk>/edit/", views.election_edit, name="election-edit"),
    path("elections/<int:pk>/manage/", views.election_manage, name="election-manage"),
    path(
        "elections/<int:pk>/open-nominations/",
        views.election_open_nominations,
        name="election-open-nominations",
    ),
    path(
        "elections/<int:pk>/close-nominations/",
        views.election_close_nominations,
        name="election-close-nominations",
    ),
    path(
        "elections/<int:pk>/open-voting/", views.election_open_voting, name="election-open-voting"
    ),
    path(
        "elections/<int:pk>/close-voting/",
        views.election_close_voting,
        name="election-close-voting",
    ),
    path("elections/<int:pk>/count/", views.election_count, name="election-count"),
    path("elections/<int:pk>/release/", views.election_release, name="election-release"),
    path("elections/<int:pk>/results/", views.election_results, name="election-results"),
    path(
        "elections/<int:pk>/results/print/",
        views.election_results_print,
        name="election-results-print",
    ),
    path("elections/<int:pk>/results.csv", views.election_results_csv, name="election-results-csv"),
    path("elections/<int:pk>/ballots/", views.election_ballots, name="election-ballots"),
    path("elections/<int:pk>/ballots.blt", views.election_ballots_blt, name="election-ballots-blt"),
    path("elections/<int:pk>/receipts/", views.election_receipts, name="election-receipts"),
    path("elections/<int:pk>/nominate/", views.nomination_create, name="nomination-create"),
    path("elections/<int:pk>/vote/", views.vote, name="vote"),
    path("elections/<int:pk>/vote/cast/", views.vote_cast, name="vote-cast"),
    path("elections/<int:pk>/paper/mark/", views.paper_mark, name="paper-mark"),
    path("elections/<int:pk>/paper/enter/", views.paper_enter, name="paper-enter"),
    path("elections/<int:pk>/paper/import/", views.paper_import, name="paper-import"),
    # Nominations
    path("nominations/<int:pk>/respond/", views.nomination_respond, name="nomination-respond"),
    path("nominations/<int:pk>/withdraw/", views.nomination_withdraw, name="nomination-withdraw"),
    path("nominations/<int:pk>/decide/", views.nomination_decide, name="nomination-decide"),
    # Membership and representatives
    path(
        "constituencies/<int:pk>/members/", views.constituency_members, name="constituency-members"
    ),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path(
        "representatives/<int:pk>/stand-down/",
        views.representative_stand_down,
        name="representative-stand-down",
    ),
    # Meetings, agendas, minutes and decisions
    path("meetings/", views_meetings.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", views_meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", views_meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:pk>/cancel/", views_meetings.meeting_cancel, name="meeting-cancel"),
    path("meetings/<int:pk>/meeting.ics", views_meetings.meeting_calendar, name="meeting-ics"),
    path(
        "meetings/<int:pk>/attendance/",
        views_meetings.meeting_attendance,
        name="meeting-attendance",
    ),
    path(
        "meetings/<int:pk>/attendance/add/",
        views_meetings.meeting_attendee_add,
        name="meeting-attendee-add",
    ),
    path(
        "meetings/<int:pk>/agenda/new/",
        views_meetings.agenda_item_create,
        name="agenda-item-create",
    ),
    path(
        "meetings/<int:pk>/agenda/print/",
        views_meetings.meeting_agenda_print,
        name="meeting-agenda-print",
    ),
    path("meetings/<int:pk>/minutes/", views_meetings.meeting_minutes, name="meeting-minutes"),
    path(
        "meetings/<int:pk>/minutes/print/",
        views_meetings.meeting_minutes_print,
        name="meeting-minutes-print",
    ),
    path("meetings/<int:pk>/minutes/edit/", views_meetings.minutes_edit, name="minutes-edit"),
    path(
        "meetings/<int:pk>/minutes/approve/",
        views_meetings.minutes_approve,
        name="minutes-approve",
    ),
    path(
        "meetings/<int:pk>/minutes/publish/",
        views_meetings.minutes_publish,
        name="minutes-publish",
    ),
    path(
        "meetings/<int:pk>/decisions/new/",
        views_meetings.decision_create,
        name="decision-create",
    ),
    path("agenda/<int:pk>/", views_meetings.agenda_item_detail, name="agenda-item-detail"),
    path("agenda/<int:pk>/edit/", views_meetings.agenda_item_edit, name="agenda-item-edit"),
    path("agenda/<int:pk>/move/", views_meetings.agenda_item_move, name="agenda-item-move"),
    path(
        "agenda/<int:pk>/respond/",
        views_meetings.agenda_item_respond,
        name="agenda-item-respond",
    ),
    path("decisions/<int:pk>/", views_meetings.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/delete/", views_meetings.decision_delete, name="decision-delete"),
    # "Tell your rep"
    path("tell-your-rep/", views_issues.issue_create, name="issue-create"),
    path("issues/mine/", views_issues.issue_mine, name="issue-mine"),
    path("issues/inbox/", views_issues.issue_inbox, name="issue-inbox"),
    path("issues/<int:pk>/", views_issues.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/merge/", views_issues.issue_merge, name="issue-merge"),
    path("issues/<int:pk>/raise/", views_issues.issue_raise, name="issue-raise"),
    path("issues/<int:pk>/close/", views_issues.issue_close, name="issue-close"),
    # One council
    path("<slug:slug>/", views.council_detail, name="council-detail"),
    path("<slug:slug>/edit/", views.council_edit, name="council-edit"),
    path("<slug:slug>/constituencies/new/", views.constituency_create, name="constituency-create"),
    path("<slug:slug>/portfolios/new/", views.portfolio_create, name="portfolio-create"),
    path("<slug:slug>/representatives/", views.representative_list, name="representative-list"),
    path(
        "<slug:slug>/representatives/co-opt/",
        views.representative_coopt,
        name="representative-coopt",
    ),
    path(
        "<slug:slug>/recorded/new/",
        views.recorded_selection_create,
        name="recorded-selection-create",
    ),
    path("<slug:slug>/elections/new/", views.election_create, name="election-create"),
    path("<slug:slug>/meetings/new/", views_meetings.meeting_create, name="meeting-create"),
]
