"""Sign-ins are throttled (django-axes) on the sign-in page and the admin's, and logged."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
LOCKED = "Too many attempts to sign in"


def sign_in(client, password, username="olivia", url=None, **extra):
    return client.post(url or reverse("login"), {"username": username, "password": password},
                       **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def olivia(db):
    return make_user("olivia", first_name="Olivia", last_name="Officer")


def test_six_wrong_passwords_lock_the_account_even_against_the_right_one(client, olivia):
    """Given an officer,
    When someone tries six wrong passwords for her username,
    Then the right password is refused too, with a page that says why and for how long."""
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            response = sign_in(client, "guess")
            assert response.status_code == 200  # the form again, with its error
        for _ in range(2):  # the fifth failure locks the account
            assert sign_in(client, "guess").status_code == 429
        response = sign_in(client, "pw-olivia")

    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert LOCKED in page
    assert "you cannot sign in for 15 minutes" in page
    assert "Try again after 09:15" in page  # 9:00 UTC is 9:00 in London in November
    assert 'class="govuk-heading-l"' in page


def test_the_right_password_works_again_after_the_cool_off(client, olivia):
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(6):
            sign_in(client, "guess")
        assert sign_in(client, "pw-olivia").status_code == 429
        clock.shift(timedelta(minutes=14))
        assert sign_in(client, "pw-olivia").status_code == 429  # and the wait starts again
        clock.shift(timedelta(minutes=16))
        response = sign_in(client, "pw-olivia")

    assert response.status_code == 302
    assert signed_in(client)


def test_four_wrong_passwords_then_the_right_one_signs_in(client, olivia):
    for _ in range(4):
        sign_in(client, "guess")
    assert sign_in(client, "pw-olivia").status_code == 302


def test_the_lockout_is_for_the_username_from_that_address(client, olivia):
    """Someone guessing from one address does not lock the officer out at her desk."""
    for _ in range(6):
        sign_in(client, "guess", REMOTE_ADDR="203.0.113.9")
    assert sign_in(client, "pw-olivia", REMOTE_ADDR="203.0.113.9").status_code == 429
    assert sign_in(client, "pw-olivia", REMOTE_ADDR="198.51.100.7").status_code == 302


def test_the_admin_sign_in_is_throttled_too(client):
    make_user("petra", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(6):
        sign_in(client, "guess", username="petra", url=url)
    response = sign_in(client, "pw-petra", username="petra", url=url)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still not signed in


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, olivia, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    for _ in range(6):
        sign_in(client, "guess", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.9")
    # Same proxy, another client: not locked out, whatever the first address claims.
    assert sign_in(client, "pw-olivia",
                   HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.7").status_code == 302


def test_sign_ins_are_logged_without_passwords(client, olivia, caplog):
    caplog.set_level("INFO", logger="perfmgmt.security")
    sign_in(client, "wrong-secret-1")
    sign_in(client, "pw-olivia")

    records = [r for r in caplog.records if r.name == "perfmgmt.security"]
    messages = [r.getMessage() for r in records]
    assert messages == [
        "Sign-in failed: username='olivia' ip=127.0.0.1 path=/accounts/login/",
        "Sign-in succeeded: username='olivia' ip=127.0.0.1 path=/accounts/login/",
    ]
    assert [r.levelname for r in records] == ["WARNING", "INFO"]
    assert "wrong-secret-1" not in caplog.text
    assert "pw-olivia" not in caplog.text


def test_a_lockout_is_logged(client, olivia, caplog):
    caplog.set_level("INFO", logger="perfmgmt.security")
    for _ in range(5):
        sign_in(client, "guess")
    assert any(r.name == "perfmgmt.security" and "locked out after 5 failures" in r.getMessage()
               for r in caplog.records)


def test_tests_can_still_sign_in_with_the_test_client(client, olivia):
    """force_login needs nothing; client.login needs a request for django-axes."""
    from django.http import HttpRequest

    assert client.login(request=HttpRequest(), username="olivia", password="pw-olivia")
    assert signed_in(client)
