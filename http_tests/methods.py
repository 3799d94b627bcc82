"""The app's whitelisted methods, found in the source, and how to call each one validly.

`discover()` reads every module of case_management (not its tests) and lists the functions
decorated with `@frappe.whitelist(...)`, as Frappe would name them. `REGISTRY` gives, for
each, the user who may call it and valid base arguments (built from the `world` fixture);
the corpus then spoils one argument at a time. A method without an entry fails
`test_every_method_has_a_registry_entry`: add one when you add a method.
"""

import ast
from datetime import datetime, timedelta
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "case_management"


def is_whitelist(decorator: ast.expr) -> bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	return isinstance(target, ast.Attribute) and target.attr == "whitelist"


def get_only() -> set[str]:
	"""Methods whitelisted for GET alone: the corpus sends them as query strings."""
	found = set()
	for path in APP.rglob("*.py"):
		if path.name.startswith("test_") or "tests" in path.parts:
			continue
		module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
		for node in ast.parse(path.read_text(encoding="utf-8")).body:
			if not isinstance(node, ast.FunctionDef):
				continue
			for decorator in node.decorator_list:
				if is_whitelist(decorator) and isinstance(decorator, ast.Call):
					for keyword in decorator.keywords:
						if keyword.arg == "methods" and ast.literal_eval(keyword.value) == ["GET"]:
							found.add(f"{module}.{node.name}")
	return found


def discover() -> set[str]:
	found = set()
	for path in APP.rglob("*.py"):
		if path.name.startswith("test_") or "tests" in path.parts or "patches" in path.parts:
			continue
		module = ".".join(path.relative_to(APP.parent).with_suffix("").parts)
		tree = ast.parse(path.read_text(encoding="utf-8"))
		for node in tree.body:
			if isinstance(node, ast.FunctionDef) and any(map(is_whitelist, node.decorator_list)):
				found.add(f"{module}.{node.name}")
			if isinstance(node, ast.ClassDef):
				for item in node.body:
					if isinstance(item, ast.FunctionDef) and any(map(is_whitelist, item.decorator_list)):
						found.add(f"{module}.{node.name}.{item.name}")
	return found


# method -> (user, base arguments, free-text arguments, search?)
# Free-text arguments (a note, a reason) legitimately hold any printable text: they get only
# the malformed variants (wrong type, control characters, unpaired surrogates, too long).
# Searches may answer a strange string with an empty result instead of an error.
# A time to book a visit at: to come, within the year the booking rule allows.
SOON = (datetime.now() + timedelta(days=30)).strftime("%Y-%m-%d 10:30")


