"""Browser tests: a real headless Chromium (Debian's) driven by Playwright, against a site that
`scripts/browser-tests` serves on loopback with demo data.

Fixtures:
- `base_url`      the served site (CM_BASE_URL)
- `browser`       one Chromium for the whole run
- `login(user, width=...)` a new page, signed in as `user` (demo password), at that width
- `shot(page, name)`       saves artifacts/screenshots/<name>.png and returns its path
- `as_language(user, lang)` a context manager: the user's language is `lang` inside it (REST, as
                            Administrator), restored after

Helpers: `assert_no_axe_violations(page, where)` injects axe-core (browser_tests/node_modules,
installed by `npm ci`: scripts/npm-packages) and fails listing every WCAG 2.1 A/AA violation;
`demo_link(method, **kwargs)` asks the served site for a fresh demo link (demo/links.py).

Run alone (with a site already served): CM_BASE_URL=http://127.0.0.1:8765 pytest browser_tests
"""

import json
import os
import subprocess
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

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
ADMIN_PASSWORD = os.environ.get("CM_ADMIN_PASSWORD", "admin")
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
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
	"""`login(user, viewport=PHONE)` -> a page signed in as `user` (None: a guest page); other
	keywords (locale, device_scale_factor...) go to the browser context."""
	contexts = []

	def _login(user: str | None, viewport: dict = LAPTOP, password: str = DEMO_PASSWORD, **options):
		context = browser.new_context(viewport=viewport, base_url=base_url, **options)
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


@pytest.fixture
def as_language(browser, base_url):
	"""`with as_language(user, "es"):` the user's User.language is "es" (set over REST as
	Administrator); the earlier value is put back afterwards, whatever happens inside."""
	context = browser.new_context(base_url=base_url)
	response = context.request.post("/api/method/login", form={"usr": "Administrator", "pwd": ADMIN_PASSWORD})
	assert response.ok, f"login as Administrator failed: {response.status}"

	def set_language(user: str, language: str | None) -> str | None:
		url = f"/api/resource/User/{user}"
		before = context.request.get(url)
		assert before.ok, before.text()[:200]
		response = context.request.put(url, data=json.dumps({"language": language}))
		assert response.ok, f"setting {user}'s language failed: {response.status} {response.text()[:200]}"
		return before.json()["data"].get("language")

	@contextmanager
	def _as_language(user: str, language: str):
		previous = set_language(user, language)
		try:
			yield
		finally:
			set_language(user, previous)

	yield _as_language
	context.close()


def demo_link(method: str, **kwargs) -> str:
	"""A fresh link made on the served demo site by case_management.demo.links.<method>, as the
	path and query to open (for `page_link`, a dict with it under "path")."""
	bench, site = os.environ.get("CM_BENCH"), os.environ.get("CM_SITE")
	if not (bench and site):
		pytest.fail("CM_BENCH and CM_SITE are not set: run these tests through scripts/browser-tests")
	command = ["bench", "--site", site, "execute", f"case_management.demo.links.{method}"]
	if kwargs:
		command += ["--kwargs", repr(kwargs)]
	out = subprocess.run(command, cwd=bench, capture_output=True, text=True, check=True, timeout=120).stdout
	value = json.loads(out.strip().splitlines()[-1])
	link = value["link"] if isinstance(value, dict) else value
	url = urlsplit(link)
	path = f"{url.path}?{url.query}"
	if isinstance(value, dict):
		return {**value, "path": path}
	return path


def axe_violations(page) -> list[dict]:
	"""axe-core's WCAG 2.1 A and AA violations on the page as it is now (nothing disabled)."""
	if not AXE.exists():
		pytest.fail(f"axe-core is missing ({AXE}): run `bash scripts/npm-packages` (npm ci in browser_tests)")
	if not page.evaluate("() => typeof window.axe === 'object'"):
		page.add_script_tag(path=str(AXE))
	return page.evaluate(
		"""(tags) => axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] })
			.then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
				targets: v.nodes.map((n) => n.target.join(" ")) })))""",
		WCAG_TAGS,
	)


def assert_no_axe_violations(page, where: str) -> None:
	"""Fail listing each violation: its id, impact, what it asks (help) and the elements' selectors."""
	violations = axe_violations(page)
	report = [f"axe: {len(violations)} WCAG 2.1 A/AA violation(s) on {where}:"]
	for v in violations:
		report.append(f"  {v['id']} ({v['impact']}): {v['help']}")
		report += [f"    {target}" for target in v["targets"][:15]]
		if len(v["targets"]) > 15:
			report.append(f"    ... and {len(v['targets']) - 15} more")
	assert not violations, "\n".join(report)
