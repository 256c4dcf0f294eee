"""Settings, read only from the environment (see README "Configuration").

Why one long module: Django reads one settings module, and each setting sits beside the
environment variable and the comment that explain it.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the running portal writes locally (SQLite file, uploads, demo keys).
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "dev-only-insecure-secret-key-change-me-for-any-real-deployment"
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (DEBUG=1 runs with a development key)."
        )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = env_str("SITE_NAME", "信用陕西")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# What a Chinese government website shows in its footer (each line is left out while empty).
SITE_IDENTIFIER = env_str("SITE_IDENTIFIER", "")  # 网站标识码
SITE_ICP_NUMBER = env_str("SITE_ICP_NUMBER", "")  # ICP备案号, e.g. 陕ICP备05001234号
SITE_PUBLIC_SECURITY_NUMBER = env_str("SITE_PUBLIC_SECURITY_NUMBER", "")  # 公安机关备案号
SITE_OWNER = env_str("SITE_OWNER", "陕西省社会信用体系建设领导小组办公室")  # 主办单位
SITE_CONTACT_ADDRESS = env_str("SITE_CONTACT_ADDRESS", "")
SITE_CONTACT_PHONE = env_str("SITE_CONTACT_PHONE", "")  # the office's public service phone
SITE_CONTACT_EMAIL = env_str("SITE_CONTACT_EMAIL", "")

INSTALLED_APPS = [
    # The admin site with staff login hardening (optional TOTP, see portal/staff_site.py).
    "portal.apps.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "portal.apps.AxesConfig",
    "csp",
    "portal.apps.OtpConfig",
    "portal.apps.TotpConfig",
    "records",
    "publicity",
    "complaints",
    "creditstats",
    "batchcheck",
    "portal",
    "workcalendar",
    "outbox",
    "django_tasks",
    "portal.apps.TasksDbConfig",
]

MIDDLEWARE = [
    # /healthz, answered before the host check and the HTTPS redirect (a probe comes by IP).
    "portal.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Staff sessions: idle timeout, required two-factor, and who/IP for the audit trail.
    "records.middleware.StaffSessionMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "portal.context_processors.site",
            ],
        },
    },
]

# PostgreSQL connections can come from a pool in each process (Django's psycopg pool): a
# threaded server then holds at most DATABASE_POOL_MAX_SIZE connections per process, however
# many requests run at once, and each request borrows one instead of opening it. Off (0) by
# default: gunicorn's sync workers serve one request at a time and keep one connection each
# (DB_CONN_MAX_AGE). A pool keeps no connection past its request, so CONN_MAX_AGE is 0 with it.
DATABASE_POOL_MAX_SIZE = env_int("DATABASE_POOL_MAX_SIZE", 0)
# Connections a pool keeps open when idle (at most the maximum), and the seconds a request waits
# for a free one before it fails.
DATABASE_POOL_MIN_SIZE = env_int("DATABASE_POOL_MIN_SIZE", 1)
DATABASE_POOL_TIMEOUT = env_int("DATABASE_POOL_TIMEOUT", 10)
for _name, _value in (
    ("DATABASE_POOL_MAX_SIZE", DATABASE_POOL_MAX_SIZE),
    ("DATABASE_POOL_MIN_SIZE", DATABASE_POOL_MIN_SIZE),
):
    if _value < 0:
        raise ImproperlyConfigured(f"{_name} must be 0 or more, got {_value}")
if DATABASE_POOL_TIMEOUT < 1:
    raise ImproperlyConfigured(
        f"DATABASE_POOL_TIMEOUT must be at least 1 second, got {DATABASE_POOL_TIMEOUT}"
    )


def _database(url: str, variable: str) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=0 if DATABASE_POOL_MAX_SIZE else env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
    if DATABASE_POOL_MAX_SIZE:
        if config["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(f"DATABASE_POOL_MAX_SIZE needs PostgreSQL; {variable} is not")
        config.setdefault("OPTIONS", {})["pool"] = {
            "min_size": min(DATABASE_POOL_MIN_SIZE, DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            "timeout": DATABASE_POOL_TIMEOUT,
        }
    return config


DATABASES = {
    "default": _database(env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'db.sqlite3'}"), "DATABASE_URL")
}
# A streaming replica of the primary for anonymous public reads (portal/replica.py): pages and
# the open-data API read there; staff, writes and whoever just wrote (for REPLICA_PIN_SECONDS)
# read the primary. Unset: one database for everything.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
REPLICA_PIN_SECONDS = env_int("REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = _database(DATABASE_REPLICA_URL, "DATABASE_REPLICA_URL")
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a replica of DATABASE_URL (the same engine)")
    # The test database of the replica is the primary's (as a real replica would show it).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.replica.ReplicaRouter"]
    # Decides per request, after the user is known (staff never read the replica).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
        "portal.replica.ReplicaMiddleware",
    )
if REPLICA_PIN_SECONDS < 1:
    raise ImproperlyConfigured(f"REPLICA_PIN_SECONDS must be at least 1, got {REPLICA_PIN_SECONDS}")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one connection writes; writers queue for up to `timeout`
    # seconds (the busy timeout). Transactions start IMMEDIATE, taking the write lock up front:
    # a deferred transaction that reads and then writes cannot wait for the lock (SQLite answers
    # "database is locked" at once to avoid a deadlock), which parallel requests hit.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests use a file too, not SQLite's in-memory database: its shared cache locks whole tables
    # and answers "database table is locked" at once instead of waiting, unlike any deployment.
    # One file per test process, in the temporary directory (a fresh checkout has no var/ yet).
    DATABASES["default"]["TEST"] = {
        "NAME": os.path.join(tempfile.gettempdir(), f"credit-test-{os.getpid()}.sqlite3")
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Seconds the server keeps a whole public page for anonymous visitors (portal.httpcache; 0 turns
# it off). Any change to what the pages show makes every kept page out of date at once.
PUBLIC_PAGE_CACHE_SECONDS = env_int("PUBLIC_PAGE_CACHE_SECONDS", 60)
# Most pages the database cache keeps (beyond it Django drops a third, oldest keys first).
PUBLIC_PAGE_CACHE_ENTRIES = env_int("PUBLIC_PAGE_CACHE_ENTRIES", 5000)

# Shared by every app process: Redis when REDIS_URL is set, else a table in the database
# (created by `migrate`, portal/apps.py). Rate-limit counters: portal/ratelimit.py. Public pages
# have a cache of their own, so that pages, which come and go by the thousand, never push out
# the default cache's few entries (used proof-of-work challenges, certificate replay marks, the
# daily jobs' claims, the home page's counts).
if env_str("REDIS_URL"):
    _redis = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
    CACHES = {"default": _redis, "pages": {**_redis, "KEY_PREFIX": "pages"}}
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_page_cache",
            "OPTIONS": {"MAX_ENTRIES": PUBLIC_PAGE_CACHE_ENTRIES},
        },
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "records.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_ENABLED = not TESTING
# Locked: a username from one address (a stranger elsewhere cannot lock a real user out), the
# address being the one trusted client address of the rate limits (TRUSTED_PROXY_COUNT).
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "portal.ratelimit.client_ip"
AXES_LOCKOUT_CALLABLE = "portal.staff_site.lockout_response"
AXES_RESET_ON_SUCCESS = True
# Staff sessions end after this many idle minutes (and at the latest after SESSION_COOKIE_AGE).
STAFF_IDLE_MINUTES = env_int("STAFF_IDLE_MINUTES", 30)
# Roles (auth group names, records/staff.py) that must use TOTP two-factor on every staff page;
# superusers too whenever the list is not empty. Production default: the credit office roles.
# Anyone with a confirmed authenticator needs its code at login whatever their role.
STAFF_OTP_ROLES = env_list("STAFF_OTP_ROLES", [] if DEBUG or TESTING else ["信用办管理员", "信用办审核员"])
OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "信用陕西")

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploaded files (complaint evidence, import files) never live under the static tree and are
# served only through views that check permissions.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Where uploads and stored PDFs live: `filesystem` (MEDIA_ROOT, one machine or a shared mount)
# or `s3`, an S3-compatible object store every app server reaches (django-storages). The bucket
# stays private: files are never linked, the permission-checking views stream them.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not env_str("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_STORAGE_BUCKET_NAME"),
            # Empty: Amazon S3 itself; set for MinIO, Ceph or a cloud's S3-compatible service.
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            # Empty: boto3 finds credentials itself (its environment variables, an instance role).
            "access_key": env_str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env_str("AWS_SECRET_ACCESS_KEY") or None,
            # `path` for servers without per-bucket host names (MinIO's default).
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            "location": env_str("AWS_LOCATION", ""),  # a key prefix inside the bucket
            "default_acl": None,  # the bucket's own policy: private
            "file_overwrite": False,  # a name already taken gets a suffix, never replaced
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, got {MEDIA_STORAGE!r}")
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

LOGIN_URL = "admin:login"

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "noreply@credit.example.gov.cn")
# Seconds to wait for the mail server; a slow one makes the worker retry later (outbox.services).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 15)

# Background work (file imports, e-mail with retries) runs in a task worker: Django's task
# framework through the django-tasks backport. The default keeps the queue in the database
# (django-tasks-db: no extra server; `manage.py db_worker` runs it, `make run` starts one). The
# test suite runs tasks in the process (ImmediateBackend) unless a test starts a real worker.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}
# Rows the worker ingests per transaction, and how long an unfinished upload may sit still before
# the worker's clock enqueues it again (records.tasks.resume_imports).
IMPORT_STEP_ROWS = env_int("IMPORT_STEP_ROWS", 1000)
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 120)
# Batch credit checks (batchcheck): bidders per list, and subjects certified per worker step.
BATCH_CHECK_MAX_ROWS = env_int("BATCH_CHECK_MAX_ROWS", 500)
BATCH_CHECK_STEP_ROWS = env_int("BATCH_CHECK_STEP_ROWS", 10)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
    "DEFAULT_PARSER_CLASSES": ["records.api.errors.JSONBodyParser"],
    "EXCEPTION_HANDLER": "records.api.errors.api_exception_handler",
    # DRF's own client address (used by any DRF throttle) honours the same proxy count as
    # portal.ratelimit.client_ip; the API's throttle is portal.throttling.ClientRateThrottle.
    "NUM_PROXIES": env_int("TRUSTED_PROXY_COUNT", 0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/min"),
        "open_data": env_str("OPEN_DATA_RATE", "60/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "信用陕西 数据接口",
    "DESCRIPTION": (
        "部门信息系统实时报送信用信息（报送接口，推送令牌）、政府部门信用核查与变更订阅（调用令牌），"
        "以及面向社会的公开数据接口（无需令牌，限流）。令牌由省信用办在管理后台签发，"
        "请求头：Authorization: Bearer <令牌>。"
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI is served from the project's own static files (drf-spectacular-sidecar): no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None, "persistAuthorization": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "TAGS": [
        {"name": "报送接口", "description": "部门信息系统报送信用信息（推送令牌）"},
        {"name": "信用核查", "description": "按统一社会信用代码核查信用状况（调用令牌）"},
        {"name": "变更订阅", "description": "新登记、变更的市场主体和红黑名单（调用令牌）"},
        {"name": "公开数据", "description": "信用公示栏目的公开数据（无需令牌，限流）"},
        {"name": "令牌", "description": "查看当前令牌"},
    ],
    "ENUM_NAME_OVERRIDES": {
        "SubjectCategoryEnum": "records.ingest.fields.SUBJECT_CATEGORY_LABELS",
        "IdTypeEnum": "records.ingest.fields.ID_TYPE_LABELS",
        "PermitCategoryEnum": "records.ingest.fields.PERMIT_CATEGORY_LABELS",
        "InspectionTypeEnum": "records.ingest.fields.INSPECTION_TYPE_LABELS",
        "InspectionResultEnum": "records.ingest.fields.INSPECTION_RESULT_LABELS",
        "CommitmentTypeEnum": "records.ingest.fields.COMMITMENT_TYPE_LABELS",
        "FulfilmentEnum": "records.ingest.fields.FULFILMENT_LABELS",
    },
}
# The changes feed leaves out rows changed in the last few seconds, so a transaction still
# committing cannot slip in behind a consumer's cursor.
CHANGES_FEED_LAG_SECONDS = env_int("CHANGES_FEED_LAG_SECONDS", 10)
# How long a reverse proxy may keep an anonymous public page (home, search, profiles, columns)
# before revalidating it by its ETag; browsers revalidate every time (portal.httpcache).
PUBLIC_PAGE_MAX_AGE = env_int("PUBLIC_PAGE_MAX_AGE", 60)
# Largest file the upload page accepts (the command line has no limit).
IMPORT_MAX_UPLOAD_MB = env_int("IMPORT_MAX_UPLOAD_MB", 20)

# Classes and publication periods of penalties are dated rules kept in the database
# (records.models.rules, seeded by migration; the credit office edits them in the admin).
# Working days a department has to report a permit or penalty after its decision.
REPORTING_DEADLINE_WORKING_DAYS = env_int("REPORTING_DEADLINE_WORKING_DAYS", 7)
# Typical cases of joint reward and punishment (records.deadlines.typical_cases_due): due by
# the TYPICAL_CASES_DUE_DAY-th day of the next month, counted in calendar days, or in working
# days when TYPICAL_CASES_DUE_IN_WORKING_DAYS is set.
TYPICAL_CASES_DUE_DAY = env_int("TYPICAL_CASES_DUE_DAY", 10)
TYPICAL_CASES_DUE_IN_WORKING_DAYS = env_bool("TYPICAL_CASES_DUE_IN_WORKING_DAYS", False)
if not 1 <= TYPICAL_CASES_DUE_DAY <= 28:
    raise ImproperlyConfigured(f"TYPICAL_CASES_DUE_DAY must be 1 to 28, got {TYPICAL_CASES_DUE_DAY}")
# Most rows one CSV export of a 信用公示 column returns (the newest first).
PUBLICITY_CSV_MAX_ROWS = env_int("PUBLICITY_CSV_MAX_ROWS", 10_000)

# Retention of personal data (manage.py prune_personal_data, daily): days after which each kind
# is removed. The audit trail is kept at least 180 days (等保 level 3, GB/T 22239-2019).
AUDIT_MIN_RETENTION_DAYS = 180
_RETENTION_VARIABLES = {
    "rejected_rows": ("RETENTION_REJECTED_ROWS_DAYS", 90),
    "staged_rows": ("RETENTION_STAGED_ROWS_DAYS", 7),
    "evidence": ("RETENTION_EVIDENCE_DAYS", 365),
    "ip_addresses": ("RETENTION_IP_DAYS", 180),
    "audit": ("AUDIT_RETENTION_DAYS", 1095),
}
RETENTION_DAYS = {kind: env_int(name, default) for kind, (name, default) in _RETENTION_VARIABLES.items()}
for _kind, (_name, _default) in _RETENTION_VARIABLES.items():
    if RETENTION_DAYS[_kind] < 1:
        raise ImproperlyConfigured(f"{_name} must be at least 1 day, got {RETENTION_DAYS[_kind]}")
if RETENTION_DAYS["audit"] < AUDIT_MIN_RETENTION_DAYS:
    raise ImproperlyConfigured(
        f"AUDIT_RETENTION_DAYS must be at least {AUDIT_MIN_RETENTION_DAYS} (等保 level 3 keeps the audit "
        f"trail 180 days), got {RETENTION_DAYS['audit']}"
    )

# Credit repair (信用修复) and objections (异议申诉): working days per stage.
REPAIR_REVIEW_WORKING_DAYS = env_int("REPAIR_REVIEW_WORKING_DAYS", 2)
REPAIR_VERIFY_WORKING_DAYS = env_int("REPAIR_VERIFY_WORKING_DAYS", 5)
REPAIR_COMPLETE_WORKING_DAYS = env_int("REPAIR_COMPLETE_WORKING_DAYS", 2)
OBJECTION_ACCEPT_WORKING_DAYS = env_int("OBJECTION_ACCEPT_WORKING_DAYS", 2)
OBJECTION_HANDLE_WORKING_DAYS = env_int("OBJECTION_HANDLE_WORKING_DAYS", 10)
# Serious-dishonesty listing: working days for the party's statement after the notice, and
# for the department's answer to it (records/deadlines.py).
LIST_STATEMENT_WORKING_DAYS = env_int("LIST_STATEMENT_WORKING_DAYS", 5)
LIST_ANSWER_WORKING_DAYS = env_int("LIST_ANSWER_WORKING_DAYS", 10)
# Per-IP limits on the public repair / objection forms: (count, seconds).
APPEAL_SUBMIT_LIMIT = (env_int("APPEAL_SUBMIT_PER_HOUR", 10), 3600)
# Platform account applications (/accounts/apply/) per IP and hour.
ACCOUNT_APPLY_LIMIT = (env_int("ACCOUNT_APPLY_PER_HOUR", 5), 3600)
APPEAL_TRACK_FAILURE_LIMIT = (env_int("APPEAL_TRACK_FAILURES_PER_HOUR", 20), 3600)
# Credit query certificates (publicity/certificates). The signing key and certificate are PEM
# files the deployment provides; `manage.py make_demo_signing_key` (run by demo_setup) writes a
# self-signed pair under DATA_DIR/signing for the demo database.
CERTIFICATE_SIGNING_KEY = env_str(
    "CERTIFICATE_SIGNING_KEY", str(DATA_DIR / "signing" / "certificate-signing-key.pem")
)
CERTIFICATE_SIGNING_CERT = env_str(
    "CERTIFICATE_SIGNING_CERT", str(DATA_DIR / "signing" / "certificate-signing-cert.pem")
)
CERTIFICATE_SIGNING_KEY_PASSPHRASE = env_str("CERTIFICATE_SIGNING_KEY_PASSPHRASE", "")
# Intermediate CA certificates to embed with the signature (comma-separated PEM paths).
CERTIFICATE_SIGNING_CHAIN = env_list("CERTIFICATE_SIGNING_CHAIN", [])
# Each server process renders one small PDF as it starts (config/wsgi.py), so the first certificate
# it issues does not wait for WeasyPrint, the fonts and the signing key. 0 in a process that
# never issues any.
CERTIFICATE_WARM_UP = env_bool("CERTIFICATE_WARM_UP", True)
# Earlier signing certificates or CA roots still trusted by the verification page (key rotation).
CERTIFICATE_TRUSTED_CERTS = env_list("CERTIFICATE_TRUSTED_CERTS", [])
# Per-IP limits for the public (staff are not limited), shared by all app servers via the cache.
CERTIFICATE_ISSUE_RATE = env_str("CERTIFICATE_ISSUE_RATE", "20/hour")
CERTIFICATE_VERIFY_RATE = env_str("CERTIFICATE_VERIFY_RATE", "300/hour")
CERTIFICATE_UPLOAD_MAX_MB = env_int("CERTIFICATE_UPLOAD_MAX_MB", 10)
# 专项信用报告 (发改财金〔2025〕565号): the longest period a report may cover, and the one-time
# codes sent to a subject's contact e-mail (minutes valid, wrong tries per code, codes per hour).
REPORT_MAX_YEARS = env_int("REPORT_MAX_YEARS", 5)
REPORT_CODE_MINUTES = env_int("REPORT_CODE_MINUTES", 15)
REPORT_CODE_ATTEMPTS = env_int("REPORT_CODE_ATTEMPTS", 5)
REPORT_CODE_SEND_LIMIT = (env_int("REPORT_CODE_SENDS_PER_HOUR", 5), 3600)
REPORT_CODE_CHECK_LIMIT = (env_int("REPORT_CODE_CHECKS_PER_HOUR", 20), 3600)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG and not TESTING
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG and not TESTING)
# Content-Security-Policy (django-csp): only the project's own scripts, styles, images and
# fonts; no inline script, event handler or style attribute anywhere (templates load
# static/js and static/css files instead), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small SVG icons inside the admin's and Swagger UI's own stylesheets.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the portal needs no device or sensor API.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Complaint and report window (complaints/). Deadlines in Chinese working days.
COMPLAINT_ACCEPT_WORKING_DAYS = env_int("COMPLAINT_ACCEPT_WORKING_DAYS", 5)
COMPLAINT_CONCLUDE_WORKING_DAYS = env_int("COMPLAINT_CONCLUDE_WORKING_DAYS", 60)
# Proof-of-work: leading zero bits of SHA-256(challenge + nonce) the browser must find.
# 18 bits take a second or less in a current browser; each extra bit doubles the work.
COMPLAINT_POW_DIFFICULTY = env_int("COMPLAINT_POW_DIFFICULTY", 18)
# Seconds a challenge stays valid (people take their time writing a complaint).
COMPLAINT_POW_MAX_AGE = env_int("COMPLAINT_POW_MAX_AGE", 4 * 3600)
# Per-IP limits (count per window in seconds), kept in the cache so every app server shares them.
COMPLAINT_SUBMIT_LIMIT = (env_int("COMPLAINT_SUBMIT_PER_HOUR", 5), 3600)
COMPLAINT_TRACK_FAILURE_LIMIT = (env_int("COMPLAINT_TRACK_FAILURES_PER_HOUR", 10), 3600)
COMPLAINT_LOOKUP_LIMIT = (env_int("COMPLAINT_LOOKUPS_PER_MINUTE", 60), 60)
COMPLAINT_MAX_FILES = env_int("COMPLAINT_MAX_FILES", 5)
COMPLAINT_MAX_FILE_MB = env_int("COMPLAINT_MAX_FILE_MB", 10)
# Number of reverse proxies in front of the app that append to X-Forwarded-For; 0 trusts
# only REMOTE_ADDR (a client could otherwise forge its address and dodge the limits).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
