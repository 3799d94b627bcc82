"""The service plan as a document: the case's goals, services and referrals, read in a few
queries and permission-checked, rendered by the print format "Service Plan" and the portal's
plan page (/caseload/<case>/plan), in the client's language when asked.

What the document says is engine/service_plan.py; this module reads and renders. Exposed to
Jinja (hooks.py `jinja`) as `service_plan(case)`: it refuses a case the current user may not
read, like the case itself, so a print of someone else's case shows nothing of it.
"""

import frappe
from frappe.utils import today

from case_management.engine import service_plan as rules
from case_management.services.visit_links import in_language, page_language

PRINT_FORMAT = "Service Plan"


def gather_facts(case) -> rules.PlanFacts:
	"""What the plan shows of `case` (a Case the caller may read), in four queries."""
	enrolments = frappe.get_all(
		"Program Enrolment",
		filters={"case": case.name},
		fields=["name", "program", "status", "entry_date", "exit_date"],
		order_by="referral_date, creation",
	)
	deliveries = frappe.db.sql(
		"""select enrolment, program, service, sum(quantity) as quantity, max(unit) as unit,
			count(*) as times, min(delivered_on) as first, max(delivered_on) as last
		from `tabService Delivery` where `case` = %s
		group by enrolment, program, service, unit order by min(delivered_on)""",
		(case.name,),
		as_dict=True,
	)
	referrals = frappe.get_all(
		"Referral",
		filters={"case": case.name},
		fields=["service_provider as provider", "service", "status", "outcome"],
		order_by="referral_date, creation",
	)
	names = frappe.get_all(
		"Service Provider",
		filters={"name": ("in", [r.provider for r in referrals] or [""])},
		fields=["name", "provider_name"],
	)
	provider_names = {p.name: p.provider_name for p in names}
	for r in referrals:
		r.provider = provider_names.get(r.provider) or r.provider
	return rules.PlanFacts(
		goals=tuple(g.as_dict() for g in case.goals),
		enrolments=tuple(enrolments),
		deliveries=tuple(deliveries),
		referrals=tuple(referrals),
	)


def client_language(case) -> str:
	"""'es' or 'en': the language the client's documents are written in."""
	return page_language(frappe.db.get_value("Client", case.client, "language") if case.client else None)


def service_plan(case: str) -> dict:
	"""The plan document's header and sections; refuses a case the user may not read."""
	doc = frappe.get_doc("Case", case)
	doc.check_permission("read")
	return {
		"case": doc.name,
		"client_name": doc.client_name or "",
		"caseworker_name": frappe.db.get_value("User", doc.caseworker, "full_name") if doc.caseworker else "",
		"agency": frappe.db.get_single_value("Case Management Settings", "agency_name") or "",
		"date": today(),
		"lang": frappe.local.lang,
		"sections": rules.build(gather_facts(doc)),
	}


def pdf(case: str, lang: str) -> bytes:
	"""The plan as a PDF in `lang` ('en' or 'es'); the print format checks the user may read it."""
	with in_language(page_language(lang)):
		return frappe.get_print("Case", case, print_format=PRINT_FORMAT, as_pdf=True)


def share(case) -> dict:
	"""Keep the plan, as a PDF in the client's language, as a private File on the case (the
	caller has checked that the user may change the case)."""
	lang = client_language(case)
	content = pdf(case.name, lang)
	saved = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{case.name}-service-plan-{today()}-{lang}.pdf",
			"attached_to_doctype": "Case",
			"attached_to_name": case.name,
			"is_private": 1,
			"content": content,
		}
	)
	saved.insert()
	return {"file_url": saved.file_url, "file_name": saved.file_name, "lang": lang}
