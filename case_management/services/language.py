"""The language of a visitor who is not signed in: a partner opening the emailed referral link,
anyone on the login page.

Frappe reads the request's language (`?_lang=`, then for guests the `preferred_language`
cookie and the browser's Accept-Language, else the system's) before it has resumed the session;
with no session yet it takes every visitor for a signed-in user and gives guests the system
language, whatever their browser asks for. This before_request hook asks again once the session
is known, for guests only. Signed-in staff keep the language of their User record; the client
link pages (/visit, /my-page) speak the client's language from the Client record.
"""

import frappe
from frappe.translate import get_language


def guest_language() -> None:
	"""before_request: a guest reads the app in the language their browser asks for."""
	if frappe.session.user != "Guest" or frappe.form_dict.get("_lang"):
		return
	frappe.local.lang = get_language()
