"""Settings for the test suite: the real settings with a test key and a fast hasher.

A developer's .env is never read: the suite runs the same on a laptop and in CI.
"""

import os

os.environ["ENV_FILE"] = ""
os.environ.setdefault("SECRET_KEY", "test-suite-only-not-a-secret")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("DEFAULT_FROM_EMAIL", "performance@council.example")

from perfmgmt.settings import *  # noqa: E402,F403

# Sign-in throttling (django-axes) stays on, as in production. Tests sign in with
# client.force_login, or through the login page; django-axes needs a request, so
# client.login needs one too: client.login(request=HttpRequest(), username=..., password=...).

# Fast, for the suite only; tests/security/test_passwords.py checks the real list.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tasks run as they are enqueued, inside the test (the worker is tested on its own).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
