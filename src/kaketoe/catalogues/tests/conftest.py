"""The catalogue tests are pure Python: they need neither Django settings nor a database.

The project's root conftest has an autouse fixture that adjusts Django's ``settings``. Here a
plain stand-in replaces that fixture, so these tests also run with ``-p no:django`` (and before
the app is in INSTALLED_APPS) without touching the real settings.
"""

import types

import pytest


@pytest.fixture
def settings():
    return types.SimpleNamespace(STORAGES={})
