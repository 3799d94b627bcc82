"""Programs in the browser: the portal case page shows each open program's decision with its
reasons, refers in one step and logs a service; the desk Case form shows the same decisions."""

import pytest
from conftest import LAPTOP, PHONE, submit_and_confirm

PROGRAMS_API = "/api/method/case_management.api.programs.get_case_programs"
CASELOAD_API = "/api/method/case_management.api.portal.get_caseload"


def caseworkers():
	return [f"caseworker{i:02d}@demo.example.org" for i in range(1, 5)]


def find(page, want):
	"""(case, program) on this caseworker's caseload for which want(program_row) holds."""
	cases = page.request.get(CASELOAD_API).json()["message"]["cases"]
	for case in cases:
		rows = page.request.get(PROGRAMS_API, params={"case": case["name"]}).json()["message"]
		for row in rows:
			if want(row):
				return case["name"], row["program"]
	return None, None


def first_match(login, viewport, want):
	for user in caseworkers():
		page = login(user, viewport)
		case, program = find(page, want)
		if case:
			return page, case, program
	raise AssertionError("no demo case fits")


def test_the_case_page_shows_decisions_and_refers_in_one_step(login, shot):
	page, case, program = first_match(
		login,
		PHONE,
		lambda r: r["decision"]["status"] == "Eligible" and not r["enrolment"] and r["free_places"] != 0,
	)
	page.goto(f"/caseload/{case}")
	card = page.locator("#programs")
	card.wait_for()
	assert card.locator("li.program").count() >= 5
	item = card.locator(f"li.program[data-program='{program}']")
	assert item.locator(".badge").inner_text() == "Eligible"
	assert item.locator(".reasons li").count() >= 1
	assert item.locator(".reasons li").first.inner_text()[:1] in "✓✗?"
	submit_and_confirm(page, item.get_by_role("button", name=f"Refer to {program}"))
	item = page.locator(f"#programs li.program[data-program='{program}']")
	item.locator(".enrolment").wait_for()
	assert any(s in item.locator(".enrolment").inner_text() for s in ("Enrolled", "Waitlisted"))
	item.scroll_into_view_if_needed()
	shot(page, "portal-programs-phone", full_page=False)


def test_a_service_is_logged_from_the_portal(login, shot):
	page, case, program = first_match(
		login, LAPTOP, lambda r: (r["enrolment"] or {}).get("status") == "Enrolled" and r["services"]
	)
	page.goto(f"/caseload/{case}")
	item = page.locator(f"#programs li.program[data-program='{program}']")
	before = item.locator(".services-logged").inner_text() if item.locator(".services-logged").count() else ""
	item.locator(".log-service summary").click()
	form = item.locator(".log-service form")
	form.get_by_label("Quantity").fill("2")
	form.get_by_label("Note").fill("Delivered at the office.")
	submit_and_confirm(page, form.locator("button[type=submit]"))
	item = page.locator(f"#programs li.program[data-program='{program}']")
	item.locator(".services-logged").wait_for()
	after = item.locator(".services-logged").inner_text()
	assert after != before and "services logged" in after
	item.scroll_into_view_if_needed()
	shot(page, "portal-programs-log-service-laptop", full_page=False)


def test_a_bad_service_quantity_is_refused_inline(login):
	page, case, program = first_match(
		login, LAPTOP, lambda r: (r["enrolment"] or {}).get("status") == "Enrolled" and r["services"]
	)
	page.goto(f"/caseload/{case}")
	item = page.locator(f"#programs li.program[data-program='{program}']")
	item.locator(".log-service summary").click()
	form = item.locator(".log-service form")
	form.get_by_label("Quantity").evaluate("el => { el.removeAttribute('min'); el.value = '-3'; }")
	form.locator("button[type=submit]").click()
	alert = form.get_by_role("alert")
	alert.wait_for()
	assert "quantity" in alert.inner_text().lower()


def test_the_desk_case_form_shows_the_programs(login, shot):
	page, case, _program = first_match(login, LAPTOP, lambda r: True)
	page.goto(f"/app/case/{case}")
	section = page.locator(".case-programs")
	section.wait_for()
	assert section.locator(".case-program").count() >= 5
	assert section.locator(".indicator-pill").first.inner_text() in ("Eligible", "Not eligible", "Unknown")
	section.scroll_into_view_if_needed()
	shot(page, "desk-case-programs", full_page=False)


SUPERVISOR = "supervisor01@demo.example.org"
ADMIN = "admin@demo.example.org"
WAITLIST_API = "/api/method/case_management.api.programs.get_waitlist"


@pytest.mark.parametrize("viewport,name", [(LAPTOP, "laptop"), (PHONE, "phone")])
def test_a_supervisor_reads_the_waitlist_in_the_desk(login, shot, viewport, name):
	page = login(SUPERVISOR, viewport)
	programs = page.request.get("/api/resource/Program", params={"limit_page_length": 50}).json()["data"]
	program = None
	for row in programs:
		waitlist = page.request.get(WAITLIST_API, params={"program": row["name"]}).json()["message"]
		if waitlist["waitlist"]:
			program = waitlist
			break
	assert program, "the demo data has a full program with a waitlist"
	page.goto(f"/app/program/{program['program']}")
	if viewport is PHONE:  # a phone's desk keeps the form's buttons in its "…" menu
		page.locator(".page-head .menu-btn-group button:visible").click()
		page.locator(".dropdown-menu.show .dropdown-item", has_text="Waitlist").click()
	else:
		page.get_by_role("button", name="Waitlist").click()
	dialog = page.locator(".modal.show")
	dialog.get_by_text("Why this position").wait_for()
	rows = dialog.locator("tbody tr")
	assert rows.count() == len(program["waitlist"])
	first = program["waitlist"][0]
	assert rows.first.locator("td").nth(2).inner_text() == first["reason"]  # the reason, in words
	# the dialog fades in: the picture is taken once its transitions have ended
	page.wait_for_function(
		"() => { const m = document.querySelector('.modal.show');"
		" return m && getComputedStyle(m).opacity === '1' && !m.getAnimations({subtree: true}).length; }"
	)
	shot(page, f"desk-program-waitlist-{name}", full_page=False)


def test_the_programs_dashboard_draws_its_cards_and_charts(login, shot):
	page = login(ADMIN, {"width": 1366, "height": 1800})
	page.goto("/app/dashboard-view/Programs")
	page.wait_for_function(
		"""[...document.querySelectorAll('.number-widget-box .widget-content .number')]
		.filter(n => n.textContent.trim() !== '').length >= 4"""
	)
	page.wait_for_function("document.querySelectorAll('.dashboard-widget-box svg').length >= 3")
	titles = page.locator(".dashboard-widget-box .widget-title").all_inner_texts()
	for title in ("Program Places", "Services Delivered by Month", "Program Exits by Destination"):
		assert any(title.lower() in t.lower() for t in titles), (title, titles)
	page.wait_for_timeout(1500)  # the charts' entry animation
	shot(page, "desk-programs-dashboard")
