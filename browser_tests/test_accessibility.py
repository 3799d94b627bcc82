"""Every page a person opens outside the desk, checked by axe-core (WCAG 2.1 A and AA, no rule
left out) in English and in Spanish: the caseworker portal (caseload, a case, intake, the week,
the service plan), the partner pages (the portal page and the emailed link's page) and the
client link pages (a visit, the client's own page, a dead link). Each page is checked as it
opens and again with every folded form open (and on the case page and intake, with an error
shown and search results listed), and its <html lang> must be the reader's language. Errors
must reach screen readers: each form's error lands in a live region."""

import pytest
from conftest import LAPTOP, PHONE, assert_no_axe_violations, demo_link

CASEWORKER = "caseworker01@demo.example.org"
PARTNER = "partner@demo.example.org"
LIVE = "[aria-live], [role=alert], [role=status], [role=log]"


def open_everything(page) -> None:
	"""Unfold what a reader can unfold: every <details>, every workflow step's confirmation."""
	page.evaluate(
		"""() => {
			document.querySelectorAll("details").forEach((d) => (d.open = true));
			document.querySelectorAll("[data-step-toggle]").forEach((button) => {
				const panel = document.getElementById(button.getAttribute("aria-controls"));
				if (panel) panel.hidden = false;
				button.setAttribute("aria-expanded", "true");
			});
		}"""
	)


def check(page, where: str, language: str) -> None:
	# "es" or a regional "es-MX" (a guest's browser may ask for one)
	assert page.evaluate("document.documentElement.lang").split("-")[0] == language, f"<html lang> on {where}"
	assert_no_axe_violations(page, f"{where} ({language})")
	open_everything(page)
	assert_no_axe_violations(page, f"{where} with its forms open ({language})")


def first_case(page) -> tuple[str, str]:
	"""(case id, client name) of the most urgent case on the caseload."""
	page.goto("/caseload")
	row = page.locator(".case-row a").first
	row.wait_for()
	return row.get_attribute("href").rsplit("/", 1)[1], row.locator(".name").inner_text()


