from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.dashboard, name="index"),
    path("export/<slug:table>.csv", views.export, name="export"),
    path("board-pack/", views.board_pack, name="board-pack"),
    path("refresh/", views.refresh, name="refresh"),
    path("caseload/", views.caseload_list, name="caseload-list"),
    path("caseload/<slug:slug>/", views.caseload_edit, name="caseload-edit"),
    path("councils/<slug:slug>/", views.council_dashboard, name="council"),
    path("councils/<slug:slug>/board-pack/", views.council_board_pack, name="council-board-pack"),
    path(
        "councils/<slug:slug>/export/<slug:table>.csv",
        views.council_export,
        name="council-export",
    ),
]
