"""The API throttle and the login lockout hold across worker processes (issue 15, L3).

The probe sent 1,300 requests through 3 gunicorn workers without one 429: each worker counted
in its own memory. Here gunicorn runs with 3 workers on a file-based SQLite database, a client
sends requests 6 at a time (so every worker takes some), and the rate's budget must be the
whole budget, not one per worker. A second test shows two separate processes sharing one count
through the configured cache, without gunicorn.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from kaketoe import shared_cache
from kaketoe.bench.management.commands.bench import Gunicorn

ROOT = Path(__file__).resolve().parent.parent
RATE = 12


def env_for(var: Path) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kaketoe.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "KAKETOE_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        "KAKETOE_SECURE": "0",
        "KAKETOE_API_RATE": f"{RATE}/hour",
        "KAKETOE_ALLOWED_HOSTS": "127.0.0.1",
        # The login page names static files: no collectstatic for a test server.
        "KAKETOE_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("KAKETOE_CACHE_URL", None)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    return result.stdout


ISSUE_TOKEN = (
    "from kaketoe.testing import make_user; from kaketoe.accounts.models import ApiToken; "
    "print(ApiToken.issue(make_user('api'))[1])"
)


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    env = env_for(var)
    manage(env, "migrate", "--no-input", "-v", "0")
    token = manage(env, "shell", "-c", ISSUE_TOKEN).strip().splitlines()[-1]
    return env, token


def get(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture(scope="module")
def gunicorn(migrated):
    env, _token = migrated
    with Gunicorn(env, workers=3) as server:
        yield server


def test_the_api_throttle_holds_across_three_gunicorn_workers(migrated, gunicorn):
    _env, token = migrated
    url = gunicorn.url("/api/v1/families/")
    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda _n: get(url, token), range(4 * RATE)))
    assert set(statuses) <= {200, 429}, statuses
    assert statuses.count(200) == RATE  # one budget for the token, not one per worker
    assert statuses.count(429) == 3 * RATE


def try_login(url: str, password: str) -> int:
    """The password step as a browser does it: the form's CSRF cookie and token, then a post."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=30) as response:
        form = response.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "api", "password": password}
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_the_login_lockout_holds_across_three_gunicorn_workers(gunicorn):
    """A confirmation, not a change: django-axes counts in the database (accounts/lockout.py)."""
    url = gunicorn.url("/accounts/login/")
    with ThreadPoolExecutor(max_workers=5) as pool:
        wrong = list(pool.map(lambda _n: try_login(url, "a-wrong-guess"), range(5)))
    assert wrong.count(200) >= 4  # the form again, "not correct" (the fifth may be the lock)
    assert try_login(url, "pw-for-tests-only") == 403  # locked, whichever worker answers


COUNT_ONCE = (
    "from django.core.cache import cache; cache.add('probe', 0, 600); print(cache.incr('probe'))"
)


def test_two_processes_share_one_count_through_the_configured_cache(migrated):
    env, _token = migrated
    first = manage(env, "shell", "-c", COUNT_ONCE).strip().splitlines()[-1]
    second = manage(env, "shell", "-c", COUNT_ONCE).strip().splitlines()[-1]
    assert (first, second) == ("1", "2")


@pytest.mark.django_db
def test_the_default_cache_is_the_database_cache_that_migrate_creates(settings):
    from django.db import connection

    assert settings.CACHES["default"]["BACKEND"] == "kaketoe.cache_backend.DatabaseCache"
    assert shared_cache.TABLE in connection.introspection.table_names()


def test_a_redis_url_without_the_redis_package_stops_the_start_with_a_clear_message(monkeypatch):
    monkeypatch.setattr(shared_cache.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(ImproperlyConfigured, match="package 'redis' is not installed"):
        shared_cache.caches("redis://cache.internal:6379/0")


def test_a_redis_url_with_the_package_configures_djangos_redis_cache(monkeypatch):
    monkeypatch.setattr(shared_cache.importlib.util, "find_spec", lambda name: object())
    config = shared_cache.caches("rediss://cache.internal:6380/1")["default"]
    assert config == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "rediss://cache.internal:6380/1",
    }


def test_a_cache_url_of_another_kind_is_refused():
    with pytest.raises(ImproperlyConfigured, match="KAKETOE_CACHE_URL"):
        shared_cache.caches("memcached://cache.internal")
