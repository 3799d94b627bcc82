"""A structured note in the portal on a phone (issue 23): the caseworker picks the DAP template,
gets one textarea per section with its prompt, writes a judgmental word and an undated event,
sees the hints (advice only), saves anyway, and the note reads with its sections."""

import random
import string

from conftest import PHONE, submit_and_confirm

CASEWORKER = "caseworker01@demo.example.org"


def test_a_dap_note_with_a_hint_on_a_phone(login, shot):
	page = login(CASEWORKER, PHONE)
	page.goto("/caseload")
	row = page.locator(".case-row a").first
	row.wait_for()
	case = row.get_attribute("href").rsplit("/", 1)[1]
	page.goto(f"/caseload/{case}")

	subject = "DAP review " + "".join(random.choices(string.ascii_lowercase, k=5))
	page.locator("#add-note summary").click()
	form = page.locator("#add-note form")
	form.get_by_label("Format", exact=True).select_option("DAP")
	data = form.get_by_label("Data *")
	data.wait_for()
	for heading in ("Assessment *", "Plan *"):
		assert form.get_by_label(heading).is_visible()
	assert page.locator("#add-note .note-section p.small").first.inner_text().startswith("What you saw")
	assert form.get_by_label("Note (objective and concise)").is_hidden()

	form.get_by_label("Subject", exact=True).fill(subject)
	data.fill("Client was lazy about the forms and missed appointment.")
	hints = page.locator("#add-note [data-hints]")
	hints.locator("[data-hint='lazy']").wait_for()
	assert hints.locator("[data-hint='missed appointment']").is_visible()
	assert "Describe what was observed" in hints.inner_text()
	hints.scroll_into_view_if_needed()
	shot(page, "notes-dap-hint-phone", full_page=False)

	form.get_by_label("Assessment *").fill("Two forms of five are done; rent help depends on them.")
	form.get_by_label("Plan *").fill("Fill the last three forms together on Friday 6 March.")
	submit_and_confirm(page, page.locator("#add-note form button[type=submit]"))  # hints never block

	note = page.locator(".notes li", has_text=subject).first
	note.wait_for()
	sections = note.locator(".sections p b")
	assert sections.all_inner_texts() == ["Data", "Assessment", "Plan"]
	assert "Two forms of five are done" in note.inner_text()
	note.scroll_into_view_if_needed()
	shot(page, "notes-dap-saved-phone", full_page=False)


def test_a_required_section_left_empty_is_refused_inline(login):
	page = login(CASEWORKER, PHONE)
	page.goto("/caseload")
	row = page.locator(".case-row a").first
	row.wait_for()
	page.goto(row.get_attribute("href"))
	page.locator("#add-note summary").click()
	form = page.locator("#add-note form")
	form.get_by_label("Format", exact=True).select_option("SOAP")
	form.get_by_label("Subjective *").wait_for()
	form.get_by_label("Subject", exact=True).fill("Half a SOAP")
	form.get_by_label("Subjective *").fill("Client said the heating is off.")
	page.locator("#add-note form button[type=submit]").click()
	alert = page.locator("#add-note .form-alert")
	alert.wait_for(state="visible")
	assert "The section Objective is required by the template" in alert.inner_text()
	assert page.locator(".notes li", has_text="Half a SOAP").count() == 0
