"""The caseload page (/caseload): the user's cases, filtered, most urgent first."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from case_management.engine import caseload as rules
from case_management.engine.scoring import RISK_LEVELS
from case_management.permissions import case_query
from case_management.services.portal.common import (
	CASELOAD_LIMIT,
	WORKFLOW_STATES,
	bad_input,
)


def load_caseload(user: str) -> list[dict]:
	"""The cases the user may see (a caseworker: their own and those shared with them), with
	the client's phone and the earliest open visit, in one query."""
	scope = case_query(user)
	where = scope if scope else "1 = 1"
	return frappe.db.sql(  # the condition is permissions.case_query's own; values are parameters
		f"""select `tabCase`.name, `tabCase`.client, `tabCase`.client_name, `tabClient`.phone,
			`tabCase`.workflow_state, `tabCase`.risk_level, `tabCase`.vulnerability_score,
			`tabCase`.next_reassessment_date,
			(select min(v.due_date) from `tabFollow-up Visit` v
				where v.`case` = `tabCase`.name and v.status = 'Scheduled') as next_visit
		from `tabCase` left join `tabClient` on `tabClient`.name = `tabCase`.client
		where {where}
		order by `tabCase`.modified desc
		limit %(limit)s""",
		{"limit": CASELOAD_LIMIT},
		as_dict=True,
	)


def caseload(
	user: str, state: str | None = None, risk: str | None = None, overdue: bool = False, q: str | None = None
) -> dict:
	if state and state not in WORKFLOW_STATES:
		bad_input(_("{0} is not a case state.").format(frappe.utils.escape_html(state)))
	if risk and risk != "none" and risk not in RISK_LEVELS:
		bad_input(_("{0} is not a risk level.").format(frappe.utils.escape_html(risk)))
	on = getdate(today())
	rows = load_caseload(user)
	view = rules.caseload_view(rows, on, state or None, risk or None, bool(overdue), q)
	for row in view:
		row["phone"] = None  # the search used it; the list does not show it
	return {"cases": view, "counts": rules.counts(rows, on), "total": len(rows), "today": on}
