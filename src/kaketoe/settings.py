"""Kaketoe settings: one module, read from the environment, safe when nothing is set.

See the configuration table in README.md for every variable.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from kaketoe import private_files, shared_cache
from kaketoe.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent  # src/kaketoe
ROOT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(env_str("KAKETOE_VAR_DIR", str(ROOT_DIR / "var")))
# Every file this process creates is 0600, every folder 0700; the data directory too.
private_files.make_private(VAR_DIR)

DEBUG = env_bool("KAKETOE_DEBUG", False)


def _secret_key() -> str:
    """KAKETOE_SECRET_KEY, else a key generated once and kept in var/ (single-machine runs)."""
    if key := env_str("KAKETOE_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        private_files.write_private(path, secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _encryption_keys() -> list[str]:
    """KAKETOE_ENCRYPTION_KEYS (newest first), else one key generated once and kept in var/."""
    if keys := env_list("KAKETOE_ENCRYPTION_KEYS", []):
        return keys
    path = VAR_DIR / "encryption_key"
    if not path.exists():
        from cryptography.fernet import Fernet

        private_files.write_private(path, Fernet.generate_key().decode("ascii"))
    return [path.read_text().strip()]


# Free-text notes about health and trauma are encrypted at rest with these (kaketoe/crypto.py).
ENCRYPTION_KEYS = _encryption_keys()


def _audit_keys() -> list[str]:
    """KAKETOE_AUDIT_KEY (newest first), else one key generated once and kept in var/."""
    if keys := env_list("KAKETOE_AUDIT_KEY", []):
        return keys
    path = VAR_DIR / "audit_key"
    if not path.exists():
        private_files.write_private(path, secrets.token_hex(32))
    return [path.read_text().strip()]


# The audit chain is an HMAC under this key, which is never in the database; signed checkpoints
# of the chain go to an append-only file, every N events and at each verify_audit (audit/chain.py,
# audit/checkpoints.py, docs/security.md).
KAKETOE_AUDIT_KEYS = _audit_keys()
KAKETOE_AUDIT_CHECKPOINT_FILE = Path(
    env_str("KAKETOE_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.log"))
)
KAKETOE_AUDIT_CHECKPOINT_EVERY = env_int("KAKETOE_AUDIT_CHECKPOINT_EVERY", 100)
# Also log each checkpoint line to "stdout" or "syslog" (audit/apps.py adds the handler).
KAKETOE_AUDIT_CHECKPOINT_LOG = env_str("KAKETOE_AUDIT_CHECKPOINT_LOG", "").strip().lower()
if KAKETOE_AUDIT_CHECKPOINT_LOG not in {"", "stdout", "syslog"}:
    raise ImproperlyConfigured("KAKETOE_AUDIT_CHECKPOINT_LOG must be stdout, syslog or empty")
ALLOWED_HOSTS = env_list("KAKETOE_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("KAKETOE_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_countries",
    "django_htmx",
    "kaketoe.accounts",
    "kaketoe.cases",
    "kaketoe.audit",
    "kaketoe.catalogues",
    "kaketoe.assessments",
    "kaketoe.plans",
    "kaketoe.ops",
    "kaketoe.consent",
    "kaketoe.toolkit",
    "kaketoe.guidance",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "kaketoe.api",
    "kaketoe.monitoring",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kaketoe.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "kaketoe.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kaketoe.toolkit.middleware.ChildModeLockMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kaketoe.urls"
WSGI_APPLICATION = "kaketoe.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaketoe.accounts.context_processors.membership",
            ],
        },
    },
]

# Database: SQLite (WAL) under var/ by default, anything dj-database-url reads via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kaketoe.sqlite3'}"),
        conn_max_age=env_int("KAKETOE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# A password-reset link works once and only this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("KAKETOE_PASSWORD_RESET_MINUTES", 60) * 60
LOGIN_REDIRECT_URL = "cases:caseload"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lockout (accounts/lockout.py): five failures lock a username at one address, and twenty from
# one address lock that address, for a while; counted in the database.
AXES_FAILURE_LIMIT = env_int("KAKETOE_LOCKOUT_FAILURES", 5)
KAKETOE_LOCKOUT_ADDRESS_FAILURES = env_int("KAKETOE_LOCKOUT_ADDRESS_FAILURES", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("KAKETOE_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "kaketoe.accounts.lockout.PairAndAddressHandler"
AXES_CLIENT_IP_CALLABLE = "kaketoe.accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "kaketoe.accounts.views.locked_out"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "Kaketoe"

# Sessions end after inactivity.
SESSION_COOKIE_AGE = env_int("KAKETOE_SESSION_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Messages (a new colleague's one-time password among them) stay in the server-side session:
# Django's default keeps them in a `messages` cookie, signed but readable by anyone who has it.
# No secret ever goes into a cookie.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Transport security: on unless running in DEBUG or told otherwise (plain-HTTP demo on loopback).
SECURE = env_bool("KAKETOE_SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and env_bool("KAKETOE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
KAKETOE_BEHIND_PROXY = env_bool("KAKETOE_BEHIND_PROXY", False)
# Behind our own load balancer: trust its X-Forwarded-Proto and (for the audit log) the last
# X-Forwarded-For hop. Never set this when clients can reach the app servers directly.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if KAKETOE_BEHIND_PROXY else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "kaketoe.views.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Scanned consent forms (kaketoe/uploads.py): at most this size, encrypted, outside the web root
# (no URL serves this folder). An upload within the limit stays in memory, so the plain scan
# never touches the disk; a larger one is spooled to the temp folder only to be refused.
KAKETOE_UPLOAD_MAX_MB = env_int("KAKETOE_UPLOAD_MAX_MB", 10)
KAKETOE_UPLOAD_DIR = Path(env_str("KAKETOE_UPLOAD_DIR", str(VAR_DIR / "uploads")))
FILE_UPLOAD_MAX_MEMORY_SIZE = (KAKETOE_UPLOAD_MAX_MB + 1) * 1024 * 1024


def _sqlite_files() -> list[Path]:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return []
    database = Path(DATABASES["default"]["NAME"])
    return [database.with_name(database.name + end) for end in ("", "-wal", "-shm", "-journal")]


# What an older version left readable by others becomes private (docs/deploy.md).
private_files.tighten(
    [
        *_sqlite_files(),
        VAR_DIR / "secret_key",
        VAR_DIR / "encryption_key",
        VAR_DIR / "audit_key",
        KAKETOE_AUDIT_CHECKPOINT_FILE,
        VAR_DIR / "backups",
        *(VAR_DIR / "backups").glob("*"),
        KAKETOE_UPLOAD_DIR,  # the scans in it are written 0600 (uploads.py)
    ]
)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("KAKETOE_TIME_ZONE", "Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env_str(
            "KAKETOE_STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Step 1A: warn when the safety assessment of the place of return is older than this, or missing
# when departure is this close.
SAFETY_ASSESSMENT_MAX_AGE_MONTHS = env_int("KAKETOE_SAFETY_MAX_AGE_MONTHS", 6)
SAFETY_ASSESSMENT_WARN_DAYS = env_int("KAKETOE_SAFETY_WARN_DAYS", 90)

# Retention (GDPR art. 5(1)(e)): a closed case's personal data is erased this many years after
# it was closed, by `./kaketoe manage apply_retention` (audit/retention.py).
KAKETOE_RETENTION_YEARS = env_int("KAKETOE_RETENTION_YEARS", 5)

EMAIL_BACKEND = env_str("KAKETOE_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KAKETOE_FROM_EMAIL", "kaketoe@localhost")
# Where Kaketoe is reached, for the links in e-mails (alerts, reminders), which carry no case data.
KAKETOE_BASE_URL = env_str("KAKETOE_BASE_URL", "http://127.0.0.1:8000")

# REST API (kaketoe/api): bearer token or a two-factor session; throttled per token.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "kaketoe.api.authentication.BearerTokenAuthentication",
        "kaketoe.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["kaketoe.api.parsers.BoundedJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "kaketoe.api.pagination.Pages",
    "DEFAULT_THROTTLE_CLASSES": ["kaketoe.api.throttling.TokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": env_str("KAKETOE_API_RATE", "1200/hour")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
KAKETOE_API_MAX_BODY_BYTES = env_int("KAKETOE_API_MAX_BODY_BYTES", 256 * 1024)
# The cache every worker and app server shares, for the API throttle: the database's
# (table kaketoe_cache), or Redis with KAKETOE_CACHE_URL (kaketoe/shared_cache.py).
CACHES = shared_cache.caches(env_str("KAKETOE_CACHE_URL", ""))
# An API token works this many days after it was issued (accounts/models.py, ApiToken).
KAKETOE_API_TOKEN_DAYS = env_int("KAKETOE_API_TOKEN_DAYS", 90)
SPECTACULAR_SETTINGS = {
    "TITLE": "Kaketoe API",
    "DESCRIPTION": "Case data of families returning with children. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several serializers have a field named "kind"; give the factor's its own name.
    "ENUM_NAME_OVERRIDES": {"FactorKindEnum": "kaketoe.assessments.models.ChildFactor.Kind"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KAKETOE_LOG_LEVEL", "WARNING")},
}

# axes.W006 asks for "ip_address" alone in AXES_LOCKOUT_PARAMETERS; the address limit is
# accounts/lockout.py's, higher than the per-pair one so a shared address is not locked at once.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
