"""Django's database cache with one atomic operation for counters (kaketoe/shared_cache.py)."""

from __future__ import annotations

from django.core.cache.backends import db
from django.db import connections, router, transaction


class DatabaseCache(db.DatabaseCache):
    """Django's database cache with one atomic operation for counters (`count_hit`)."""

    def count_hit(self, key: str, timeout: float) -> int:
        """Add one to the counter `key` (new counters start at 0) and keep it `timeout` seconds
        more; returns the new count. Two processes never both read the same count: on
        PostgreSQL a transaction-level advisory lock on the key is held while it is read and
        written; SQLite's IMMEDIATE transactions (settings.py) hold the database's write lock."""
        alias = router.db_for_write(self.cache_model_class)
        connection = connections[alias]
        with transaction.atomic(using=alias):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    stored_key = self.make_and_validate_key(key)
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [stored_key])
            count = self.get(key, 0) + 1
            self.set(key, count, timeout)
        return count
