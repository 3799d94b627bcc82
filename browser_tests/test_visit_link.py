"""A client's visit link in a real browser on a 375-px phone: confirm, the Spanish page with the
times offered, and a link that no longer works."""

import json
import os
import subprocess
from urllib.parse import urlsplit

import pytest
from conftest import PHONE


def fresh_link(language: str) -> str:
	"""A new link to a demo visit, made on the served site as the reminder job makes one."""
	bench, site = os.environ.get("CM_BENCH"), os.environ.get("CM_SITE")
	if not (bench and site):
		pytest.fail("CM_BENCH and CM_SITE are not set: run these tests through scripts/browser-tests")
	out = subprocess.run(
		[
			"bench",
			"--site",
			site,
			"execute",
			"case_management.demo.links.visit_link",
			"--kwargs",
			repr({"language": language}),
		],
		cwd=bench,
		capture_output=True,
		text=True,
		check=True,
		timeout=120,
	).stdout
	url = urlsplit(json.loads(out.strip().splitlines()[-1]))
	return f"{url.path}?{url.query}"


def fits(page) -> None:
	width = page.evaluate("document.documentElement.scrollWidth")
	assert width <= PHONE["width"], f"the page scrolls sideways at {PHONE['width']} px ({width})"


def test_confirming_from_the_link_on_a_phone(login, shot):
	link = fresh_link("en")
	page = login(None, PHONE)
	page.goto(link)
	page.get_by_role("heading", name="Your appointment").wait_for()
	fits(page)
	text = page.inner_text("body")
	assert "10:30" in text
	shot(page, "visit-link-phone-en")
	page.get_by_role("button", name="Confirm: I will be there").click()
	page.locator("#answer").wait_for()
	assert "You confirmed this appointment" in page.inner_text("#answer")
	fits(page)
	shot(page, "visit-link-confirmed-phone-en")


def test_spanish_page_with_the_times_offered_and_a_request_for_another(login, shot):
	link = fresh_link("es")
	page = login(None, PHONE)
	page.goto(link)
	page.get_by_role("heading", name="Su cita").wait_for()
	page.get_by_text("Pedir otra hora").click()
	choices = page.locator("#reschedule input[name=chosen_time]")
	assert choices.count() == 2
	fits(page)
	shot(page, "visit-link-reschedule-phone-es")
	choices.nth(1).check()
	page.get_by_role("button", name="Enviar mi solicitud").click()
	page.locator("#answer").wait_for()
	assert "Usted pidió otra hora" in page.inner_text("#answer")
	shot(page, "visit-link-asked-phone-es")


def test_a_link_that_no_longer_works(login, shot):
	link = fresh_link("en")
	page = login(None, PHONE)
	page.goto(link.replace("token=", "token=x"))
	page.get_by_role("heading", name="This link no longer works").wait_for()
	assert "Nothing was changed." in page.inner_text("body")
	fits(page)
	shot(page, "visit-link-not-working-phone")
