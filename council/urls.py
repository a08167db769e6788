from django.urls import path

from council import views

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
]
