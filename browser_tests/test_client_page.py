"""The client's own page in a real browser on a 375-px phone: in English (confirm a visit, write
to the caseworker) and in Spanish; the caseworker revokes it from the case page, and offers
other times for a visit and revokes that visit's link there."""

import json
import os
import subprocess
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import pytest
from conftest import LAPTOP, PHONE, submit_and_confirm


def fresh_page(language: str) -> dict:
	"""A new page link for a demo client, made on the served site (demo/links.py page_link)."""
	bench, site = os.environ.get("CM_BENCH"), os.environ.get("CM_SITE")
	if not (bench and site):
		pytest.fail("CM_BENCH and CM_SITE are not set: run these tests through scripts/browser-tests")
	out = subprocess.run(
		[
			"bench",
			"--site",
			site,
			"execute",
			"case_management.demo.links.page_link",
			"--kwargs",
			repr({"language": language}),
		],
		cwd=bench,
		capture_output=True,
		text=True,
		check=True,
		timeout=120,
	).stdout
	info = json.loads(out.strip().splitlines()[-1])
	url = urlsplit(info["link"])
	info["path"] = f"{url.path}?{url.query}"
	return info


def fits(page) -> None:
	width = page.evaluate("document.documentElement.scrollWidth")
	assert width <= PHONE["width"], f"the page scrolls sideways at {PHONE['width']} px ({width})"


def test_own_page_in_english_confirm_and_write(login, shot):
	info = fresh_page("en")
	page = login(None, PHONE)
	page.goto(info["path"])
	page.get_by_role("heading", name="Your page").wait_for()
	for heading in ("Your appointments", "Your plan", "Write to your caseworker"):
		page.get_by_role("heading", name=heading).wait_for()
	fits(page)
	text = page.inner_text("body")
	assert "10:30" in text
	assert info["case"] not in text
	shot(page, "client-page-phone-en")
	page.get_by_role("button", name="Confirm: I will be there").first.click()
	page.get_by_text("You confirmed this appointment").first.wait_for()
	page.get_by_label("Your message").fill("Can we meet after school pickup on Thursday?")
	page.get_by_role("button", name="Send", exact=True).click()
	page.locator("#message-sent").wait_for()
	assert "Your caseworker will read it" in page.inner_text("#message-sent")
	assert page.get_by_label("Your message").input_value() == ""
	fits(page)
	shot(page, "client-page-message-sent-phone-en")


def test_own_page_in_spanish(login, shot):
	info = fresh_page("es")
	page = login(None, PHONE)
	page.goto(info["path"])
	page.get_by_role("heading", name="Su página").wait_for()
	for heading in ("Sus citas", "Su plan", "Escribir a su trabajador(a) social"):
		page.get_by_role("heading", name=heading).wait_for()
	assert page.evaluate("document.documentElement.lang") == "es"
	page.get_by_text("Pedir otra hora").first.click()
	fits(page)
	shot(page, "client-page-phone-es")
	page.get_by_role("button", name="Enviar", exact=True).click()  # an empty message
	page.locator("#message-error").get_by_text("Escriba su mensaje.").wait_for()


def test_caseworker_offers_times_revokes_the_visit_link_and_the_page(login, shot):
	info = fresh_page("en")
	page = login(info["caseworker"], LAPTOP)
	page.goto(f"/caseload/{info['case']}")
	# the "offer other times" form (issue #21): two times offered, shown back after the reload
	page.get_by_text("Offer the client other times", exact=True).click()
	first = (datetime.now() + timedelta(days=20)).strftime("%Y-%m-%dT09:15")
	second = (datetime.now() + timedelta(days=21)).strftime("%Y-%m-%dT14:00")
	page.locator("#offer-1").fill(first)
	page.locator("#offer-2").fill(second)
	page.locator("#offer-3").fill("")
	submit_and_confirm(page, page.get_by_role("button", name="Offer these times"))
	page.wait_for_load_state()
	page.get_by_text("Offer the client other times", exact=True).click()
	assert page.locator("#offer-1").input_value() == first
	assert page.locator("#offer-2").input_value() == second
	shot(page, "case-offer-times-laptop")
	page.on("dialog", lambda dialog: dialog.accept())
	revoke_visit = page.locator("[data-revoke-visit-link]")
	assert revoke_visit.count() >= 1
	before = revoke_visit.count()
	submit_and_confirm(page, revoke_visit.first)
	page.wait_for_function(
		f"() => document.querySelectorAll('[data-revoke-visit-link]').length === {before - 1}"
	)
	page.get_by_text("The client's own page", exact=True).click()
	page.locator("[data-page-link-live]").wait_for()
	shot(page, "case-client-page-link-laptop")
	submit_and_confirm(page, page.locator("#revoke-page-link"))
	page.wait_for_load_state()
	page.get_by_text("The client's own page", exact=True).click()
	page.locator("[data-page-link-dead]").wait_for()
	client = login(None, PHONE)
	response = client.goto(info["path"])
	assert response.status == 410
	client.get_by_role("heading", name="This link no longer works").wait_for()
	fits(client)
	shot(client, "client-page-revoked-phone")
