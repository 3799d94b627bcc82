"""A caseworker's whole day in the portal, at 375 px and 1280 px, and never the desk (issue 19,
item 2): caseload, intake (a new client with address, language and an emergency contact), the
case: a note written then edited, a visit booked, moved and logged, a household member with
income, the client's contacts edited, a referral for a service from the provider's own list;
then My week, where a visit is booked and moved. No step goes to /app."""

import random
import re
import string
from datetime import datetime, timedelta

import pytest
from conftest import PHONE, submit_and_confirm

CASEWORKER = "caseworker01@demo.example.org"
LAPTOP = {"width": 1280, "height": 900}
WIDTHS = {"phone": PHONE, "laptop": LAPTOP}
PROVIDER = "Northside Housing Partners"  # demo provider with three services


def tap(locator):
	"""Click `locator` brought to the middle of the screen (the live region, fixed at the
	bottom on a phone, is left clear)."""
	locator.evaluate("el => el.scrollIntoView({block: 'center'})")
	locator.click()


def local(days: int, hour: int) -> str:
	return (datetime.now() + timedelta(days=days)).strftime(f"%Y-%m-%dT{hour:02d}:15")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_whole_day_never_needs_the_desk(login, shot, width):
	page = login(CASEWORKER, WIDTHS[width])
	desk = []
	page.on("framenavigated", lambda frame: "/app" in frame.url and desk.append(frame.url))
	page.on("request", lambda r: r.is_navigation_request() and "/app" in r.url and desk.append(r.url))
	surname = "Dayrun" + "".join(random.choices(string.ascii_lowercase, k=6))

	page.goto("/caseload")
	page.locator(".case-row a").first.wait_for()
	assert page.locator("#main").get_by_role("link", name="My week").is_visible()

	# intake: search, then register with address, language and an emergency contact
	page.locator("#main").get_by_role("link", name="New intake").click()
	page.get_by_label("First name").first.fill("Solveig")
	page.get_by_label("Last name").first.fill(surname)
	page.get_by_role("button", name="Search").click()
	form = page.locator("#intake-register")
	form.wait_for()
	form.get_by_label("Address", exact=True).fill("7 Lantern Row")
	form.get_by_label("City").fill("Washington")
	form.get_by_label("Postal code").fill("20003")
	form.get_by_label("Language").select_option("es")
	form.locator("#reg-ec-name").fill("Henrik " + surname)
	form.locator("#reg-ec-phone").fill("202-555-0171")
	form.locator("#reg-ec-rel").select_option("Relative")
	if page.locator("#confirm-new").is_visible():
		page.get_by_label("I checked the likely matches").check()
	shot(page, f"day-intake-register-{width}")
	with page.expect_navigation(url="**/caseload/CASE-*"):
		form.get_by_role("button", name="Register and start case").click()
	client_card = page.locator("section[aria-labelledby=h-client]")
	assert "7 Lantern Row" in client_card.inner_text()
	assert "Henrik " + surname in client_card.inner_text()

	# a note, then the author edits it: "edited", the earlier wording in its history
	tap(page.locator("#add-note summary"))
	page.locator("#note-subject").fill("First contact")
	page.get_by_label("Note (objective and concise)").fill("Met at the office.")
	submit_and_confirm(page, page.get_by_role("button", name="Save note"))
	note = page.locator(".notes > li", has_text="First contact").first
	tap(note.locator("summary", has_text="Edit this note"))
	note.locator("textarea").fill("Met at the office; brought her lease.")
	submit_and_confirm(page, note.get_by_role("button", name="Save note"))
	note = page.locator(".notes > li", has_text="First contact").first
	assert "brought her lease" in note.inner_text()
	assert note.locator("[data-edited]").inner_text() == "edited"
	assert "Note saved" in page.locator("#cm-live").inner_text()

	# book a visit, move it, then log it
	tap(page.locator("#book-visit summary"))
	page.locator("#book-when").fill(local(2, 10))
	page.locator("#book-mode").select_option("Home visit")
	submit_and_confirm(page, page.get_by_role("button", name="Book visit"))
	assert "Visit booked for" in page.locator("#cm-live").inner_text()
	assert page.locator("#h-visits + ul li.just-saved", has_text="Scheduled").count() == 1
	tap(page.locator("#book-visit summary"))
	page.locator("#book-when").fill(local(3, 14))
	submit_and_confirm(page, page.get_by_role("button", name="Move visit"))
	assert "Visit moved to" in page.locator("#cm-live").inner_text()
	assert "14:15" in page.locator("#h-visits + ul li", has_text="Scheduled").inner_text()
	shot(page, f"day-visit-moved-{width}", full_page=False)
	tap(page.locator("#log-visit summary"))
	page.get_by_label("Completed").check()
	submit_and_confirm(page, page.get_by_role("button", name="Log visit"))
	assert page.locator("#h-visits + ul li", has_text="Completed").count() == 1

	# a household member with income
	tap(page.locator("#add-member summary"))
	member = page.locator("#add-member form")
	member.get_by_label("First name").fill("Solveig")
	member.get_by_label("Last name").fill(surname)
	member.get_by_label("Relationship to head").select_option("Self")
	member.get_by_label("Source").select_option("Earned income")
	member.get_by_label("Amount").fill("1200")
	submit_and_confirm(page, member.get_by_role("button", name="Save member"))
	assert page.locator("[data-total=size]").inner_text() == "1"

	# the client's contact details and consent
	tap(page.locator("#edit-contact summary"))
	contact = page.locator("#edit-contact form")
	contact.locator("#ct-phone").fill("202-555-0172")
	contact.get_by_label("OK to text").check()
	contact.get_by_label("Safe to text (no one else reads their phone)").check()
	contact.locator("[data-list-row] input[name=full_name]").last.fill("Ola " + surname)
	shot(page, f"day-contact-form-{width}", full_page=False)
	submit_and_confirm(page, contact.get_by_role("button", name="Save contact details"))
	client_card = page.locator("section[aria-labelledby=h-client]")
	assert "OK to text: Yes" in client_card.inner_text()
	assert "Ola " + surname in client_card.inner_text()
	# it reads as a person would say it (item 7): the language by its name, phones in the
	# national format, each emergency contact with their phone, note times to the minute
	text = client_card.inner_text()
	assert "Español" in text and not re.search(r"\bes\b", text)
	assert "(202) 555-0172" in text and "+1202" not in text
	assert "(202) 555-0171" in text  # Henrik's phone, beside his name
	stamp = page.locator(".notes > li", has_text="First contact").first.inner_text()
	assert re.search(r"\b\d{2}:\d{2}\b", stamp) and not re.search(r"\d{2}:\d{2}:\d{2}", stamp)

	# a referral for one of the provider's own services
	tap(page.locator("#add-referral summary"))
	referral = page.locator("#add-referral form")
	referral.get_by_label("Service provider").select_option(label=PROVIDER)
	services = referral.locator("#ref-service option").all_inner_texts()
	assert services[1:] == ["Rapid rehousing", "Rental assistance", "Eviction prevention"]
	referral.locator("#ref-service").select_option("Rental assistance")
	referral.get_by_label("Reason").fill("Two months behind on rent.")
	submit_and_confirm(page, referral.get_by_role("button", name="Send referral"))
	assert "Rental assistance" in page.locator("#referrals ul.plain li").first.inner_text()
	shot(page, f"day-case-after-{width}")

	# My week: book a visit for this case, then move it
	page.goto("/caseload/week")
	book = page.locator("#book form")
	option = book.locator("#book-case option", has_text=surname)
	book.locator("#book-case").select_option(option.get_attribute("value"))
	book.locator("#book-when").fill(local(1, 9))
	submit_and_confirm(page, book.get_by_role("button", name="Book visit"))
	row = page.locator(".week-visit", has_text=surname)
	assert row.count() == 1 and "09:15" in row.inner_text()
	tap(row.locator("summary"))
	row.locator("input[name=scheduled_time]").fill(local(4, 11))
	submit_and_confirm(page, row.get_by_role("button", name="Save time"))
	row = page.locator(".week-visit", has_text=surname)
	assert "11:15" in row.inner_text() and "7 Lantern Row" in row.inner_text()
	assert row.locator("[data-notice]").get_attribute("data-notice") == "notice_waiting"
	times = page.locator(".week-visit [data-notice]").count()
	assert times >= 1
	shot(page, f"day-my-week-{width}")

	assert desk == [], f"a step went to the desk: {desk}"
