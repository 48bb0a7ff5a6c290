"""Django settings for Duban: one file, every knob read from the environment.

SQLite under ``var/`` is the default so that clone → migrate → runserver works with no set-up;
``DATABASE_URL`` switches to PostgreSQL (psycopg 3). ``DUBAN_HOME`` moves ``var/`` elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url


def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: str = "False") -> bool:
    return envstr(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: str = "0") -> int:
    return int(envstr(name, default))


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


REPO_ROOT = Path(__file__).resolve().parents[2]
BASE_DIR = Path(envstr("DUBAN_HOME", str(REPO_ROOT)))
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(parents=True, exist_ok=True)

# DUBAN_ENV=production turns on the secure defaults below and the start-up refusals of
# duban.security.checks (DEBUG on, a default or missing SECRET_KEY, demo accounts present).
DUBAN_ENV = envstr("DUBAN_ENV", "development").strip().lower()
PRODUCTION = DUBAN_ENV == "production"
DEVELOPMENT_SECRET_KEY = "duban-development-key-change-me-in-production-0123456789"

DEBUG = envbool("DEBUG", "False" if PRODUCTION else "True")
SECRET_KEY = envstr("SECRET_KEY", "" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "*" if DEBUG else "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "duban.ledger",
    "duban.supervision",
    "duban.crossdoc",
    "duban.web",
    "duban.api",
    "duban.demo",
    "duban.security",
    "duban.backup",
    # After duban.security: its sign-in receivers run before axes' own (duban.security.throttle).
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "duban.security.middleware.ContentSecurityPolicyMiddleware",
    # Turns a locked sign-in into duban.security.throttle.lockout_response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "duban.urls"
WSGI_APPLICATION = "duban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

SQLITE_URL = f"sqlite:///{VAR_DIR / 'duban.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        envstr("DATABASE_URL", SQLITE_URL), conn_max_age=envint("DB_CONN_MAX_AGE", "0")
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a concurrent writer instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# With several server processes, a shared cache (Redis) makes a change drop the cached dashboard
# counts in every process at once; without it each process keeps its own for a few seconds.
CACHE_URL = envstr("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("DUBAN_PASSWORD_MIN_LENGTH", "10")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Background jobs (django-tasks): parsing an uploaded document runs in `duban db_worker`
# processes that take jobs from the database. DUBAN_TASKS_BACKEND=
# django_tasks.backends.immediate.ImmediateBackend runs them inside the request instead
# (the test suite does; no worker needed).
TASKS = {
    "default": {
        "BACKEND": envstr("DUBAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Sign-in throttling (django-axes, configured in duban.security.throttle): this many failures
# for one username from one address pause that pair for DUBAN_LOGIN_LOCK_MINUTES, doubled for
# each further lock within a day up to DUBAN_LOGIN_LOCK_MAX_MINUTES; other users at the same
# address are not affected. The office lifts a lock on the 登录锁定 page.
AUTHENTICATION_BACKENDS = [
    "duban.security.backends.ThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DUBAN_LOGIN_MAX_FAILURES = envint("DUBAN_LOGIN_MAX_FAILURES", "5")
DUBAN_LOGIN_LOCK_MINUTES = envint("DUBAN_LOGIN_LOCK_MINUTES", "5")
DUBAN_LOGIN_LOCK_MAX_MINUTES = envint("DUBAN_LOGIN_LOCK_MAX_MINUTES", "240")
# Addresses (or networks, CIDR) of the reverse proxies in front: only a request from one of
# them has its X-Forwarded-For read; by default none, and the address is REMOTE_ADDR.
DUBAN_TRUSTED_PROXIES = envlist("DUBAN_TRUSTED_PROXIES")
AXES_FAILURE_LIMIT = "duban.security.throttle.failure_limit"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "duban.security.throttle.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each pair's own expiry: waits differ between pairs
AXES_CLIENT_IP_CALLABLE = "duban.security.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "duban.security.throttle.lockout_response"
AXES_RESET_ON_SUCCESS = False  # only time lifts a lock: a guessed password resets nothing
# A sign-in refused while locked is not a new failure: it neither counts nor extends the wait.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
# The one language of the interface: a browser asking for English still gets Chinese words and
# dates (2026年1月1日), Django's own pages (403, 404, forms' errors) included.
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = envstr("STATIC_ROOT", str(VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = envstr("MEDIA_ROOT", str(VAR_DIR / "media"))
# Built ledger exports, one file per document version (reports/cache.py); safe to delete.
EXPORT_CACHE_DIR = envstr("DUBAN_EXPORT_CACHE", str(VAR_DIR / "cache" / "exports"))
# Largest document import, pasted text or evidence file accepted (duban.ledger.services.uploads),
# enforced while the body streams in (duban.security.uploads): files over it are counted, not
# kept. Files up to FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory, larger ones go to a temporary
# file; the other fields of a request (pasted text) may hold DATA_UPLOAD_MAX_MEMORY_SIZE.
DUBAN_MAX_UPLOAD_MB = envint("DUBAN_MAX_UPLOAD_MB", "30")
FILE_UPLOAD_HANDLERS = [
    "duban.security.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = envint("FILE_UPLOAD_MAX_MEMORY_SIZE", str(5 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE",
                                     str((DUBAN_MAX_UPLOAD_MB + 1) * 1024 * 1024))

# Cookies, HTTPS and headers: secure by default in production, each overridable from the env.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", str(PRODUCTION))
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", str(PRODUCTION))
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", str(PRODUCTION))
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", str(PRODUCTION))
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", str(PRODUCTION))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind the HTTPS proxy (nginx, caddy): it says the original scheme in X-Forwarded-Proto and
# appends the client's address to X-Forwarded-For (read only from DUBAN_TRUSTED_PROXIES).
DUBAN_BEHIND_PROXY = envbool("DUBAN_BEHIND_PROXY", str(PRODUCTION))
if DUBAN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Scripts only from our own static files: no inline scripts, no eval, no third-party hosts.
DUBAN_CONTENT_SECURITY_POLICY = envstr(
    "DUBAN_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)

EMAIL_BACKEND = envstr("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = envstr("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", "false")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "duban@localhost")

# Reporting cadence given to a newly imported document (the office may change it per document).
DUBAN_REPORT_CADENCE = envstr("DUBAN_REPORT_CADENCE", "monthly")
DUBAN_REPORT_DAY = envint("DUBAN_REPORT_DAY", "25")
DUBAN_DEMO_DIR = Path(envstr("DUBAN_DEMO_DIR", str(REPO_ROOT / "demo")))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "WARNING")},
}
