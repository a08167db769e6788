"""Access rows for core, users, allauth and the Django admin."""

from tests.access import ADMIN_ONLY, EVERYONE, SIGNED_IN, STAFF_ONLY, Rule


def objects(users):
    from tests.factories import make_user
    from users import services

    leaving = make_user("member")
    request = services.deletion_request_create(user=leaving, reason="")
    return {"deletion": request, "person": users["member"]}


RULES = [
    # core
    Rule("core:home", EVERYONE),
    Rule("core:healthz", EVERYONE),
    Rule("core:session-keepalive", SIGNED_IN, method="POST"),
    Rule("core:privacy", EVERYONE),
    Rule("core:accessibility", EVERYONE),
    Rule("core:glossary", EVERYONE),
    Rule("core:inbox", SIGNED_IN),
    Rule("core:inbox-read", SIGNED_IN, method="POST"),
    Rule("core:audit-log", ADMIN_ONLY),
    # users
    Rule("users:claim", EVERYONE),
    Rule("users:my-account", SIGNED_IN),
    Rule("users:my-data", SIGNED_IN),
    Rule("users:delete-request", SIGNED_IN),
    Rule("users:delete-cancel", SIGNED_IN, method="POST"),
    Rule("users:user-list", STAFF_ONLY),
    Rule("users:user-create", STAFF_ONLY),
    Rule(
        "users:invite-reissue", STAFF_ONLY, method="POST", kwargs=lambda o: {"pk": o["person"].pk}
    ),
    Rule("users:deletion-requests", ADMIN_ONLY),
    Rule("users:deletion-complete", ADMIN_ONLY, kwargs=lambda o: {"pk": o["deletion"].pk}),
    Rule(
        "users:deletion-complete",
        ADMIN_ONLY,
        method="POST",
        kwargs=lambda o: {"pk": o["deletion"].pk},
    ),
    # allauth: public pages answer everyone (signed-in people are sent on); the rest need a login
    Rule("account_login", EVERYONE),
    Rule("account_logout", EVERYONE),
    Rule("account_signup", EVERYONE),
    Rule("account_reset_password", EVERYONE),
    Rule("account_reset_password_done", EVERYONE),
    Rule("account_reset_password_from_key_done", EVERYONE),
    Rule("account_inactive", EVERYONE),
    Rule("account_email_verification_sent", EVERYONE),
    Rule("account_change_password", SIGNED_IN),
    Rule("account_set_password", SIGNED_IN),
    Rule("account_email", SIGNED_IN),
    Rule("account_reauthenticate", SIGNED_IN),
    Rule("mfa_index", SIGNED_IN),
    Rule("mfa_activate_totp", SIGNED_IN),
    Rule("mfa_reauthenticate", SIGNED_IN),
    Rule("usersessions_list", SIGNED_IN),
    Rule("admin:index", ADMIN_ONLY),
]

EXEMPT = {
    "core:session-timeout": "signs out and sends everyone to sign in; tests/core/test_timeout.py",
    "account_confirm_email": "needs a signed e-mail key; e-mail confirmation is not used",
    "account_reset_password_from_key": "needs a reset key; tests/users/test_accounts.py",
    "account_confirm_login_code": "login by code is off; allauth answers a stage it lacks",
    "account_request_reauthentication_code": "login by code is off",
    "account_confirm_reauthentication_code": "login by code is off",
    "mfa_authenticate": "only within a login with a pending 2FA stage; tests/users/test_mfa.py",
    "mfa_deactivate_totp": "needs an active authenticator and reauthentication; test_mfa.py",
    "mfa_view_recovery_codes": "needs recovery codes and reauthentication; test_mfa.py",
    "mfa_generate_recovery_codes": "needs reauthentication; test_mfa.py",
    "mfa_download_recovery_codes": "needs recovery codes and reauthentication; test_mfa.py",
}

EXEMPT_PREFIXES = {
    "admin:": "the Django admin: tests/core/test_admin.py walks every admin URL for every role",
}
