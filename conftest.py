"""Shared test set-up: a fast password hasher, a frozen-friendly clock, and named users.

The named users mirror the demo roles, so a test reads like the handbook:
`casemanager` is on the Hakobyan team, `outsider` works at the same reception centre but is not.
"""

import os
import uuid

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def _upload_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("uploads")


@pytest.fixture(scope="session")
def _checkpoint_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("audit-checkpoints")


@pytest.fixture(autouse=True)
def _fast_and_plain(settings, _upload_dir, _checkpoint_dir):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_CODE = "en"
    settings.KAKETOE_UPLOAD_DIR = _upload_dir  # scans never land in the real var/uploads
    # Each test has its own audit checkpoint file: its database starts empty (audit/checkpoints.py).
    settings.KAKETOE_AUDIT_CHECKPOINT_FILE = _checkpoint_dir / f"{uuid.uuid4().hex}.log"


@pytest.fixture(scope="session")
def _plain_http_live_server():
    """The live server speaks plain HTTP: no redirect to https.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the live server builds its handler,
    which is before any function-scoped `settings` fixture runs; so set it for the session.
    """
    from django.conf import settings

    saved = settings.SECURE_SSL_REDIRECT
    settings.SECURE_SSL_REDIRECT = False
    yield
    settings.SECURE_SSL_REDIRECT = saved


@pytest.fixture(scope="session")
def live_server(_plain_http_live_server, live_server):
    return live_server
