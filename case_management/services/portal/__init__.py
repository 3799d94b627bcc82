"""The caseworker portal's reads and writes: loads rows in few queries, hands the rules to the
engine and the existing services, and keeps every write all-or-nothing.

Every function here expects its caller (api/portal.py or the www pages) to have checked that
the user is staff; each one checks the record it touches itself.

Split by page: common.py (shared), caseload.py, case_page.py, case_actions.py, notes.py,
visits.py (bookings and the week), client_contact.py, assessment.py, intake.py. Everything is
re-exported here, so callers keep using services.portal.X."""

from case_management.services.portal.assessment import (
	assessment_form,
	default_instrument,
	save_assessment,
	start_assessment,
)
from case_management.services.portal.case_actions import (
	create_referral,
	log_visit,
	move_case,
	save_goal,
	save_household_member,
	set_checklist_item,
	set_no_referral_needed,
)
from case_management.services.portal.case_page import (
	CLIENT_FIELDS,
	case_page,
	plain_text,
	visits_of,
)
from case_management.services.portal.caseload import (
	caseload,
	load_caseload,
)
from case_management.services.portal.client_contact import (
	save_client_contact,
)
from case_management.services.portal.common import (
	CASELOAD_LIMIT,
	CONFIRM_SCORE,
	INCOME_FIELDS,
	NO_STORE_PATHS,
	NOTE_TYPES,
	STAFF_ROLES,
	URGENCIES,
	VISIT_OUTCOMES,
	WORKFLOW_STATES,
	asset_version,
	atomic,
	bad_input,
	case_for,
	field_options,
	no_store,
	page_context,
	parse_json,
	require_staff,
)
from case_management.services.portal.intake import (
	register_client,
)
from case_management.services.portal.notes import (
	add_note,
	edit_note,
	edited_notes,
)
from case_management.services.portal.visits import (
	book_visit,
	my_week,
	offer_times,
)

__all__ = [
	"STAFF_ROLES",
	"CASELOAD_LIMIT",
	"VISIT_OUTCOMES",
	"NOTE_TYPES",
	"URGENCIES",
	"WORKFLOW_STATES",
	"INCOME_FIELDS",
	"NO_STORE_PATHS",
	"CONFIRM_SCORE",
	"require_staff",
	"case_for",
	"atomic",
	"field_options",
	"bad_input",
	"parse_json",
	"page_context",
	"asset_version",
	"no_store",
	"load_caseload",
	"caseload",
	"CLIENT_FIELDS",
	"plain_text",
	"case_page",
	"visits_of",
	"offer_times",
	"add_note",
	"log_visit",
	"save_household_member",
	"create_referral",
	"save_goal",
	"set_checklist_item",
	"set_no_referral_needed",
	"move_case",
	"default_instrument",
	"assessment_form",
	"start_assessment",
	"save_assessment",
	"register_client",
	"edit_note",
	"edited_notes",
	"book_visit",
	"my_week",
	"save_client_contact",
]
