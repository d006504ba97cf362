"""One settings module, driven by the environment (contract section 6).

Every variable has a default that works on a laptop with nothing installed: SQLite, a
filesystem broker, console email. Production sets DATABASE_URL, CELERY_BROKER_URL and friends.

Every process reads this module (web, worker, beat, each manage.py command), so reading it writes
nothing: the folders of the embedded defaults are made by what uses them (see VAR_DIR).
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ

from mariohr import startup_checks

BASE_DIR = Path(__file__).resolve().parent.parent
# Local state of the embedded defaults (SQLite file, filesystem broker, beat schedule, collected
# static files). var/ is in every clone (var/.gitignore keeps it, and only it); another folder named
# here must exist for SQLite, and Celery makes the broker's and beat's folders in it
# (mariohr/celery.py), collectstatic the static one.
VAR_DIR = Path(environ.Env().str("MARIOHR_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default=startup_checks.LOCAL_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=False)

# The base of every link we hand out (emails, partner_profile_url, callbacks); unless set, the
# address this process serves on locally, so `PORT=8765` links to :8765.
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default=f"http://localhost:{env.int('PORT', default=8000)}").rstrip("/")
_public = urlsplit(PUBLIC_BASE_URL)
SERVES_HTTPS = _public.scheme == "https"
# Production: the built-in secrets are refused (mariohr/startup_checks.py, at the end of this file).
PRODUCTION = SERVES_HTTPS and not DEBUG

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", _public.hostname or "localhost"])
CSRF_TRUSTED_ORIGINS = [f"{_public.scheme}://{_public.netloc}"]

INSTALLED_APPS = [
    "mariohr.apps.MarioHRAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "assessments",
    "ats_api",
    "callbacks",
    "runtime_api",
    # API calls per organization and day, and the admin's integration health page.
    "integration_health",
    # The local demo ATS receiver (`manage.py run_demo_ats`): it stores what it receives for the admin.
    "demo_ats",
    "axes",
]

MIDDLEWARE = [
    # Outermost, to count the partner API's answers as they leave (integration health page).
    "ats_api.call_counting.CountPartnerApiCalls",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it locks out an admin login after repeated failures.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Behind load balancers every request comes from one of their addresses: the lockout takes the
# client's from X-Forwarded-For instead, the entry that the outermost of TRUSTED_PROXY_COUNT proxies
# added (mariohr/admin_site.py); entries left of it come from the client and may be forged.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "mariohr.admin_site.client_ip_address"
# Moving the admin off /admin/ keeps it out of the scanners' way.
ADMIN_PATH = env("ADMIN_PATH", default="admin/").strip("/") + "/"

# The benchmark serves its floor views beside the API through its own URLconf (bench/urls.py).
ROOT_URLCONF = env("MARIOHR_URLCONF", default="mariohr.urls")
WSGI_APPLICATION = "mariohr.wsgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'mariohr.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # web, worker and beat share one file: IMMEDIATE transactions and WAL avoid
    # "database is locked" between them.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that the Celery workers the tests start see the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    # Persistent connections: one per gunicorn sync worker and one per Celery worker thread
    # (mariohr/celery.py keeps Celery from closing it after every task). Each web request checks
    # its connection before the first query, so a restarted PostgreSQL costs no request a 500.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: messages are files in var/broker, shared by web, worker and beat.
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # No acknowledgement emulation: kombu's keeps every message in a hash until its task ends, two
    # more Redis transactions and a worker's CPU on every message (the README has the figures).
    # Nothing depends on it: the rows remember every callback and every candidate email, and the
    # sweeps queue again what a killed worker or a restarted Redis lost (callbacks.queueing,
    # email_outbox).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"ack_emulation": False}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes a worker thread's database connection around every task until
# this many tasks have run; opening one per callback cost more CPU than the callback's statements
# (`python -m bench.callbacks`). mariohr/celery.py closes the spent ones instead, as Django does.
CELERY_DB_REUSE_MAX = 2**62
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# A web request that commits a delivery must not hang on a dead broker: publish fails fast
# and the sweep queues the delivery later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CALLBACK_SWEEP_INTERVAL = env.float("CALLBACK_SWEEP_INTERVAL", default=15.0)
CELERY_BEAT_SCHEDULE = {
    "sweep-due-deliveries": {"task": "callbacks.tasks.sweep_due_deliveries", "schedule": CALLBACK_SWEEP_INTERVAL},
    "requeue-owed-emails": {"task": "assessments.tasks.requeue_owed_emails", "schedule": 60.0},
    "purge-error-reports": {"task": "assessments.tasks.purge_error_reports", "schedule": 3600.0},
    "forget-expired-signing-secrets": {
        "task": "assessments.tasks.forget_expired_signing_secrets",
        "schedule": 3600.0,
    },
    # Expiry and reminders are minute-grained: a candidate never waits long on either.
    "expire-overdue-interviews": {"task": "assessments.tasks.expire_overdue_interviews", "schedule": 60.0},
    "send-due-reminders": {"task": "assessments.tasks.send_due_reminders", "schedule": 60.0},
    # Recordings an erasure could not delete while S3 was away (the erasure record keeps them).
    "finish-erasures": {"task": "assessments.tasks.finish_erasures", "schedule": 3600.0},
    # The integration health page shows 7 days: older API call counts go.
    "purge-old-api-call-counts": {"task": "integration_health.tasks.purge_old_api_call_counts", "schedule": 3600.0},
    # Sandbox steps whose message was lost (assessments/services/sandbox.py).
    "requeue-overdue-sandbox-steps": {"task": "assessments.tasks.requeue_overdue_sandbox_steps", "schedule": 15.0},
}
CELERY_TIMEZONE = "UTC"

# --- Email ----------------------------------------------------------------------------------
if "EMAIL_URL" in env:
    # One URL names the server, e.g. smtp+tls://user:pass@smtp.example.com:587 (django-environ's
    # schemes: smtp, smtps, smtp+tls, smtp+ssl, consolemail, filemail, memorymail, dummymail).
    _email = env.email_url("EMAIL_URL")
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
    EMAIL_PORT = _email["EMAIL_PORT"] or 25
    EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
    EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"] or str(VAR_DIR / "mail")
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = env("EMAIL_HOST", default="localhost")
    EMAIL_PORT = env.int("EMAIL_PORT", default=25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
    # The folder of django.core.mail.backends.filebased.EmailBackend, one file per message.
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
# A mail server that stops answering must not hold a worker forever (Django's default: no timeout).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
# Seconds before each new try of a candidate email that failed for a passing reason (the mail
# server refused the connection, timed out or answered 4xx); a 5xx is final. A relay restarting
# or throttling is back within minutes, hence the short first waits; an outage after that is
# tried every two hours, about a day in all (~24 h over 17 tries), enough for an operator to
# notice and fix it while the invitation still has most of its week. Never past the interview's
# expiry. Then the email is given up and the account manager sees why (and can resend it).
EMAIL_RETRY_SCHEDULE = [
    int(s) for s in env.list("EMAIL_RETRY_SCHEDULE", default=["60", "300", "900", "1800", "3600", *["7200"] * 11])
]
# How long a process gathers the candidate emails it owes before handing them to a worker in one
# message (assessments/services/email_batches.py); 0 hands each over on its own, at once.
EMAIL_BATCH_SECONDS = env.float("EMAIL_BATCH_SECONDS", default=0.05)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="MarioHR <no-reply@mariohr.com>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- MarioHR --------------------------------------------------------------------------------
RUNTIME_API_TOKEN = env("RUNTIME_API_TOKEN", default=startup_checks.LOCAL_RUNTIME_API_TOKEN)

RECORDINGS_BUCKET = env("RECORDINGS_BUCKET", default="mariohr-recordings")
AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
AWS_REGION = env("AWS_REGION", default="us-east-1")
AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
RECORDING_URL_TTL = env.int("RECORDING_URL_TTL", default=86400)

CALLBACK_ALLOWED_PRIVATE_HOSTS = [h.lower() for h in env.list("CALLBACK_ALLOWED_PRIVATE_HOSTS", default=[])]
CALLBACK_CA_BUNDLE = env("CALLBACK_CA_BUNDLE", default=None)
CALLBACK_RETRY_SCHEDULE = [
    int(s)
    for s in env.list("CALLBACK_RETRY_SCHEDULE", default=["0", "5", "300", "1800", "7200", "18000", "36000", "36000"])
]

# Every callback attempt, from the name lookup to the answer's last byte, ends within this many
# seconds (contract section 2), however slowly the receiver answers.
CALLBACK_TIMEOUT = env.float("CALLBACK_TIMEOUT", default=15.0)
# Where Ashby's assessment.update goes (contract section 7); the tests point it at a local stand-in.
ASHBY_API_BASE_URL = env("ASHBY_API_BASE_URL", default="https://api.ashbyhq.com").rstrip("/")
# Seconds between the steps of a sandbox key's interview: started, submitted, complete (contract section 8).
SANDBOX_STEP_SECONDS = env.float("SANDBOX_STEP_SECONDS", default=5.0)
# Requests in flight to one receiving host, per worker process: one ATS's hanging receiver holds
# at most this many threads, and its other deliveries wait their turn while other hosts' go on.
# Three quarters of the worker's threads by default: a quick host alone still keeps the worker
# busy, a hanging one leaves a quarter free.
CALLBACK_MAX_IN_FLIGHT_PER_HOST = env.int(
    "CALLBACK_MAX_IN_FLIGHT_PER_HOST", default=max(1, env.int("WORKER_CONCURRENCY", default=32) * 3 // 4)
)
# A worker holds a delivery this long; if it dies, the delivery is due again after it.
CALLBACK_LEASE_SECONDS = env.int("CALLBACK_LEASE_SECONDS", default=60)
# A due delivery queued longer ago than this is queued again by the sweep (its message may be lost).
CALLBACK_REQUEUE_AFTER = env.int("CALLBACK_REQUEUE_AFTER", default=60)


# Fernet keys for stored credentials, comma-separated: the first encrypts, every one decrypts.
# Rotation: put a new key first and keep the old one second, run `manage.py rotate_field_encryption`
# (it re-encrypts every stored value with the first key), then drop the old key.
# The local default is a fixed key, public, which production refuses; second comes the key it used
# to be derived from SECRET_KEY, decrypt-only, so that local databases made before stay readable.
FIELD_ENCRYPTION_KEY = [
    key.strip()
    for key in env.list(
        "FIELD_ENCRYPTION_KEY",
        default=[startup_checks.LOCAL_FIELD_ENCRYPTION_KEY, startup_checks.legacy_field_encryption_key(SECRET_KEY)],
    )
    if key.strip()
]

# Greenhouse rejects API keys of 171 characters or more; ours are far shorter.
API_KEY_MAX_LENGTH = 170
# A process trusts an API key it has checked for this many seconds (ats_api/lookups.py says why);
# a key revoked in another process is refused within that time, in the same process at once.
API_KEY_TRUST_SECONDS = 2.0
# As long, a process trusts which assessment an organization may send under a test id
# (assessments/services/sendable.py); a change made in another process applies within that time.
SENDABLE_ASSESSMENT_TRUST_SECONDS = 2.0
# Requests per API key beyond which the partner API answers 429 with Retry-After (contract
# section 1), e.g. "600/min"; counted in the cache, which Redis (REDIS_URL) shares between processes.
API_RATE_LIMIT = env("API_RATE_LIMIT", default="600/min")
# The partner API refuses bodies over 1 MiB with 413 (contract section 1).
API_MAX_BODY_BYTES = 1024 * 1024
ERROR_REPORT_RETENTION_DAYS = 7
# Each web process adds up its partner API calls in memory and writes them this often (seconds);
# a process killed outright loses at most this much of its counts (integration_health/api_calls.py).
API_CALL_COUNTS_FLUSH_SECONDS = env.float("API_CALL_COUNTS_FLUSH_SECONDS", default=10.0)

# --- Django REST framework and the OpenAPI schema -------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["mariohr.api_requests.BoundedJSONParser"],
    "EXCEPTION_HANDLER": "mariohr.error_views.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MarioHR ATS API",
    "DESCRIPTION": (
        "Greenhouse-compatible assessment partner API (`/api/ats/`) and Ashby's assessment partner "
        "API (`/api/ashby/`). Authenticate with HTTP Basic: "
        "your MarioHR API key as the user name and an empty password. Request bodies are JSON "
        "objects of at most 1 MiB, nested at most 64 levels deep, whose strings and keys contain no "
        "NUL character (U+0000). The assessment engine reports progress to the runtime API "
        "(`/api/runtime/`, Bearer token). Statuses, callbacks, signatures and provisioning: "
        "docs/api.md in the repository."
    ),
    # "Try it out" in Swagger UI calls this service at its public address.
    "SERVERS": [{"url": PUBLIC_BASE_URL}],
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files, not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # test_status's partner_status and the runtime API's status are the same words (contract
    # sections 1 and 4): one enum in the schema, whatever the field is called.
    "ENUM_NAME_OVERRIDES": {
        "PartnerStatusEnum": "ats_api.greenhouse.representations.PARTNER_STATUS_WORDS",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "mariohr.api_requests.request_rules",
        "ats_api.schema.document_callbacks_and_report",
    ],
}

# --- Static files, security, logging --------------------------------------------------------
STATIC_URL = "static/"
# Filled by collectstatic: the Procfile's release line, and `make run`.
STATIC_ROOT = VAR_DIR / "static"
# Serve straight from the apps' folders as well, so that a changed file shows without collectstatic
# (local use).
WHITENOISE_USE_FINDERS = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Plain HTTP is redirected (301) to https; behind a proxy that ends TLS, X-Forwarded-Proto says
# what the client used. Off only where the platform's edge redirects by itself.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=SERVES_HTTPS)
SESSION_COOKIE_SECURE = SERVES_HTTPS
CSRF_COOKIE_SECURE = SERVES_HTTPS
SECURE_HSTS_SECONDS = 31536000 if SERVES_HTTPS else 0
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# Last: a process with unsafe or malformed settings stops here, whichever Procfile line started it.
startup_checks.refuse_built_in_secrets(
    production=PRODUCTION,
    secret_key=SECRET_KEY,
    runtime_api_token=RUNTIME_API_TOKEN,
    field_encryption_keys=FIELD_ENCRYPTION_KEY,
)
startup_checks.check_field_encryption_keys(FIELD_ENCRYPTION_KEY)
startup_checks.check_rate("API_RATE_LIMIT", API_RATE_LIMIT)
