"""The discharge summary of a closing case: gather the case's facts, draft, approve, attach the PDF.

The rules (what a draft says, who may approve, what the client's copy leaves out) are
engine/discharge.py; this module reads and writes. A case has at most one *current* summary
(not yet closed with: `closed_on` empty); once the case closes with it, it stays as it is, and a
reopened case that closes again gets a new one.
"""

import frappe
from frappe import _
from frappe.utils import now_datetime

from case_management.engine import discharge as rules

PRINT_FORMAT = "Discharge Summary"
CLIENT_PRINT_FORMAT = "Discharge Summary (client copy)"


def current_summary(case: str) -> frappe._dict | None:
	"""The case's summary for its coming (or present) closure, or None."""
	rows = frappe.get_all(
		"Discharge Summary",
		filters={"case": case, "closed_on": ("is", "not set")},
		fields=["name", "status", "drafted_by"],
		order_by="creation desc",
		limit=1,
	)
	return rows[0] if rows else None


def gather_facts(case) -> rules.DischargeFacts:
	"""What the case holds, in a few queries."""
	referrals = frappe.get_all(
		"Referral",
		filters={"case": case.name, "status": ("!=", "Draft")},
		fields=["service_provider as provider", "service", "status", "outcome", "decline_reason"],
		order_by="referral_date, creation",
	)
	for r in referrals:
		r.outcome = r.outcome or (f"declined: {r.decline_reason}" if r.decline_reason else "")
	services = frappe.db.sql(
		"""select service, program, sum(quantity) as quantity, max(unit) as unit, count(*) as times,
			min(delivered_on) as first, max(delivered_on) as last
		from `tabService Delivery` where `case` = %s
		group by program, service, unit order by min(delivered_on)""",
		(case.name,),
		as_dict=True,
	)
	settings = frappe.get_cached_doc("Case Management Settings")
	return rules.DischargeFacts(
		closure_reason=case.closure_reason or "",
		closure_notes=case.closure_notes or "",
		goals=tuple(g.as_dict() for g in case.goals),
		services=tuple(services),
		referrals=tuple(referrals),
		risk_history=tuple(r.as_dict() for r in case.risk_history),
		current_risk=case.risk_level or "",
		agency_name=settings.get("agency_name") or "",
		agency_phone=settings.get("agency_phone") or "",
		caseworker_name=frappe.db.get_value("User", case.caseworker, "full_name") if case.caseworker else "",
	)


def draft_for(case) -> str:
	"""The case's current summary, drafted from its facts when there is none yet. The caller
	has checked that the user may change the case."""
	current = current_summary(case.name)
	if current:
		return current.name
	doc = frappe.get_doc(
		{"doctype": "Discharge Summary", "case": case.name, **rules.draft(gather_facts(case))}
	)
	doc.insert()
	return doc.name


def fill_closure_reason(summary, case) -> None:
	"""A summary drafted before the closure reason was chosen gets it at the closing step (the
	case's own words, not the approver's: drafted_by stays)."""
	if not (summary.reason_for_closure or "").strip() and case.closure_reason:
		summary.reason_for_closure = rules.draft_reason(gather_facts(case))
		summary.flags.system_text = True


def problems_message(problems) -> str:
	"""One translatable sentence per problem the engine found."""
	lines = []
	for code, items in problems:
		if code == "missing_sections":
			names = ", ".join(_(rules.HEADINGS[key]) for key in items)
			lines.append(_("Fill in the required sections: {0}.").format(names))
		else:
			lines.append(
				{
					"not_supervisor": _("Only a case supervisor approves a discharge summary."),
					"own_summary": _(
						"You wrote this summary, so you cannot approve it: another supervisor approves it, or the caseworker edits it first."
					),
					"not_draft": _("This discharge summary is already approved."),
				}[code]
			)
	return " ".join(lines)  # plain text: the portal shows it as text, the desk as a message


def approve(summary, case=None) -> None:
	"""Approve `summary` as the current user, or throw why not (nothing saved), then keep its PDF
	on the case as a private file."""
	case = case or frappe.get_doc("Case", summary.case)
	fill_closure_reason(summary, case)
	problems = rules.approval_problems(
		{key: summary.get(key) for key in rules.KEYS},
		summary.status,
		frappe.session.user,
		frappe.get_roles(),
		summary.drafted_by or "",
	)
	if problems:
		frappe.throw(problems_message(problems), title=_("The discharge summary cannot be approved"))
	summary.status = "Approved"
	summary.approved_by = frappe.session.user
	summary.approved_on = now_datetime()
	summary.flags.approving = True
	summary.save()
	attach_pdf(summary)


def attach_pdf(summary) -> None:
	"""The approved summary as a PDF, a private File on the case (and named on the summary)."""
	pdf = frappe.get_print("Discharge Summary", summary.name, print_format=PRINT_FORMAT, as_pdf=True)
	saved = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{summary.name}.pdf",
			"attached_to_doctype": "Case",
			"attached_to_name": summary.case,
			"is_private": 1,
			"content": pdf,
		}
	)
	# The app's own record-keeping: the approver may read the case, and the File follows it.
	saved.insert(ignore_permissions=True)
	summary.db_set("pdf_file", saved.file_url, update_modified=False)


def mark_closed(case) -> None:
	"""The case has closed with its current summary: it stays as it is from now on."""
	current = current_summary(case.name)
	if current:
		frappe.db.set_value("Discharge Summary", current.name, "closed_on", case.closure_date)


def summaries_of(case: str) -> list[dict]:
	"""Every summary of the case, newest first (a reopened case keeps the earlier ones)."""
	return frappe.get_all(
		"Discharge Summary",
		filters={"case": case},
		fields=["name", "status", "drafted_by", "approved_by", "approved_on", "closed_on", "pdf_file"],
		order_by="creation desc",
	)


def discharge_sections(name: str) -> list[dict]:
	"""The staff print format's sections, each {heading, text}; refuses a summary the user may not
	read (exposed to Jinja, hooks.py)."""
	doc = frappe.get_doc("Discharge Summary", name)
	doc.check_permission("read")
	return [{"heading": heading, "text": doc.get(key) or ""} for key, heading, *_ in rules.SECTIONS]