def registry(w) -> dict:
	return {
		"case_management.api.intake.find_clients": (
			"caseworker",
			{"name": "Nobody Matches", "date_of_birth": "1901-02-03", "phone": "+12025550199"},
			(),
			True,
		),
		"case_management.api.intake.start_case": ("caseworker", {"client": w.client}, (), False),
		"case_management.api.setup.setup_warnings": ("caseworker", {}, (), False),
		"case_management.api.visits.get_events": (
			"caseworker",
			{"start": "2026-01-01", "end": "2026-02-01"},
			(),
			True,
		),
		# Frappe's methods as the app replaces them (permissions/channels.py): searches and counts
		"case_management.permissions.replacements.search_link": (
			"caseworker",
			{"doctype": "Client", "txt": "Nobody Matches"},
			("txt",),
			True,
		),
		"case_management.permissions.replacements.search_widget": (
			"caseworker",
			{"doctype": "Client", "txt": "Nobody Matches"},
			("txt",),
			True,
		),
		"case_management.permissions.replacements.get_count": (
			"caseworker",
			{"doctype": "Client", "filters": '{"first_name": "Nobody Matches"}'},
			(),
			True,
		),
		"case_management.permissions.replacements.get_group_by_count": (
			"caseworker",
			{
				"doctype": "Client",
				"current_filters": '{"first_name": "Nobody Matches"}',
				"field": "assigned_to",
			},
			(),
			True,
		),
		"case_management.permissions.replacements.global_search_results": (
			"caseworker",
			{"text": "Nobody Matches"},
			("text",),
			True,
		),
		"case_management.api.household.get_household": ("caseworker", {"client": w.client}, (), True),
		"case_management.api.assessment.override_risk_level": (
			"supervisor",
			{"case": w.case, "risk_level": "High", "reason": "corpus"},
			("reason",),
			False,
		),
		"case_management.api.safety.send_safety_alert": (
			"caseworker",
			{"case": w.case, "note": "corpus"},
			("note",),
			False,
		),
		"case_management.api.duplicates.likely_duplicates": (
			"caseworker",
			{"first_name": "Nobody", "last_name": "Matches", "date_of_birth": "1901-02-03"},
			(),
			True,
		),
		"case_management.api.duplicates.compare_pair": ("supervisor", {"candidate": w.candidate}, (), True),
		"case_management.api.duplicates.mark_not_duplicate": (
			"supervisor",
			{"candidate": w.candidate},
			(),
			False,
		),
		"case_management.api.duplicates.merge_clients": (
			"supervisor",
			{"candidate": w.candidate, "survivor": "CL-NOPE-0000"},
			(),
			False,
		),
		"case_management.api.duplicates.undo_merge": ("supervisor", {"merge_log": "CML-NOPE"}, (), False),
		"case_management.api.duplicates.run_duplicate_check": ("caseworker", {}, (), False),
		"case_management.api.identity.reveal_id_number": ("admin", {"client": w.client}, (), False),
		"case_management.api.partner.partner_action": (
			"partner",
			{"referral": w.referral, "action": "Accept"},
			(),
			False,
		),
		# The SMS gateway's webhook: unsigned here, so every variant is refused (403) and nothing
		# is stored; signed bodies, sizes and replays: api/test_inbound.py.
		"case_management.api.inbound.receive": (
			None,
			{"message_id": "corpus-1", "from": "+12025550100", "text": "hello"},
			("text",),
			False,
		),
		"case_management.api.partner.respond": (
			None,
			{"referral": w.referral, "token": "not-the-token", "action": "Accept"},
			(),
			False,
		),
		# A client's visit link: a guest with a wrong token is refused (403) and nothing changes;
		# the written time is free text. Valid links: api/test_visit_links.py.
		"case_management.api.visit_links.respond": (
			None,
			{"visit": w.visit, "token": "not-the-token", "action": "confirm", "preferred_time": "corpus"},
			("preferred_time",),
			False,
		),
		# The client's own page (#21): guests with a wrong token are refused (403) and nothing is
		# kept; the message is free text. Valid links: api/test_client_page.py.
		"case_management.api.client_page.respond": (
			None,
			{"token": "not-the-token", "visit": w.visit, "action": "confirm", "preferred_time": "corpus"},
			("preferred_time",),
			False,
		),
		"case_management.api.client_page.send_message": (
			None,
			{"token": "not-the-token", "message": "corpus"},
			("message",),
			False,
		),
		# The caseworker sends (by email, so no text goes out) and revokes the page's link.
		"case_management.api.client_page.send_link": (
			"caseworker",
			{"case": w.case, "channel": "Email"},
			(),
			False,
		),
		"case_management.api.client_page.revoke_link": ("caseworker", {"case": w.case}, (), False),
		"case_management.api.client_page.revoke_visit_link": (
			"caseworker",
			{"case": w.case, "visit": w.visit},
			(),
			False,
		),
		"case_management.api.caseload.reassign_cases": (
			"supervisor",
			{"from_user": w.caseworker, "to_user": w.other_caseworker, "cases": [w.case]},
			(),
			False,
		),
		# The caseworker portal (api/portal.py). Notes, reasons and visit notes are free text.
		"case_management.api.portal.get_caseload": (
			"caseworker",
			{"state": "Active", "risk": "High", "overdue": False, "q": "Nobody Matches"},
			(),
			True,
		),
		"case_management.api.portal.get_case": ("caseworker", {"case": w.case}, (), False),
		"case_management.api.portal.add_note": (
			"caseworker",
			{"case": w.case, "subject": "corpus", "note": "corpus"},
			("subject", "note"),
			False,
		),
		"case_management.api.portal.log_visit": (
			"caseworker",
			{"case": w.case, "outcome": "Completed", "notes": "corpus", "present": "corpus"},
			("notes", "present"),
			False,
		),
		"case_management.api.portal.save_household_member": (
			"caseworker",
			{
				"case": w.case,
				"first_name": "Corpus",
				"last_name": "Probe",
				"relationship": "Child",
				"date_of_birth": "2015-01-01",
				"income": [],
			},
			("first_name", "last_name"),
			False,
		),
		"case_management.api.portal.create_referral": (
			"caseworker",
			{"case": w.case, "service_provider": w.provider, "reason": "corpus", "urgency": "Routine"},
			("reason",),
			False,
		),
		"case_management.api.portal.start_assessment": ("caseworker", {"case": w.case}, (), False),
		"case_management.api.portal.save_assessment": (
			"caseworker",
			{"assessment": "VA-NOPE-0000", "answers": {}, "submit": True},
			(),
			False,
		),
		"case_management.api.portal.set_checklist_item": (
			"caseworker",
			{"case": w.case, "item": "nope", "completed": True},
			(),
			False,
		),
		"case_management.api.portal.save_goal": (
			"caseworker",
			{
				"case": w.case,
				"goal": "corpus",
				"measure": "corpus",
				"target_date": "2027-01-31",
				"status": "In Progress",
				"progress_notes": "corpus",
				"in_my_words": "corpus",
				"responsible": "corpus",
			},
			("goal", "measure", "progress_notes", "in_my_words", "responsible"),
			False,
		),
		"case_management.api.portal.set_no_referral_needed": (
			"caseworker",
			{"case": w.case, "no_referral_needed": True, "reason": "corpus"},
			("reason",),
			False,
		),
		"case_management.api.portal.move_case": (
			"caseworker",
			{"case": w.case, "action": "Close", "closure_reason": "corpus"},
			(),
			False,
		),
		# The discharge summary (api/discharge.py): drafted on the world's open case; editing and
		# approving a summary that does not exist must be refused cleanly, whatever the input.
		"case_management.api.discharge.draft": ("caseworker", {"case": w.case}, (), False),
		"case_management.api.discharge.summaries": ("caseworker", {"case": w.case}, (), False),
		"case_management.api.discharge.save": (
			"caseworker",
			{"summary": "DS-NOPE-0000", "sections": {"follow_up_plan": "corpus"}},
			(),
			False,
		),
		"case_management.api.discharge.approve": ("supervisor", {"summary": "DS-NOPE-0000"}, (), False),
		# The service plan shared with the client (api/service_plan.py): a PDF kept on the world's case.
		"case_management.api.service_plan.share": ("caseworker", {"case": w.case}, (), False),
		# Writing a note (api/notes.py): a template's sections, and the objectivity hints.
		"case_management.api.notes.note_draft": (
			"caseworker",
			{"case": w.case, "template": "DAP"},
			(),
			False,
		),
		"case_management.api.notes.note_hints": (
			"caseworker",
			{"case": w.case, "text": "Client missed appointment."},
			("text",),
			False,
		),
		"case_management.api.portal.edit_note": (
			"caseworker",
			{"note": "NOTE-NOPE-0000", "subject": "corpus", "text": "corpus", "note_type": "Contact"},
			("subject", "text"),
			False,
		),
		"case_management.api.portal.book_visit": (
			"caseworker",
			{"case": w.case, "scheduled_time": SOON, "mode": "Phone"},
			(),
			False,
		),
		"case_management.api.portal.offer_times": (
			"caseworker",
			{"case": w.case, "visit": w.visit, "time_1": SOON},
			(),
			False,
		),
		"case_management.api.portal.save_client_contact": (
			"caseworker",
			{
				"case": w.case,
				"address_line1": "corpus",
				"city": "corpus",
				"phone": "+12025550123",
				"ok_to_sms": True,
				"language": "en",
				"emergency_contacts": [{"full_name": "Corpus Probe", "phone": "+12025550124"}],
			},
			("address_line1", "city"),
			False,
		),
		"case_management.api.portal.register_client": (
			"caseworker",
			{
				"first_name": "Corpusina",
				"last_name": "Probewell",
				"date_of_birth": "1990-01-01",
				"phone": "+12025550123",
				"confirmed_new": True,
				"address_line1": "corpus",
				"language": "en",
				"emergency_contact_name": "Corpus Probe",
				"emergency_contact_relationship": "Relative",
			},
			("first_name", "last_name", "address_line1", "emergency_contact_name"),
			False,
		),
		# Programs (api/programs.py): a caseworker's case and its closed enrolment in a demo program (so
		# that no action is open on it: every variant is refused), and that program's manager.
		"case_management.api.programs.get_case_programs": (
			"program_caseworker",
			{"case": w.program_case},
			(),
			False,
		),
		"case_management.api.programs.refer": (
			"program_caseworker",
			{"case": w.program_case, "program": w.program, "override_reason": "corpus"},
			("override_reason",),
			False,
		),
		"case_management.api.programs.enrol": (
			"program_caseworker",
			{"enrolment": w.enrolment, "override_reason": "corpus"},
			("override_reason",),
			False,
		),
		"case_management.api.programs.answer_offer": (
			"program_caseworker",
			{"enrolment": w.enrolment, "accept": True},
			(),
			False,
		),
		"case_management.api.programs.exit_enrolment": (
			"program_caseworker",
			{"enrolment": w.enrolment, "destination": "Other", "exit_date": "2026-01-01", "notes": "corpus"},
			("notes",),
			False,
		),
		"case_management.api.programs.withdraw": (
			"program_caseworker",
			{"enrolment": w.enrolment, "reason": "corpus"},
			("reason",),
			False,
		),
		"case_management.api.programs.move_on_waitlist": (
			"program_caseworker",
			{"enrolment": w.enrolment, "position": 1, "reason": "corpus"},
			("reason",),
			False,
		),
		"case_management.api.programs.get_waitlist": ("program_manager", {"program": w.program}, (), False),
		"case_management.api.programs.log_service": (
			"program_caseworker",
			{
				"enrolment": w.enrolment,
				"service": "No such service",
				"delivered_on": "2026-01-01",
				"quantity": 1,
				"note": "corpus",
			},
			("note",),
			False,
		),
		"case_management.api.programs.log_services": (
			"program_manager",
			{"program": w.program, "service": "No such service", "enrolments": [w.enrolment], "quantity": 1},
			(),
			False,
		),
		# Export: a caseworker may not export at all, so every variant is refused.
		"case_management.api.export.export_csv": ("caseworker", {"dataset": "clients"}, (), False),
		# A document method: called through run_doc_method on an instrument; caseworkers may
		# not create instrument versions, so every variant is refused.
		"case_management.case_management.doctype.scoring_instrument.scoring_instrument.ScoringInstrument.new_version": (
			"caseworker",
			{"dt": "Scoring Instrument", "dn": w.instrument, "method": "new_version"},
			(),
			False,
		),
	}


