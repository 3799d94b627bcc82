"""The discharge summary in the portal on a phone (issue 23 item 3): a supervisor's closing step
drafts it from the case and closes nothing yet; the caseworker edits it; the supervisor approves
it as they close the case, and its PDF is kept on the case."""

import random
import string

from conftest import PHONE, submit_and_confirm

CASEWORKER = "caseworker01@demo.example.org"
SUPERVISOR = "supervisor01@demo.example.org"


def open_case_of_caseworker(page) -> str:
	"""An Active or Monitoring case of the caseworker with no discharge summary yet."""
	page.goto("/caseload")
	page.locator(".case-row a").first.wait_for()
	hrefs = [
		link.get_attribute("href")
		for link in page.locator(".case-row a").all()
		if link.locator(".state").inner_text().strip() in ("Active", "Monitoring")
	]
	for href in hrefs:
		page.goto(href)
		if page.get_by_role("button", name="Draft the discharge summary").count():
			return href.rsplit("/", 1)[1]
	raise AssertionError("no open case without a discharge summary on the caseworker's caseload")


def close_step(page):
	page.get_by_role("button", name="Step: close the case").click()
	return page.locator("[data-step='Close'] form")


def test_discharge_summary_drafted_at_closing_edited_and_approved_on_a_phone(login, shot):
	caseworker = login(CASEWORKER, PHONE)
	case = open_case_of_caseworker(caseworker)

	# the supervisor starts closing: the summary is drafted, the case stays open
	supervisor = login(SUPERVISOR, PHONE)
	supervisor.goto(f"/caseload/{case}")
	form = close_step(supervisor)
	form.get_by_label("Closure reason").select_option("Goals met")
	submit_and_confirm(supervisor, form.locator("button[type=submit]"))
	card = supervisor.locator("#discharge")
	card.get_by_text("Discharge summary: Draft").wait_for()
	assert "The case is closing: Goals met." in card.locator("#ds-reason_for_closure").input_value()
	assert card.locator("#ds-follow_up_plan").input_value()
	card.scroll_into_view_if_needed()
	shot(supervisor, "discharge-drafted-phone", full_page=False)

	# the caseworker checks it and writes the follow-up plan in their words
	plan = "Call on 3 June to check the lease renewal " + "".join(random.choices(string.ascii_lowercase, k=4))
	caseworker.goto(f"/caseload/{case}")
	caseworker.locator("#ds-follow_up_plan").fill(plan)
	submit_and_confirm(caseworker, caseworker.locator("#discharge button[type=submit]"))
	assert caseworker.locator("#ds-follow_up_plan").input_value() == plan

	# left empty, a required section stops the approval, inline, and nothing is closed
	caseworker.locator("#ds-contacts").fill("")
	submit_and_confirm(caseworker, caseworker.locator("#discharge button[type=submit]"))
	supervisor.goto(f"/caseload/{case}")
	form = close_step(supervisor)
	form.locator("[data-approve-summary]").check()
	form.locator("button[type=submit]").click()
	alert = form.locator(".form-alert")
	alert.wait_for(state="visible")
	assert "Fill in the required sections: Contacts" in alert.inner_text()
	shot(supervisor, "discharge-refused-phone", full_page=False)

	caseworker.locator("#ds-contacts").fill("Agency front desk, weekdays 9 to 5")
	submit_and_confirm(caseworker, caseworker.locator("#discharge button[type=submit]"))

	# the supervisor approves it in the closing step: the case closes, the PDF is on it
	supervisor.goto(f"/caseload/{case}")
	form = close_step(supervisor)
	form.locator("[data-approve-summary]").check()
	submit_and_confirm(supervisor, form.locator("button[type=submit]"))
	card = supervisor.locator("#discharge")
	card.get_by_text("Discharge summary: Approved").wait_for()
	assert plan in card.inner_text()
	assert card.get_by_role("link", name="PDF on the case").is_visible()
	card.scroll_into_view_if_needed()
	shot(supervisor, "discharge-approved-phone", full_page=False)

	copy_link = card.get_by_role("link", name="Client's copy").get_attribute("href")
	client_copy = supervisor.context.request.get(copy_link)
	assert client_copy.ok and "Your discharge summary" in client_copy.text()
	assert "Last risk level" not in client_copy.text()
