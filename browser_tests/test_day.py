"""A caseworker's day without surprises (issue 19), at 375 px and 1280 px: a referral to a
partner that takes referrals by email is saved and the caseworker is told plainly when no
outgoing email account exists; intake opens the client's open case instead of starting a second
one; admins see the setup warnings on the workspace; the visit calendar draws."""

import json

import pytest
from conftest import PHONE, submit_and_confirm

CASEWORKER = "caseworker01@demo.example.org"
ADMIN = "admin@demo.example.org"
SUPERVISOR = "supervisor01@demo.example.org"
LAPTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "laptop": LAPTOP}
ELECTRONIC = "Harbor Food Bank"  # demo provider that takes referrals by email


def warnings_as_admin(login) -> set[str]:
	page = login(ADMIN, LAPTOP)
	response = page.request.get("/api/method/case_management.api.setup.setup_warnings")
	assert response.ok, response.text()[:200]
	return {w["key"] for w in response.json()["message"]}


def first_case(page) -> tuple[str, str]:
	page.goto("/caseload")
	row = page.locator(".case-row a").first
	row.wait_for()
	return row.get_attribute("href").rsplit("/", 1)[1], row.locator(".name").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_referral_is_saved_and_the_caseworker_told_when_email_cannot_go(login, shot, width):
	no_email = "email" in warnings_as_admin(login)
	page = login(CASEWORKER, WIDTHS[width])
	case, _client = first_case(page)
	page.goto(f"/caseload/{case}")
	rows = page.locator("#referrals ul.plain li", has_text=ELECTRONIC)
	before = rows.count()
	page.locator("#add-referral summary").click()
	form = page.locator("#add-referral form")
	form.get_by_label("Service provider").select_option(label=ELECTRONIC)
	form.get_by_label("Reason").fill("No food in the house at the end of the month.")
	submit_and_confirm(page, form.get_by_role("button", name="Send referral"))
	assert rows.count() == before + 1  # saved, whatever the mail
	newest = rows.first
	notice = page.locator("#main > .notice")
	if no_email:
		notice.wait_for()
		assert "could not be emailed" in notice.inner_text()
		assert "Not emailed yet" in newest.inner_text()
	else:
		assert notice.count() == 0 and "Not emailed yet" not in newest.inner_text()
	shot(page, f"portal-referral-not-emailed-{width}", full_page=False)
	newest.scroll_into_view_if_needed()
	shot(page, f"portal-referral-not-emailed-row-{width}", full_page=False)


@pytest.mark.parametrize("width", WIDTHS)
def test_intake_opens_the_open_case_instead_of_starting_another(login, shot, width):
	page = login(CASEWORKER, WIDTHS[width])
	case, client = first_case(page)
	page.goto("/caseload/intake")
	page.get_by_label("First name").first.fill(client.split()[0])
	page.get_by_label("Last name").first.fill(client.split()[-1])
	page.get_by_role("button", name="Search").click()
	link = page.locator(f"#intake-results a[href='/caseload/{case}']")
	link.wait_for()
	assert link.inner_text() == "Open the case"
	item = page.locator("#intake-results li", has=page.locator(f"a[href='/caseload/{case}']"))
	assert item.count() == 1  # the found person's row, which offers no new case
	assert item.get_by_role("button", name="Start case").count() == 0
	shot(page, f"portal-intake-open-the-case-{width}")
	# the server refuses a second open case however it is asked
	client_id = page.request.get(f"/api/method/case_management.api.portal.get_case?case={case}").json()[
		"message"
	]["case"]["client"]
	response = page.request.post(
		"/api/method/case_management.api.intake.start_case",
		data={"client": client_id},
		headers={"X-Frappe-CSRF-Token": page.evaluate("window.frappe.csrf_token")},
	)
	assert response.status == 417 and "already has an open case" in response.text()
	with page.expect_navigation(url=f"**/caseload/{case}"):
		link.click()


def test_a_supervisor_starts_a_second_open_case_only_with_a_reason(login, shot):
	"""One open case per client, unless a supervisor says why (issue 19, item 8): the intake
	page offers the supervisor a second case, refuses it without a reason, and keeps the reason
	on the new case."""
	page = login(SUPERVISOR, LAPTOP)
	case, client = first_case(page)
	page.goto("/caseload/intake")
	page.get_by_label("First name").first.fill(client.split()[0])
	page.get_by_label("Last name").first.fill(client.split()[-1])
	page.get_by_role("button", name="Search").click()
	link = page.locator(f"#intake-results a[href='/caseload/{case}']")
	link.wait_for()
	item = page.locator("#intake-results li", has=page.locator(f"a[href='/caseload/{case}']"))
	item.locator("details.second-case summary").click()
	start = item.get_by_role("button", name="Start a second case")
	start.click()  # no reason: refused in words, nothing started
	alert = item.locator(".form-alert")
	alert.wait_for()
	assert "Say why a second open case is needed." in alert.inner_text()
	assert page.url.endswith("/caseload/intake")
	item.locator("textarea[data-second-for]").fill("Court-ordered family case alongside the housing case.")
	shot(page, "portal-intake-second-case-laptop")
	client_id = start.get_attribute("data-start-case")
	# the new case goes to a caseworker by the intake rule: its page, or the caseload when the
	# supervisor does not see that caseworker's cases
	with page.expect_navigation():
		start.click()
	assert "/caseload" in page.url and "/intake" not in page.url
	admin = login(ADMIN, LAPTOP)
	rows = admin.request.get(
		"/api/method/frappe.client.get_list",
		params={
			"doctype": "Case",
			"filters": json.dumps({"client": client_id, "workflow_state": ["!=", "Closed"]}),
			"fields": json.dumps(["name", "second_case_reason"]),
		},
	).json()["message"]
	assert len(rows) == 2, rows
	assert [r["second_case_reason"] for r in rows if r["name"] != case] == [
		"Court-ordered family case alongside the housing case."
	]


def test_admin_sees_setup_warnings_on_the_workspace(login, shot):
	expected = warnings_as_admin(login)
	page = login(ADMIN, {"width": 1280, "height": 1100})
	page.goto("/app/case-management")
	page.locator(".number-widget-box").first.wait_for()
	if expected:
		page.locator("[data-warning]").first.wait_for()
	shown = set(page.eval_on_selector_all("[data-warning]", "els => els.map(e => e.dataset.warning)"))
	assert shown == expected
	shot(page, "desk-workspace-setup-warnings", full_page=False)
	caseworker = login(CASEWORKER, LAPTOP)  # the block is for admins only
	response = caseworker.request.get("/api/method/case_management.api.setup.setup_warnings")
	assert response.status == 403, response.status


def test_visit_calendar_shows_the_teams_visits_coloured_by_status(login, shot):
	page = login(SUPERVISOR, {"width": 1280, "height": 1000})
	page.goto("/app/follow-up-visit/view/calendar/default")
	page.locator(".fc-view-container").wait_for()
	page.locator(".fc-event").first.wait_for()
	colours = set(
		page.eval_on_selector_all(".fc-event", "els => els.map(e => getComputedStyle(e).backgroundColor)")
	)
	assert colours, "no visit drawn"
	shot(page, "desk-visit-calendar", full_page=False)
