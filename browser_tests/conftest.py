"""Browser tests: a real headless Chromium (Debian's) driven by Playwright, against a site that
`scripts/browser-tests` serves on loopback with demo data.

Fixtures:
- `base_url`      the served site (CM_BASE_URL)
- `browser`       one Chromium for the whole run
- `login(user, width=...)` a new page, signed in as `user` (demo password), at that width
- `shot(page, name)`       saves artifacts/screenshots/<name>.png and returns its path

Run alone (with a site already served): CM_BASE_URL=http://127.0.0.1:8765 pytest browser_tests
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CM_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
	"--no-first-run",
]
DEMO_PASSWORD = "Demo-Case-2026"
PHONE = {"width": 375, "height": 812}
LAPTOP = {"width": 1366, "height": 900}
SHOTS = Path(
	os.environ.get("CM_SCREENSHOTS", Path(__file__).resolve().parent.parent / "artifacts" / "screenshots")
)


@pytest.fixture(scope="session")
def base_url() -> str:
	url = os.environ.get("CM_BASE_URL")
	if not url:
		pytest.fail("CM_BASE_URL is not set: run these tests through scripts/browser-tests")
	return url.rstrip("/")


@pytest.fixture(scope="session")
def browser():
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
		yield browser
		browser.close()


@pytest.fixture
def login(browser, base_url):
	"""`login(user, viewport=PHONE)` -> a page signed in as `user` (None: a guest page)."""
	contexts = []

	def _login(user: str | None, viewport: dict = LAPTOP, password: str = DEMO_PASSWORD):
		context = browser.new_context(viewport=viewport, base_url=base_url)
		context.set_default_timeout(20_000)
		contexts.append(context)
		if user:
			response = context.request.post("/api/method/login", form={"usr": user, "pwd": password})
			assert response.ok, f"login as {user} failed: {response.status} {response.text()[:200]}"
		return context.new_page()

	yield _login
	for context in contexts:
		context.close()


@pytest.fixture
def shot():
	SHOTS.mkdir(parents=True, exist_ok=True)

	def _shot(page, name: str, full_page: bool = True) -> Path:
		path = SHOTS / f"{name}.png"
		page.screenshot(path=str(path), full_page=full_page)
		return path

	return _shot


def submit_and_confirm(page, button):
	"""Click a portal form's `button` and wait until the page says in its live region that the
	action worked (the page is brought up to date in place: no reload, no jump)."""
	page.evaluate("() => { const l = document.querySelector('#cm-live'); if (l) l.textContent = ''; }")
	button.click()
	page.wait_for_function("() => document.querySelector('#cm-live')?.textContent.trim()")
