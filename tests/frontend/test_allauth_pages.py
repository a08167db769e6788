"""allauth pages the browser tests do not reach still use the portal's layout and markup."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from tests.frontend.test_base_template import check_page


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/inactive/", "This account is closed"),
        ("/accounts/signup/", "You cannot make an account here"),
        ("/accounts/password/reset/key/done/", "Your password is changed"),
    ],
)
def test_public_allauth_pages(client, db, path, heading):
    response = client.get(path)
    assert check_page(response) == []
    assert lxml_html.fromstring(response.content).findtext(".//h1").strip() == heading


def test_password_set_page(member):
    """allauth refuses this page to a signed-in person with no password (nothing to
    reauthenticate with), so render the template directly."""
    from allauth.account.forms import SetPasswordForm
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = member
    request.csp_nonce = "n"
    form = SetPasswordForm(user=member, data={"password1": "x", "password2": "y"})
    form.is_valid()
    doc = lxml_html.fromstring(
        render_to_string("account/password_set.html", {"form": form}, request=request)
    )
    assert doc.findtext(".//h1").strip() == "Choose a password"
    assert doc.findtext(".//title").startswith("Error: Choose a password")
    for href in doc.xpath("//div[contains(@class, 'govuk-error-summary')]//a/@href"):
        assert doc.xpath(f"//input[@id='{href[1:]}']"), href


def test_login_errors_link_to_the_username(client, db):
    response = client.post("/accounts/login/", {"login": "nobody", "password": "wrong"})
    assert response.status_code == 200
    doc = lxml_html.fromstring(response.content)
    links = doc.xpath("//div[contains(@class, 'govuk-error-summary')]//a/@href")
    assert links == ["#id_login"]
    assert doc.findtext(".//title").startswith("Error: Sign in")
    # No "Forgot your password?" hint on the field: the page explains resets itself.
    assert "Forgot your password?" not in response.content.decode()


def test_fallback_layout_for_pages_without_an_override(client, member):
    """Any allauth page we did not write ourselves still sits in base.html (elements)."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = member
    request.csp_nonce = "n"
    html = render_to_string("account/verified_email_required.html", {}, request=request)
    doc = lxml_html.fromstring(html)
    assert doc.get("lang") == "en-GB"
    assert doc.xpath("//h1[@class='govuk-heading-xl']")
    assert doc.xpath("//main[@id='main-content']//p[@class='govuk-body']")
