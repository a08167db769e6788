from django.urls import include, path

from council.views import (
    agenda,
    councils,
    elections,
    issues,
    meetings,
    minutes,
    nominations,
    results,
    voting,
)

app_name = "council"

# The pages of one election, under elections/<pk>/.
election_urls = [
    path("", elections.election_detail, name="election-detail"),
    path("log/", elections.election_log, name="election-log"),
    path("edit/", elections.election_edit, name="election-edit"),
    path("manage/", elections.election_manage, name="election-manage"),
    path(
        "open-nominations/", elections.election_open_nominations, name="election-open-nominations"
    ),
    path(
        "close-nominations/",
        elections.election_close_nominations,
        name="election-close-nominations",
    ),
    path("open-voting/", elections.election_open_voting, name="election-open-voting"),
    path("close-voting/", elections.election_close_voting, name="election-close-voting"),
    path("count/", elections.election_count, name="election-count"),
    path("release/", elections.election_release, name="election-release"),
    path("cancel/", elections.election_cancel, name="election-cancel"),
    path("results/", results.election_results, name="election-results"),
    path("results/print/", results.election_results_print, name="election-results-print"),
    path("results.csv", results.election_results_csv, name="election-results-csv"),
    path("ballots/", results.election_ballots, name="election-ballots"),
    path("ballots.blt", results.election_ballots_blt, name="election-ballots-blt"),
    path("receipts/", results.election_receipts, name="election-receipts"),
    path("nominate/", nominations.nomination_create, name="nomination-create"),
    path("vote/", voting.vote, name="vote"),
    path("vote/cast/", voting.vote_cast, name="vote-cast"),
    path("paper/mark/", elections.paper_mark, name="paper-mark"),
    path("paper/enter/", elections.paper_enter, name="paper-enter"),
    path("paper/import/", elections.paper_import, name="paper-import"),
]

# The pages of one meeting, under meetings/<pk>/.
meeting_urls = [
    path("", meetings.meeting_detail, name="meeting-detail"),
    path("edit/", meetings.meeting_edit, name="meeting-edit"),
    path("cancel/", meetings.meeting_cancel, name="meeting-cancel"),
    path("meeting.ics", meetings.meeting_calendar, name="meeting-ics"),
    path("attendance/", meetings.meeting_attendance, name="meeting-attendance"),
    path("attendance/add/", meetings.meeting_attendee_add, name="meeting-attendee-add"),
    path("agenda/new/", agenda.agenda_item_create, name="agenda-item-create"),
    path("agenda/print/", meetings.meeting_agenda_print, name="meeting-agenda-print"),
    path("minutes/", meetings.meeting_minutes, name="meeting-minutes"),
    path("minutes/print/", meetings.meeting_minutes_print, name="meeting-minutes-print"),
    path("minutes/edit/", minutes.minutes_edit, name="minutes-edit"),
    path("minutes/approve/", minutes.minutes_approve, name="minutes-approve"),
    path("minutes/publish/", minutes.minutes_publish, name="minutes-publish"),
    path("decisions/new/", minutes.decision_create, name="decision-create"),
]

# The pages of one council, under <slug>/ (last: a slug would match any other first part).
council_urls = [
    path("", councils.council_detail, name="council-detail"),
    path("edit/", councils.council_edit, name="council-edit"),
    path("constituencies/new/", councils.constituency_create, name="constituency-create"),
    path("portfolios/new/", councils.portfolio_create, name="portfolio-create"),
    path("representatives/", councils.representative_list, name="representative-list"),
    path("representatives/co-opt/", councils.representative_coopt, name="representative-coopt"),
    path("recorded/new/", councils.recorded_selection_create, name="recorded-selection-create"),
    path("elections/new/", elections.election_create, name="election-create"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
]

urlpatterns = [
    path("", councils.council_list, name="council-list"),
    path("new/", councils.council_create, name="council-create"),
    path("my-nominations/", nominations.my_nominations, name="my-nominations"),
    # Elections
    path("elections/", elections.election_list, name="election-list"),
    path("elections/how-the-count-works/", elections.how_count_works, name="how-count-works"),
    path("elections/<int:pk>/", include(election_urls)),
    # Nominations
    path(
        "nominations/<int:pk>/respond/", nominations.nomination_respond, name="nomination-respond"
    ),
    path(
        "nominations/<int:pk>/withdraw/",
        nominations.nomination_withdraw,
        name="nomination-withdraw",
    ),
    path("nominations/<int:pk>/decide/", nominations.nomination_decide, name="nomination-decide"),
    # Membership and representatives
    path(
        "constituencies/<int:pk>/members/",
        councils.constituency_members,
        name="constituency-members",
    ),
    path("memberships/<int:pk>/end/", councils.membership_end, name="membership-end"),
    path(
        "representatives/<int:pk>/stand-down/",
        councils.representative_stand_down,
        name="representative-stand-down",
    ),
    # Meetings, agendas, minutes and decisions
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", include(meeting_urls)),
    path("agenda/<int:pk>/", agenda.agenda_item_detail, name="agenda-item-detail"),
    path("agenda/<int:pk>/edit/", agenda.agenda_item_edit, name="agenda-item-edit"),
    path("agenda/<int:pk>/move/", agenda.agenda_item_move, name="agenda-item-move"),
    path("agenda/<int:pk>/respond/", agenda.agenda_item_respond, name="agenda-item-respond"),
    path("decisions/<int:pk>/", minutes.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/delete/", minutes.decision_delete, name="decision-delete"),
    # "Tell your rep"
    path("tell-your-rep/", issues.issue_create, name="issue-create"),
    path("tell-your-rep/check/", issues.issue_check, name="issue-check"),
    path("issues/mine/", issues.issue_mine, name="issue-mine"),
    path("issues/inbox/", issues.issue_inbox, name="issue-inbox"),
    path("issues/<int:pk>/", issues.issue_detail, name="issue-detail"),
    path("issues/<int:pk>/merge/", issues.issue_merge, name="issue-merge"),
    path("issues/<int:pk>/raise/", issues.issue_raise, name="issue-raise"),
    path("issues/<int:pk>/close/", issues.issue_close, name="issue-close"),
    # One council
    path("<slug:slug>/", include(council_urls)),
]
