"""A guest reads the app in the language their browser asks for (services/language.py)."""

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from case_management.services.language import guest_language


class TestGuestLanguage(FrappeTestCase):
	def setUp(self):
		frappe.db.set_value("Language", "es", "enabled", 1)
		frappe.cache.delete_value("languages")
		self.addCleanup(self.reset)

	def reset(self):
		frappe.set_user("Administrator")
		frappe.local.request = None
		frappe.local.form_dict = frappe._dict()
		frappe.local.lang = "en"

	def request(self, user: str, accept: str, **form) -> str:
		set_request(method="GET", path="/referral-response", headers={"Accept-Language": accept})
		frappe.set_user(user)
		frappe.local.form_dict = frappe._dict(form)
		frappe.local.lang = "en"  # what Frappe set before it knew the visitor (the system's)
		guest_language()
		return frappe.local.lang

	def test_a_guest_gets_the_language_their_browser_asks_for(self):
		self.assertEqual(self.request("Guest", "es;q=0.9,en;q=0.5"), "es")
		# a regional variant Frappe knows is kept; the app's Spanish serves it
		mexican = self.request("Guest", "es-MX,es;q=0.9,en;q=0.5")
		self.assertIn(mexican, ("es-MX", "es"))
		self.assertEqual(frappe._("Referral", lang=mexican), "Derivación")
		self.assertEqual(self.request("Guest", "en-US,en;q=0.9").split("-")[0], "en")

	def test_a_language_asked_in_the_link_wins(self):
		self.assertEqual(self.request("Guest", "es", _lang="en"), "en")

	def test_signed_in_staff_keep_their_own_language(self):
		self.assertEqual(self.request("Administrator", "es"), "en")