def caseworker_pages(page, language: str, shot) -> None:
	case, client = first_case(page)
	for path, where in (
		("/caseload", "the caseload"),
		(f"/caseload/{case}", "a case page"),
		("/caseload/intake", "intake"),
		("/caseload/week", "the week"),
		(f"/caseload/{case}/plan?lang={language}", "the service plan page"),
	):
		page.goto(path)
		page.wait_for_load_state("load")
		check(page, where, language)

	# the case page with an error shown in a form (an empty note)
	page.goto(f"/caseload/{case}")
	page.locator("#add-note summary").click()
	page.locator("#add-note button[type=submit]").click()
	page.locator("#add-note .form-alert:not([hidden])").wait_for()
	assert_no_axe_violations(page, f"a case page showing a form's error ({language})")
	shot(page, f"a11y-case-error-{language}", full_page=False)

	# intake with the search's results listed (each with its buttons and reason fields)
	page.goto("/caseload/intake")
	page.locator("#in-first").fill(client.split()[0])
	page.locator("#in-last").fill(client.split()[-1])
	page.locator("#intake-search button[type=submit]").click()
	page.locator("#intake-results p").first.wait_for()
	open_everything(page)
	assert_no_axe_violations(page, f"intake with search results ({language})")
	shot(page, f"a11y-intake-results-{language}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_caseworker_portal_has_no_wcag_violations(login, as_language, shot, language):
	if language == "en":
		caseworker_pages(login(CASEWORKER, LAPTOP), language, shot)
		return
	with as_language(CASEWORKER, "es"):
		page = login(CASEWORKER, LAPTOP)
		caseworker_pages(page, language, shot)
		assert "Mis casos" in page.inner_text("header")


@pytest.mark.parametrize("language", ["en", "es"])
def test_partner_pages_have_no_wcag_violations(login, as_language, shot, language):
	def portal_page():
		page = login(PARTNER, LAPTOP)
		page.goto("/partner-referrals")
		page.locator("section[data-referral]").first.wait_for()
		shot(page, f"a11y-partner-referrals-{language}")
		check(page, "the partner portal page", language)

	if language == "en":
		portal_page()
	else:
		with as_language(PARTNER, "es"):
			portal_page()

	# the emailed link's page: no login; the language is the one the partner's browser asks for
	# (services/language.py: Frappe alone gave a guest the system's)
	page = login(None, PHONE, locale={"en": "en-US", "es": "es-MX"}[language])
	page.goto(demo_link("referral_link"))
	page.locator("#respond").wait_for()
	shot(page, f"a11y-referral-response-{language}")
	check(page, "the emailed referral link's page", language)
	if language == "es":
		assert "Derivación" in page.inner_text("body")
	page.goto("/referral-response?referral=REF-none&token=wrong")
	check(page, "a referral link that is not valid", language)


@pytest.mark.parametrize("language", ["en", "es"])
def test_login_page_has_no_wcag_violations(login, shot, language):
	"""Frappe's own /login, which every member of staff and every partner opens first; in the
	language the visitor's browser asks for."""
	page = login(None, PHONE, locale={"en": "en-US", "es": "es-MX"}[language])
	page.goto("/login")
	page.wait_for_load_state("load")
	page.locator("#login_email").wait_for()
	check(page, "the login page", language)
	if language == "es":
		assert "Iniciar sesión" in page.inner_text("body")
	page.locator("#login_email").focus()
	assert_no_axe_violations(page, f"the login page with a field focused ({language})")
	shot(page, f"a11y-login-{language}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_client_link_pages_have_no_wcag_violations(login, shot, language):
	own = demo_link("page_link", language=language)  # first: it makes a new visit link too
	visit = demo_link("visit_link", language=language)
	page = login(None, PHONE)
	for path, where in ((own["path"], "the client's own page"), (visit, "a visit link's page")):
		page.goto(path)
		page.wait_for_load_state("load")
		check(page, where, language)
	shot(page, f"a11y-visit-link-{language}")
	page.goto(visit.replace("token=", "token=x"))
	assert_no_axe_violations(page, f"a visit link that no longer works ({language})")


def in_live_region(locator) -> bool:
	return locator.evaluate(f"(el) => !!el.closest({LIVE!r})")


def test_errors_are_announced_in_a_live_region(login):
	# the portal: a note with no subject
	page = login(CASEWORKER, PHONE)
	page.goto(f"/caseload/{first_case(page)[0]}")
	page.locator("#add-note summary").click()
	page.locator("#add-note button[type=submit]").click()
	error = page.locator("#add-note .form-alert:not([hidden])")
	error.wait_for()
	assert "subject" in error.inner_text()
	assert in_live_region(error)

	# the client's own page: an empty message
	client = login(None, PHONE)
	client.goto(demo_link("page_link", language="en")["path"])
	client.get_by_role("button", name="Send", exact=True).click()
	error = client.locator("#message-error")
	error.get_by_text("Please write your message.").wait_for()
	assert in_live_region(error)

	# a visit link: asking for another time without saying when
	client.goto(demo_link("visit_link", language="en"))
	client.get_by_text("Ask for another time").click()
	client.get_by_role("button", name="Send my request").click()
	error = client.locator("#message")
	client.wait_for_function("() => document.querySelector('#message').textContent.trim()")
	assert in_live_region(error)

	# the partner portal page: declining without a reason (nothing is saved)
	partner = login(PARTNER, PHONE)
	partner.goto("/partner-referrals")
	card = partner.locator("section[data-referral]", has=partner.locator("button[data-action=decline]")).first
	card.get_by_role("button", name="Decline").click()
	error = card.get_by_role("alert")
	error.get_by_text("Give the reason the referral was declined.").wait_for()
	assert in_live_region(error)

	# the emailed referral link: declining without a reason
	partner = login(None, PHONE)
	partner.goto(demo_link("referral_link"))
	partner.get_by_role("button", name="Decline").click()
	partner.wait_for_function("() => document.querySelector('#message').textContent.trim()")
	assert in_live_region(partner.locator("#message"))