HUGE = "x" * 100_001
SPOILERS = [
	("wrong-type-dict", {"$ne": None}),
	("wrong-type-list", ["a", {"b": 1}]),
	("huge", HUGE),
	("nul", "A\x00B"),
	("surrogate", "A\ud800"),
	("control", "A\x1bB"),
]
INJECTIONS = [
	("sql", "' OR '1'='1' -- "),
	("sql-union", "x' UNION SELECT name, password FROM __Auth -- "),
	("script", "<script>alert(1)</script>"),
	("template", "{{ frappe.session.user }}"),
	("path", "../../../../etc/passwd"),
]


# A URL cannot carry HUGE (HTTP clients and gunicorn refuse request lines that long before
# Frappe runs), so GET-only methods get a value that fits in a URL but in no field.
LONG_FOR_URL = "x" * 3_000


def method_probes(w) -> list[tuple]:
	"""(id, method, user, arguments, search?) with one argument spoiled in each."""
	probes = []
	get_methods = get_only()
	for method, (user, base, free_text, search) in sorted(registry(w).items()):
		short = method.rsplit(".", 2)[-2] + "." + method.rsplit(".", 1)[-1]
		arguments = [a for a in base if a not in ("dt", "method")] or ["unexpected"]
		for argument in arguments:
			spoilers = SPOILERS + ([] if argument in free_text else INJECTIONS)
			for label, value in spoilers:
				if method in get_methods and value is HUGE:
					value = LONG_FOR_URL
				probes.append(
					(f"{short}-{argument}-{label}", method, user, {**base, argument: value}, search)
				)
	return probes
