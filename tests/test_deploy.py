"""Production readiness: Django's deployment checks, and the security headers we send."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean(tmp_path):
    # A clean production-like environment: none of our KAKETOE_* overrides, and not the
    # DJANGO_ALLOW_ASYNC_UNSAFE that the test suite sets for Playwright (check --deploy warns).
    skip = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("KAKETOE_") and key not in skip
    }
    env.update(
        KAKETOE_DEBUG="0",
        KAKETOE_SECRET_KEY=secrets.token_urlsafe(64),  # 86 characters, well over 50
        KAKETOE_ALLOWED_HOSTS="kaketoe.example.org",
        KAKETOE_VAR_DIR=str(tmp_path),  # no secret key file written into the real var/
        DJANGO_SETTINGS_MODULE="kaketoe.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output, output
    assert "WARNINGS" not in output and "ERRORS" not in output, output


@pytest.mark.django_db
def test_login_page_sends_strict_security_headers(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    csp = response.headers["Content-Security-Policy"]
    directives = {
        part.split()[0]: part.split()[1:] for part in (d.strip() for d in csp.split(";")) if part
    }
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp, csp
    assert directives["script-src"] == ["'self'"], csp
    assert directives["style-src"] == ["'self'"], csp
    assert directives["default-src"] == ["'self'"], csp
    assert directives["frame-ancestors"] == ["'none'"], csp
    assert directives["object-src"] == ["'none'"], csp
    assert directives["base-uri"] == ["'none'"], csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
