"""Production settings are safe, and bad settings fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    clean.update(env, DJANGO_SETTINGS_MODULE="perfmgmt.settings")
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True,
        text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DEBUG="false",
        SECRET_KEY="x7Kq2mP9vR4tW8yZ1bN6cF3hJ5lD0sA-gE_uI.oT+rY=wQ!eXpVnMkLjHgFdSa",
        ALLOWED_HOSTS="performance.northshire.gov.uk",
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_a_missing_secret_key_is_an_error_when_debug_is_off():
    result = _manage("check", DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_misspelt_boolean_is_an_error():
    result = _manage("check", DEBUG="ture", SECRET_KEY="k" * 60)
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_the_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    result = _manage("check", DEBUG="false", SECRET_KEY_FILE=str(secret), ALLOWED_HOSTS="x")
    assert result.returncode == 0, result.stderr
