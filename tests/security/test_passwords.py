"""Passwords are hashed with Argon2id at OWASP's cost, and older hashes are upgraded."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher as DjangoArgon2
from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, identify_hasher
from django.urls import reverse

import perfmgmt.settings as real_settings
from perfmgmt.hashers import Argon2PasswordHasher

PASSWORD = "a-long-council-password"


@pytest.fixture
def real_hashers(settings):
    """The production list (the suite itself uses a fast MD5 hasher)."""
    settings.PASSWORD_HASHERS = real_settings.PASSWORD_HASHERS


def test_argon2id_comes_first_with_owasp_cost(real_hashers):
    hasher = get_hasher("default")
    assert isinstance(hasher, Argon2PasswordHasher)
    assert (hasher.memory_cost, hasher.time_cost, hasher.parallelism) == (19 * 1024, 2, 1)
    encoded = hasher.encode(PASSWORD, hasher.salt())
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")


@pytest.mark.django_db
@pytest.mark.parametrize("old_hasher", [PBKDF2PasswordHasher(), DjangoArgon2()],
                         ids=["pbkdf2", "argon2 at Django's cost"])
def test_an_older_hash_is_upgraded_at_the_next_sign_in(real_hashers, client, old_hasher):
    """Given a user whose password was hashed before this change,
    When they sign in through the login page,
    Then they are signed in and their hash is now Argon2id at our cost."""
    user = get_user_model().objects.create(username="olivia")
    user.password = old_hasher.encode(PASSWORD, old_hasher.salt())
    user.save()

    response = client.post(reverse("login"), {"username": "olivia", "password": PASSWORD})

    assert response.status_code == 302
    user.refresh_from_db()
    assert isinstance(identify_hasher(user.password), Argon2PasswordHasher)
    assert "$m=19456,t=2,p=1$" in user.password
    assert user.check_password(PASSWORD)
