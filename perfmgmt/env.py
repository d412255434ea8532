"""Strict reading of settings from the environment.

A bad value is an error, never a silent fallback: a typo in DEBUG must not
turn a production server into a debugging one.

A development machine may also keep its settings in a ``.env`` file of
``KEY=VALUE`` lines (``make install`` writes one with DEBUG on and a random key).
Environment variables always win over the file, and production has no file.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# Values read from the .env file, if any: consulted only when the environment has none.
_from_file: dict[str, str] = {}


def parse_env_file(text: str, source: str = ".env") -> dict[str, str]:
    """``KEY=VALUE`` lines; blank lines and ``#`` comments are skipped, and a value may
    be wrapped in single or double quotes. Anything else is an error, never ignored."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export "):].lstrip()
        key, equals, value = line.partition("=")
        key, value = key.strip(), value.strip()
        if not equals or not key.isidentifier():
            raise ImproperlyConfigured(
                f"{source}, line {number}: expected KEY=VALUE, not {line!r}"
            )
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key] = value
    return values


def load_env_file(path: Path | str) -> bool:
    """Read development settings from ``path`` if it exists; True if it did.

    The file only fills gaps: a variable set in the environment is never replaced.
    """
    _from_file.clear()
    path = Path(path)
    if not path.is_file():
        return False
    try:
        text = path.read_text()
    except OSError as error:
        raise ImproperlyConfigured(f"{path} cannot be read: {error}") from error
    _from_file.update(parse_env_file(text, source=str(path)))
    return True


def _get(name: str) -> str | None:
    value = os.environ.get(name)
    return _from_file.get(name) if value is None else value


def env_is_set(name: str) -> bool:
    """Whether the environment (or the .env file) sets ``name`` or ``name_FILE``."""
    return bool(_get(name) or _get(f"{name}_FILE"))


def env_bool(name: str, default: bool) -> bool:
    raw = _get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_str(name: str, default: str | None = None) -> str | None:
    """A string setting; NAME_FILE may name a file holding the secret instead."""
    file_name = _get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {error}") from error
    value = _get(name)
    if value is None or value == "":
        return default
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _get(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    raw = _get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error
