"""The admin desk in a real browser, as an admin and as a supervisor: the Case Management
workspace with its number cards and charts, a report with its chart, and a Case form with its
next-action buttons, indicators and score explanation."""

import os

import pytest
from conftest import LAPTOP

ADMIN = "admin@demo.example.org"
SUPERVISOR = "supervisor01@demo.example.org"
USERS = {"admin": ADMIN, "supervisor": SUPERVISOR}


def open_workspace(page):
	page.goto("/app/case-management")
	cards = page.locator(".number-widget-box")
	cards.first.wait_for()
	page.wait_for_function("document.querySelectorAll('.number-widget-box').length >= 5")
	# every card has computed its number (the widget shows it once loaded)
	page.wait_for_function(
		"""[...document.querySelectorAll('.number-widget-box .widget-content .number')]
		.filter(n => n.textContent.trim() !== '').length >= 5"""
	)
	# every chart has drawn (a chart with nothing to show says so instead)
	page.wait_for_function(
		"""[...document.querySelectorAll('.dashboard-widget-box')]
		.filter(c => c.querySelector('svg, .chart-empty-state, .chart-loading-state.hide')).length >= 5"""
	)
	return page


@pytest.mark.parametrize("who", USERS)
def test_workspace_cards_and_charts_load(login, shot, who):
	# tall enough to show every card, shortcut and chart in one screenshot
	page = open_workspace(login(USERS[who], {"width": 1366, "height": 2300}))
	labels = page.locator(".number-widget-box .widget-title").all_inner_texts()
	for label in (
		"Active Cases",
		"High or Critical Cases",
		"Overdue Visits",
		"Referrals Awaiting Reply",
		"Assessments Due",
	):
		assert any(label.lower() in text.lower() for text in labels), (label, labels)
	assert page.locator(".dashboard-widget-box svg").count() >= 4
	for shortcut in ("New intake", "My cases", "Duplicate review", "Settings"):
		assert page.locator(".shortcut-widget-box", has_text=shortcut).count() == 1, shortcut
	page.wait_for_timeout(1500)  # let the charts finish their entry animation
	shot(page, f"desk-workspace-{who}")


@pytest.mark.parametrize(
	"who,report", [("admin", "Overdue Follow-ups"), ("supervisor", "Referral Outcomes by Provider")]
)
def test_a_report_with_its_chart(login, shot, who, report):
	page = login(USERS[who], LAPTOP)
	page.goto(f"/app/query-report/{report}")
	page.locator(".dt-scrollable .dt-row").first.wait_for()
	page.locator(".chart-wrapper svg, .report-wrapper .chart-container svg").first.wait_for()
	assert page.locator(".dt-scrollable .dt-row").count() > 0
	page.wait_for_timeout(1500)  # let the chart finish its entry animation
	shot(page, f"desk-report-{report.lower().replace(' ', '-')}")


@pytest.mark.parametrize("who", USERS)
def test_a_case_form_shows_next_actions_and_the_score(login, shot, who):
	page = login(USERS[who], LAPTOP)
	page.goto("/app/case?workflow_state=Active")
	row = page.locator(".list-row-container .list-subject a[data-name]").first
	row.wait_for()
	page.goto(f"/app/case/{row.get_attribute('data-name')}")
	for group in ("Assess", "Create", "View"):
		page.locator(".page-actions .inner-group-button", has_text=group).wait_for()
	page.get_by_text("How the score was made").wait_for()
	page.locator(".form-dashboard .indicator-pill, .form-dashboard .indicator").first.wait_for()
	page.locator(".page-actions .inner-group-button", has_text="Create").click()
	for action in ("Schedule visit", "Create referral"):
		assert page.locator(".dropdown-menu.show .dropdown-item", has_text=action).count() == 1, action
	page.keyboard.press("Escape")
	shot(page, f"desk-case-form-{who}")
	client = page.evaluate("cur_frm.doc.client")
	if who == "admin":
		page.locator(".page-actions .inner-group-button", has_text="Assess").click()
		for action in ("New assessment", "Send safety alert", "Override risk level"):
			assert page.locator(".dropdown-menu.show .dropdown-item", has_text=action).count() == 1, action

	# the client's form lists their cases and offers the next actions for the open one
	page.goto(f"/app/client/{client}")
	page.locator(".form-dashboard-section", has_text="Cases").wait_for()
	page.locator(".page-actions .inner-group-button", has_text="Next for").wait_for()
	assert page.locator(".page-actions button", has_text="Start case").count() == 1
	shot(page, f"desk-client-form-{who}")


CONFIG_SCREENS = {
	"workflow": ("/app/workflow/Case Workflow", "Transition Rules"),
	"scoring-instrument": ("/app/scoring-instrument/{instrument}", "Bands"),
	"follow-up-intervals": ("/app/case-management-settings", "Follow-up"),
	"notification-text": ("/app/notification/Visit reminder (text)", "Message"),
	"sms-gateway": ("/app/sms-settings", "SMS Gateway URL"),
	"checklist-template": ("/app/intake-checklist-template/Standard Intake", "Items"),
}


@pytest.mark.parametrize("screen", CONFIG_SCREENS)
def test_configuration_screens(login, shot, screen):
	"""The desk forms an administrator edits to reshape the system (README, Configure without
	code). Workflow, Notification and SMS Settings are Frappe's own and need System Manager, so
	these are taken as the site's Administrator."""
	page = login("Administrator", LAPTOP, password=os.environ.get("CM_ADMINISTRATOR_PASSWORD", "admin"))
	url, text = CONFIG_SCREENS[screen]
	if "{instrument}" in url:
		page.goto("/app/scoring-instrument?status=Published")
		row = page.locator(".list-row-container .list-subject a[data-name]").first
		row.wait_for()
		url = url.format(instrument=row.get_attribute("data-name"))
	page.goto(url)
	page.locator(".form-layout").first.wait_for()
	page.get_by_text(text, exact=False).first.wait_for()
	if screen in ("scoring-instrument", "notification-text"):  # the part an admin edits is further down
		page.locator(".section-head", has_text=text).first.evaluate(
			"el => { el.scrollIntoView({block: 'start'}); window.scrollBy(0, -70); }"
		)
	page.wait_for_timeout(500)
	shot(page, f"config-{screen}", full_page=False)
