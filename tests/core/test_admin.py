"""The Django admin: only administrators, and its login goes through allauth."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db


def _admin_urls_without_arguments() -> list[str]:
    admin_resolver = next(
        p
        for p in get_resolver().url_patterns
        if isinstance(p, URLResolver) and p.namespace == "admin"
    )
    urls = []

    def walk(resolver, prefix):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern, prefix + str(pattern.pattern))
            elif (
                isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters
            ):
                route = str(pattern.pattern).lstrip("^").rstrip("$")
                if "(?P" not in route and "<" not in route:
                    urls.append("/admin/" + prefix + route)

    walk(admin_resolver, "")
    # Signing out is not a page to protect, and would end the test's session.
    # The autocomplete endpoint needs query parameters (it refuses everyone without them).
    return sorted(set(urls) - {"/admin/logout/", "/admin/autocomplete/"})


def test_every_admin_page_refuses_everyone_but_administrators(client, role_users):
    urls = _admin_urls_without_arguments()
    assert len(urls) > 10
    for who, user in role_users.items():
        client.force_login(user)
        for url in urls:
            response = client.get(url)
            if who == "administrator":
                # 403 where the admin forbids an action to everyone (e.g. adding audit events).
                assert response.status_code in (200, 302, 403), (who, url, response.status_code)
                if url == "/admin/":
                    assert response.status_code == 200
            else:
                assert response.status_code in (302, 403), (who, url, response.status_code)
                if response.status_code == 302:
                    # Django's admin sends non-staff to its login, which allauth refuses.
                    assert response.headers["Location"].startswith("/admin/login/"), (who, url)


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_anonymous_admin_page_redirects_to_allauth_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert (
        reverse("account_login") in response.headers["Location"]
        or "/admin/login" in response.headers["Location"]
    )
