"""A Spanish-speaking caseworker (#22). The demo caseworker's User.language is set to es by the
site's Administrator through the desk's REST API (and put back afterwards); signed in, they read
the caseload, a case page and a refused note in Spanish: the very words translations/es.csv
gives, and not the English. Screenshots at 375 and 1280 px."""

import csv
import os
from pathlib import Path

import pytest
from conftest import PHONE

CASEWORKER = "caseworker01@demo.example.org"
LAPTOP = {"width": 1280, "height": 900}
ES_CSV = Path(__file__).resolve().parents[1] / "case_management" / "translations" / "es.csv"


def spanish(english: str) -> str:
	"""The app's Spanish for `english`, as translations/es.csv has it."""
	with open(ES_CSV, encoding="utf-8", newline="") as f:
		rows = {row[0]: row[1] for row in csv.reader(f) if len(row) >= 2}
	assert rows.get(english) and rows[english] != english, f"no Spanish for {english!r}"
	return rows[english]


@pytest.fixture
def spanish_caseworker(login):
	"""The demo caseworker with User.language = es for the test, then as they were."""
	admin = login("Administrator", LAPTOP, password=os.environ.get("CM_ADMINISTRATOR_PASSWORD", "admin"))
	url = f"/api/resource/User/{CASEWORKER}"
	before = admin.request.get(url).json()["data"].get("language") or ""
	response = admin.request.put(url, data={"language": "es"})
	assert response.ok, response.text()[:300]
	try:
		yield CASEWORKER
	finally:
		response = admin.request.put(url, data={"language": before})
		assert response.ok, response.text()[:300]


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["375", "1280"])
def test_a_spanish_speaking_caseworker_reads_the_portal_in_spanish(spanish_caseworker, login, shot, viewport):
	width = viewport["width"]
	page = login(spanish_caseworker, viewport)  # signed in after the change: the session speaks es

	page.goto("/caseload")
	assert page.locator("html").get_attribute("lang") == "es"
	assert page.get_by_role("heading", name=spanish("My caseload"), level=1).is_visible()
	assert page.get_by_label(spanish("Search by client name or phone")).is_visible()
	assert page.get_by_role("button", name=spanish("Show"), exact=True).is_visible()
	assert page.get_by_text("Search by client name or phone").count() == 0
	row = page.locator(".case-row a").first
	row.wait_for()
	shot(page, f"spanish-caseload-{width}")

	# a case page: its cards and steps in Spanish
	row.click()
	page.wait_for_url("**/caseload/CASE-*")
	for heading in ("Record", "Client", "Household", "Notes"):
		assert page.get_by_role("heading", name=spanish(heading), exact=True).first.is_visible()
	assert page.get_by_text(spanish("Add a note"), exact=True).is_visible()
	assert page.get_by_role("heading", name="Household", exact=True).count() == 0
	shot(page, f"spanish-case-{width}")

	# an error: a note with neither subject nor text is refused, in Spanish, where it was written
	page.locator("#add-note summary").click()
	form = page.locator("#add-note form")
	form.get_by_role("button", name=spanish("Save note")).click()
	alert = form.locator(".form-alert")
	alert.wait_for(state="visible")
	assert alert.inner_text().strip() == spanish("A note needs a subject and some text.")
	alert.scroll_into_view_if_needed()
	shot(page, f"spanish-error-{width}", full_page=False)
