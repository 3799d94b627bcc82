"""A client's visit link (and page link, and a partner's referral link) on the demo site, made as
the app makes one, for the browser tests (`bench --site SITE execute case_management.demo.links.visit_link --kwargs
"{'language': 'es'}"`; bench execute commits). Demo visits only: never a real client's."""

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, get_datetime, get_url, now_datetime, today

from case_management.engine.referrals import new_token
from case_management.services.visit_links import issue_link


def visit_link(language: str = "en") -> str:
	"""A fresh link to the next scheduled visit of a demo client who speaks `language`, with a
	time booked and two other times offered; any earlier answer is cleared."""
	name = frappe.db.sql(
		"""select v.name from `tabFollow-up Visit` v join tabCase c on c.name = v.`case`
		join tabClient cl on cl.name = c.client
		where v.name like 'VIS-DEMO-%%' and v.status = 'Scheduled' and v.due_date > %s
		and cl.language = %s order by v.name limit 1""",
		(today(), language),
	)
	if not name:
		frappe.throw(_("No demo client speaking {0} has a visit to come.").format(language))
	doc = frappe.get_doc("Follow-up Visit", name[0][0])
	when = get_datetime(f"{add_days(doc.due_date, 0)} 10:30:00")
	doc.db_set(
		{
			"scheduled_time": when,
			"client_language": language,
			"client_response": None,
			"client_response_at": None,
			"client_chosen_time": None,
			"client_preferred_time": None,
			"offered_time_1": add_to_date(when, days=1, hours=4),
			"offered_time_2": add_to_date(when, days=2),
			"offered_time_3": None,
		},
		update_modified=False,
	)
	return issue_link(doc)


def page_link(language: str = "en") -> dict:
	"""A fresh link to the own page of a demo client who speaks `language` and has a visit to
	come (the visit gets a time, two offered times and its own link, as visit_link makes them),
	with the case and its caseworker for the test that revokes it."""
	from case_management.services.client_page import issue_page_link

	visit_link(language)
	case = frappe.db.sql(
		"""select c.name from `tabFollow-up Visit` v join tabCase c on c.name = v.`case`
		join tabClient cl on cl.name = c.client
		where v.name like 'VIS-DEMO-%%' and v.status = 'Scheduled' and v.due_date > %s
		and cl.language = %s and c.workflow_state != 'Closed' order by v.name limit 1""",
		(today(), language),
	)
	if not case:
		frappe.throw(_("No open demo case of a client speaking {0} has a visit to come.").format(language))
	doc = frappe.get_doc("Case", case[0][0])
	return {"link": issue_page_link(doc, "SMS")[0], "case": doc.name, "caseworker": doc.caseworker}


def referral_link() -> str:
	"""A fresh emailed link to a demo referral that waits for the partner's answer (Sent), made as
	services.referrals.send_to_partner makes one, without sending the email. Demo referrals only."""
	name = frappe.db.get_value(
		"Referral", {"name": ("like", "REF-DEMO-%"), "status": "Sent"}, "name", order_by="name asc"
	)
	if not name:
		frappe.throw(_("No demo referral is waiting for a partner's answer."))
	token, token_hash = new_token()
	frappe.db.set_value(
		"Referral",
		name,
		{"partner_token_hash": token_hash, "partner_link_expires": add_days(now_datetime(), 1)},
		update_modified=False,
	)
	return get_url(f"/referral-response?referral={name}&token={token}")
