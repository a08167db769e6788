from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("claim/", views.invite_claim, name="claim"),
    path("account/", views.my_account, name="my-account"),
    path("account/my-data/", views.my_data_download, name="my-data"),
    path("account/delete/", views.my_account_delete, name="delete-request"),
    path("account/delete/cancel/", views.my_account_delete_cancel, name="delete-cancel"),
    path("people/", views.member_list, name="user-list"),
    path("people/new/", views.member_create, name="user-create"),
    path("people/<int:pk>/invite/", views.invite_slip_reissue, name="invite-reissue"),
    path("people/deletion-requests/", views.deletion_request_list, name="deletion-requests"),
    path(
        "people/deletion-requests/<int:pk>/complete/",
        views.deletion_request_complete,
        name="deletion-complete",
    ),
]
