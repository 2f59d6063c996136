from __future__ import annotations

from rest_framework.test import APIClient

from kaketoe.accounts.models import ApiToken


def client_for(user) -> APIClient:
    """An API client that sends a fresh bearer token of `user`."""
    _token, raw = ApiToken.issue(user, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client
