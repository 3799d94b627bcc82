"""The service plan as a document on a phone (issue 23): the caseworker writes a goal with the
client's own words and who does what, opens the plan document, reads it in Spanish, and shares it
(a PDF in the client's language kept on the case)."""

import random
import string

from conftest import PHONE, submit_and_confirm

CASEWORKER = "caseworker01@demo.example.org"


def test_service_plan_document_on_a_phone(login, shot):
	page = login(CASEWORKER, PHONE)
	page.goto("/caseload")
	page.locator(".case-row a").first.wait_for()
	href = page.locator(".case-row a").first.get_attribute("href")
	page.goto(href)

	tag = "".join(random.choices(string.ascii_lowercase, k=5))
	goal = f"Keep a steady job {tag}"
	words = f"I want to work mornings so I can pick up my kids {tag}"
	page.locator("#add-goal summary").click()
	page.locator("#goal-text").fill(goal)
	page.locator("#goal-measure").fill("Pay stubs for 3 months")
	page.locator("#goal-words").fill(words)
	page.locator("#goal-who").fill("Client and caseworker")
	submit_and_confirm(page, page.locator("#add-goal button[type=submit]"))
	page.goto(href)
	page.get_by_text(goal).wait_for()

	page.locator("[data-plan-link]").click()
	document = page.locator("[data-service-plan]")
	document.wait_for()
	if page.locator("[data-lang='en']").count():  # the client reads Spanish: open it in English first
		page.locator("[data-lang='en']").click()
		document.wait_for()
	for text in ("Service plan", "Goals", "Programs and services", "Referrals", goal, words):
		assert text in document.inner_text(), text
	assert "Client and caseworker" in document.inner_text()
	# nothing runs off a 375 px screen
	assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
	shot(page, "service-plan-phone")

	page.locator("[data-lang='es']").click()
	page.locator("[data-service-plan][lang='es']").wait_for()
	spanish = page.locator("[data-service-plan]").inner_text()
	for text in ("Plan de servicios", "Metas", "Derivaciones", "En mis palabras", "Quién hace qué"):
		assert text in spanish, text
	assert "How progress is measured" not in spanish
	shot(page, "service-plan-spanish-phone")

	submit_and_confirm(
		page, page.get_by_role("button", name="Compartir con el cliente (adjuntar un PDF en su idioma)")
	)
	assert "PDF" in page.locator("#cm-live").inner_text()
