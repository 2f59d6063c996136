"""Fixtures for the real-browser tests: Debian's Chromium driven by Playwright.

There is no pytest-playwright here on purpose: one session-wide browser, a fresh context
(cookies, viewport, locale) per test, and helpers for login, axe-core and screenshots.
The tests skip cleanly when /usr/bin/chromium is missing (`./kaketoe test` installs it as root).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "tests" / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_REPORTS = ARTIFACTS / "axe"
# Served by a Playwright route under the live server's own origin, so the strict
# Content-Security-Policy (script-src 'self') stays on while axe runs.
AXE_PATH = "/__test-only__/axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
TABLET = {"width": 768, "height": 1024}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "pw-for-tests-only"  # what kaketoe.testing.UserFactory sets


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Tab:
    """One browser page plus what it saw: console errors and uncaught exceptions."""

    page: object
    base_url: str
    console_errors: list[str] = field(default_factory=list)

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return response

    def log_in(self, user, code: str | None = None) -> None:
        """Both login steps through the real forms; the right TOTP code unless one is given."""
        self.goto("/accounts/login/")
        self.page.fill("#id_username", user.username)
        self.page.fill("#id_password", PASSWORD)
        with self.page.expect_navigation():
            self.page.click("form:not(.language-form) button[type=submit]")
        assert self.page.url.endswith("/accounts/login/code/"), self.page.url
        self.page.fill("#id_token", code or current_code(user))
        with self.page.expect_navigation():
            self.page.click("main form button[type=submit]")
        self.page.wait_for_load_state("load")

    def axe(self, name: str) -> list[dict]:
        """Run axe-core (WCAG 2.1 A and AA) on the current page; keep the report; return it."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url=self.base_url + AXE_PATH)
        results = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = results["violations"]
        AXE_REPORTS.mkdir(parents=True, exist_ok=True)
        (AXE_REPORTS / f"{name}.json").write_text(
            json.dumps(
                {
                    "url": self.page.url,
                    "viewport": self.page.viewport_size,
                    "counts": impact_counts(violations),
                    "rules_passed": len(results["passes"]),
                    "needs_review": results["incomplete"],
                    "violations": violations,
                },
                indent=2,
            )
        )
        return violations

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def tab(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="en-GB", timezone_id="Europe/Amsterdam")
    context.set_default_timeout(15_000)
    context.route(
        re.compile(re.escape(AXE_PATH) + "$"),
        lambda route: route.fulfill(path=str(AXE), content_type="application/javascript"),
    )
    page = context.new_page()
    tab = Tab(page=page, base_url=live_server.url)
    page.on(
        "console",
        lambda message: (
            tab.console_errors.append(f"{message.text} ({message.location})")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: tab.console_errors.append(f"uncaught: {error}"))
    try:
        yield tab
    finally:
        context.close()


def current_code(user) -> str:
    from django_otp.oath import totp

    device = user.totpdevice_set.get(confirmed=True)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def impact_counts(violations: list[dict]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for violation in violations:
        impact = violation.get("impact") or "unknown"
        counts[impact] = counts.get(impact, 0) + 1
    return counts


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"][:5])
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} -> {targets} ({v['helpUrl']})")
    return "\n".join(lines) or "none"
