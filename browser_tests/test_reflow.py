"""Every page outside the desk at 320 CSS px wide and at 200 % zoom (a 1280-px window zoomed to
200 % lays out as a 640-px viewport drawn at twice the density): the page never scrolls sideways,
with its folded forms shut or open, and its main actions are on screen when scrolled to."""

import pytest
from conftest import demo_link

CASEWORKER = "caseworker01@demo.example.org"
PARTNER = "partner@demo.example.org"
NARROW = {"viewport": {"width": 320, "height": 640}}
ZOOMED = {"viewport": {"width": 640, "height": 400}, "device_scale_factor": 2}
SIZES = {"320px": NARROW, "zoom200": ZOOMED}


def fits(page, where: str) -> None:
	scroll, inner = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
	assert scroll <= inner + 1, f"{where} scrolls sideways: {scroll} px of content in {inner} px"


def shows(page, where: str, *selectors: str) -> None:
	"""Each main action is visible and lies wholly inside the viewport's width."""
	inner = page.evaluate("window.innerWidth")
	for selector in selectors:
		action = page.locator(selector).first
		action.scroll_into_view_if_needed()
		assert action.is_visible(), f"{where}: {selector} is not visible"
		box = action.bounding_box()
		assert box["x"] >= 0 and box["x"] + box["width"] <= inner + 1, (
			f"{where}: {selector} is cut off ({box})"
		)


def check(page, path: str, where: str, *actions: str) -> None:
	page.goto(path)
	page.wait_for_load_state("load")
	fits(page, where)
	shows(page, where, *actions)
	page.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
	fits(page, f"{where} with its forms open")


@pytest.mark.parametrize("size", SIZES)
def test_caseworker_pages_reflow(login, shot, size):
	page = login(CASEWORKER, **SIZES[size])
	page.goto("/caseload")
	case = page.locator(".case-row a").first.get_attribute("href")
	check(
		page,
		"/caseload",
		"the caseload",
		"a.btn[href='/caseload/intake']",
		"#q",
		".filters button",
		".case-row a",
	)
	shot(page, f"reflow-caseload-{size}", full_page=False)
	check(page, case, "a case page", "#add-note > summary", "#log-visit > summary", "#book-visit > summary")
	page.locator("#add-note").scroll_into_view_if_needed()
	shot(page, f"reflow-case-{size}", full_page=False)
	check(page, "/caseload/intake", "intake", "#intake-search button[type=submit]")
	check(page, "/caseload/week", "the week", "#book h2")
	check(page, f"{case}/plan", "the service plan page", "[data-plan-pdf]", "[data-service-plan]")
	shot(page, f"reflow-plan-{size}", full_page=False)


@pytest.mark.parametrize("size", SIZES)
def test_partner_pages_reflow(login, shot, size):
	page = login(PARTNER, **SIZES[size])
	check(page, "/partner-referrals", "the partner portal page", "section[data-referral] button[data-action]")
	shot(page, f"reflow-partner-referrals-{size}", full_page=False)
	guest = login(None, **SIZES[size])
	check(guest, demo_link("referral_link"), "the emailed referral link's page", "#respond button")
	shot(guest, f"reflow-referral-response-{size}", full_page=False)


@pytest.mark.parametrize("size", SIZES)
def test_client_link_pages_reflow(login, shot, size):
	page = login(None, **SIZES[size])
	own = demo_link("page_link", language="es")["path"]  # first: it makes a new visit link too
	visit = demo_link("visit_link", language="es")
	check(page, own, "the client's own page", "form.visit-answer button", "#message-form button")
	shot(page, f"reflow-my-page-{size}", full_page=False)
	check(page, visit, "a visit link's page", "#visit-answer button[value=confirm]", "#reschedule > summary")
	shot(page, f"reflow-visit-{size}", full_page=False)
