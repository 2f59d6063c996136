"""The cache that every worker and app server shares: API throttles count there (L3).

By default Django's database cache, in the table `kaketoe_cache` (made by the migration
accounts/0005_cache_table, so `migrate` is all a deployment runs): no extra server. With
KAKETOE_CACHE_URL (redis://, rediss:// or unix://) Django's Redis cache, which needs the
`redis` package: it is not pinned in requirements.txt, so install it yourself when you set the
URL; without it Kaketoe refuses to start and says so. A cache in each process's memory would
let every worker count on its own (the probe's 1,300 requests through 3 workers, no 429).

This module is read by the settings, so it imports nothing of Django's database layer; the
database cache's backend is kaketoe/cache_backend.py. The login lockout does not use the
cache: django-axes keeps its counts in the database.
"""

from __future__ import annotations

import importlib.util

from django.core.exceptions import ImproperlyConfigured

TABLE = "kaketoe_cache"
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def caches(url: str) -> dict:
    """Django's CACHES for KAKETOE_CACHE_URL (empty: the database cache)."""
    url = url.strip()
    if not url:
        return {"default": {"BACKEND": "kaketoe.cache_backend.DatabaseCache", "LOCATION": TABLE}}
    if not url.startswith(REDIS_SCHEMES):
        raise ImproperlyConfigured(
            f"KAKETOE_CACHE_URL must start with redis://, rediss:// or unix://, not {url!r}"
        )
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "KAKETOE_CACHE_URL is set, but the Python package 'redis' is not installed. "
            "Install it (pip install redis) or leave KAKETOE_CACHE_URL empty to use the "
            "database cache."
        )
    return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}}


def count_hit(cache, key: str, timeout: float) -> int:
    """Add one to the counter `key` (kept `timeout` seconds); returns the new count. The
    database cache has its own atomic way (cache_backend.py); Redis's INCR is atomic and keeps
    the expiry."""
    if hasattr(cache, "count_hit"):
        return cache.count_hit(key, timeout)
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 0, timeout)
        return cache.incr(key)
