"""Production settings are safe, bad settings fail loudly, and a newcomer's commands work."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from perfmgmt.env import parse_env_file

ROOT = Path(__file__).resolve().parent.parent

# Every variable the settings read that a developer's shell might have set.
SETTINGS_VARIABLES = (
    "DEBUG", "SECRET_KEY", "SECRET_KEY_FILE", "ALLOWED_HOSTS", "EMAIL_BACKEND", "SITE_URL",
    "DEFAULT_FROM_EMAIL", "ENV_FILE", "DJANGO_SETTINGS_MODULE", "DATABASE_URL",
)

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x7Kq2mP9vR4tW8yZ1bN6cF3hJ5lD0sA-gE_uI.oT+rY=wQ!eXpVnMkLjHgFdSa",
    "ALLOWED_HOSTS": "performance.northshire.gov.uk",
    "SITE_URL": "https://performance.northshire.gov.uk",
    "DEFAULT_FROM_EMAIL": "performance@northshire.gov.uk",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
}


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    """manage.py with the real settings and nothing but ``env`` set; no .env file is read
    unless ENV_FILE names one."""
    clean = {k: v for k, v in os.environ.items() if k not in SETTINGS_VARIABLES}
    clean.update({"ENV_FILE": ""}, **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
        text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_missing_secret_key_is_an_error_when_debug_is_off():
    result = _manage("check", **{**PRODUCTION, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_is_off_and_a_secret_required_when_nothing_is_set():
    """A server with no .env and no variables (production by default) refuses to start."""
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_misspelt_boolean_is_an_error():
    result = _manage("check", **{**PRODUCTION, "DEBUG": "ture"})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    settings = {**PRODUCTION, "SECRET_KEY": "", "SECRET_KEY_FILE": str(secret)}
    result = _manage("check", **settings)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["EMAIL_BACKEND", "SITE_URL", "DEFAULT_FROM_EMAIL"])
def test_production_requires_the_settings_that_would_otherwise_fail_silently(name):
    settings = {k: v for k, v in PRODUCTION.items() if k != name}
    result = _manage("check", **settings)
    assert result.returncode != 0
    assert f"{name} must be set when DEBUG is off" in result.stderr


def test_production_may_print_email_to_the_console_if_it_says_so():
    console = "django.core.mail.backends.console.EmailBackend"
    result = _manage("check", **{**PRODUCTION, "EMAIL_BACKEND": console})
    assert result.returncode == 0, result.stderr


def test_development_needs_none_of_them():
    result = _manage("check", DEBUG="true")
    assert result.returncode == 0, result.stderr


# --- the development .env ---------------------------------------------------------


def test_the_env_file_gives_a_development_server_with_nothing_set(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("# a comment\n\nDEBUG=true\nSECRET_KEY='dev-key-from-the-file'\n")
    result = _manage("diffsettings", "--all", ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
    assert "SECRET_KEY = 'dev-key-from-the-file'" in result.stdout


def test_the_environment_wins_over_the_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\n")
    result = _manage("check", ENV_FILE=str(env_file), DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_bad_line_in_the_env_file_is_an_error(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nthis is not a setting\n")
    result = _manage("check", ENV_FILE=str(env_file))
    assert result.returncode != 0
    assert "line 2: expected KEY=VALUE" in result.stderr


def test_the_env_file_reader():
    text = "# comment\nexport A=1\nB = two words \nC=\"quoted = value\"\nD=\n"
    assert parse_env_file(text) == {"A": "1", "B": "two words", "C": "quoted = value", "D": ""}


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_writes_a_development_env_once_and_commands_then_need_nothing_set(tmp_path):
    """`make install` writes .env (the `.env` target), never over an existing one, and
    manage.py then runs with no variables set."""
    make = ["make", "-s", "-C", str(tmp_path), "-f", str(ROOT / "Makefile"), ".env"]
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    env_file = tmp_path / ".env"
    values = parse_env_file(env_file.read_text())
    assert values["DEBUG"] == "true"
    assert len(values["SECRET_KEY"]) >= 50
    first = env_file.read_text()
    subprocess.run(make, check=True, capture_output=True, timeout=60)
    assert env_file.read_text() == first

    result = _manage("check", ENV_FILE=str(env_file))
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_env_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
