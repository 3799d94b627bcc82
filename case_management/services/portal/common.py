"""What every portal page and call shares: who is staff, the case a call is about,
all-or-nothing writes, bad input, and the pages' no-store headers."""

import json
import os
from contextlib import contextmanager
from urllib.parse import urlencode

import frappe
from frappe import _

STAFF_ROLES = {"Caseworker", "Case Supervisor", "Case Management Admin"}
CASELOAD_LIMIT = 500
VISIT_OUTCOMES = ("Completed", "Missed")
NOTE_TYPES = ("Contact", "Home visit", "Phone call", "Collateral contact", "Supervision")
URGENCIES = ("Routine", "Urgent", "Emergency")
WORKFLOW_STATES = ("Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed")
INCOME_FIELDS = ("source", "amount", "frequency", "counts_toward_household", "notes")
NO_STORE_PATHS = ("/caseload", "/visit", "/my-page", "/api/method/case_management.")
# Pages a client opens from a link with a token in its address: no other site may be told it.
CLIENT_LINK_PATHS = ("/visit", "/my-page")
# A likely duplicate this sure stops registration until the caseworker confirms a new person.
CONFIRM_SCORE = 0.8


def require_staff() -> None:
	"""The portal is for caseworkers, supervisors and admins; everyone else is refused."""
	if frappe.session.user == "Guest" or not (
		frappe.session.user == "Administrator" or STAFF_ROLES.intersection(frappe.get_roles())
	):
		frappe.throw(_("The caseworker portal is for case staff."), frappe.PermissionError)


def case_for(case: str, ptype: str = "read"):
	"""The case, if the user may `ptype` it; otherwise a refusal that names nothing but the id."""
	if not case or not frappe.db.exists("Case", case):
		frappe.throw(
			_("Case {0} was not found.").format(frappe.utils.escape_html(case or "")),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Case", case)
	if not doc.has_permission(ptype):
		frappe.throw(_("You do not have access to case {0}.").format(doc.name), frappe.PermissionError)
	return doc


@contextmanager
def atomic(name: str):
	"""All of the block's writes, or none of them (a savepoint inside the request's transaction)."""
	frappe.db.savepoint(name)
	try:
		yield
	except Exception:
		frappe.db.rollback(save_point=name)
		raise


def field_options(doctype: str, fieldname: str) -> list[str]:
	"""A Select field's options as the site has them (an agency may customise them)."""
	options = frappe.get_meta(doctype).get_field(fieldname).options or ""
	return [o for o in options.split("\n") if o]


def bad_input(message: str) -> None:
	frappe.throw(message, frappe.ValidationError, title=_("Please check this"))


def parse_json(value, what: str):
	if isinstance(value, str):
		try:
			return json.loads(value) if value.strip() else None
		except ValueError:
			bad_input(_("The {0} could not be read.").format(what))
	return value


def page_context(context, path: str) -> None:
	"""What every portal page needs: a signed-in staff user (a guest is sent to log in and
	back), no caching anywhere, a CSRF token for its calls, the language it speaks (<html lang>)."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = "/login?" + urlencode({"redirect-to": path})
		raise frappe.Redirect(302)
	require_staff()
	frappe.sessions.get_csrf_token()
	context.no_cache = 1
	context.no_sitemap = 1
	context.user_name = frappe.utils.get_fullname(frappe.session.user)
	context.lang = frappe.local.lang or "en"  # <html lang>: the language the page is written in
	context.asset_version = asset_version()
	context.lang = frappe.local.lang or "en"  # the user's language; a page may speak another
	context.base_template_path = "templates/caseload_base.html"


def asset_version() -> str:
	"""Changes whenever the portal's scripts or stylesheets do, so browsers may cache them."""
	folder = frappe.get_app_path("case_management", "public", "portal")
	return str(
		max(
			int(os.path.getmtime(os.path.join(folder, f)))
			for f in ("caseload.js", "caseload.css", "notes.js", "partner.css")
		)
	)


def no_store(response=None, request=None) -> None:
	"""after_request: the portal's pages and the app's calls (the portal's, the intake search,
	the duplicate check...) carry personal data; no browser or proxy cache may keep them."""
	path = getattr(request, "path", "") or ""
	if response is not None and path.startswith(NO_STORE_PATHS):
		response.headers["Cache-Control"] = "no-store"
	if response is not None and path.startswith(CLIENT_LINK_PATHS):
		response.headers["Referrer-Policy"] = "no-referrer"
