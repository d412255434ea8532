"""Settings for the performance management system.

Everything that differs between a laptop and production comes from the
environment (see docs/deployment.md). On a laptop, ``make install`` writes a
``.env`` file in the project folder with DEBUG on and a development key, so every
command works with nothing set; a development server then uses a SQLite file in
the project folder. Environment variables win over the file. Production has no
``.env`` and refuses to start without a secret key and its email settings.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from perfmgmt.env import env_bool, env_int, env_is_set, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent

# ENV_FILE names the file of development settings; empty: read none (the test suite).
ENV_FILE = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if ENV_FILE:
    load_env_file(ENV_FILE)

DEBUG = env_bool("DEBUG", default=False)

_secret = env_str("SECRET_KEY")
if _secret is None:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY (or SECRET_KEY_FILE), or run `make install`"
            " on a development machine (it writes a .env with DEBUG=true and a development key)."
        )
    _secret = "development-only-key-never-used-when-debug-is-off"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "django_tables2",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "csp",
    "perfmgmt.apps.PerfmgmtConfig",
    "kpis",
    "reporting",
    "governance",
    "kpis.notifications",
    "perfmgmt.sitepages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "perfmgmt.middleware.NoStoreMiddleware",
    # A feed key (Authorization: Bearer) reads the data files as its owner: perfmgmt/feed.py.
    "perfmgmt.feed.FeedKeyMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "perfmgmt.urls"
# A form refused for a missing or stale CSRF token gets the site's own page, saying what to do.
CSRF_FAILURE_VIEW = "perfmgmt.errors.csrf_failure"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "perfmgmt.navigation.context",
            ],
        },
    },
]

WSGI_APPLICATION = "perfmgmt.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's Argon2id hasher with OWASP's cost (perfmgmt/hashers.py) first: memory-hard, so a
# stolen hash costs an attacker memory as well as time, and a sign-in costs a tenth of the
# CPU of Django's PBKDF2 default (docs/decisions.md has the figures). The others stay so
# existing hashes still check; each is re-hashed with Argon2 at its owner's next sign-in.
PASSWORD_HASHERS = [
    "perfmgmt.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in throttling (django-axes): five wrong passwords for one username from one address
# lock that pair out for 15 minutes, on the sign-in page and the admin's alike; every try
# while locked out starts the 15 minutes again. The lockout page is
# templates/registration/locked_out.html; sign-ins are logged to "perfmgmt.security".
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "perfmgmt.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "perfmgmt.security.client_ip"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "kpis:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "perfmgmt.staticfiles.PlotlyFinder",  # plotly.js from the plotly package, no CDN
]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))

# Background work (committee packs) through a task queue kept in the database: no other
# server, on SQLite or PostgreSQL. `manage.py db_worker` runs it (`make run` starts one).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A pack's PDF is laid out in chunks by this many processes side by side (one per core).
PACK_PDF_WORKERS = env_int(
    "PACK_PDF_WORKERS",
    len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
)

# Reasons in the history are kept whole (an import's file name and reason, a correction's
# reason), not cut at 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
DJANGO_TABLES2_TEMPLATE = "tables/gds_table.html"

CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", CONSOLE_EMAIL)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "performance@council.example")
# The address people open from emails (reminders), without a trailing slash.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

if not DEBUG:
    # In production these would fail silently: mail printed to a log nobody reads, sent
    # from an example address, with links to a laptop. Say so at start-up instead.
    _missing = [name for name in ("EMAIL_BACKEND", "SITE_URL", "DEFAULT_FROM_EMAIL")
                if not env_is_set(name)]
    if _missing:
        raise ImproperlyConfigured(
            f"{', '.join(_missing)} must be set when DEBUG is off: EMAIL_BACKEND (e.g. "
            "django.core.mail.backends.smtp.EmailBackend; the console backend only if "
            "you set it explicitly), SITE_URL (the address people open from emails, "
            "e.g. https://performance.council.gov.uk) and DEFAULT_FROM_EMAIL (the "
            "address reminders come from). See docs/deployment.md."
        )

# Production hardening: on unless DEBUG (or explicitly turned off behind a proxy
# that terminates TLS and sets X-Forwarded-Proto).
SECURE = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=SECURE)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=SECURE)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=SECURE_HSTS_SECONDS > 0)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", default=False) else None
)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles, images, fonts and requests only
# from this server, and nothing inline: no <script> blocks, no on*= attributes, no
# style= attributes (templates/base.html loads static/js-enabled.js instead, and htmx is
# told not to inject its indicator style). tests/browser fails on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Every sign-in, failed sign-in and lockout, with username and address.
        "perfmgmt.security": {"level": env_str("SECURITY_LOG_LEVEL", "INFO")},
    },
}
