"""The app's whitelisted methods, found in the source, and how to call each one validly.

`discover()` reads every module of case_management (not its tests) and lists the functions
decorated with `@frappe.whitelist(...)`, as Frappe would name them. `REGISTRY` gives, for
each, the user who may call it and valid base arguments (built from the `world` fixture);
the corpus then spoils one argument at a time. A method without an entry fails
`test_every_method_has_a_registry_entry`: add one when you add a method.
"""

import ast
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "case_management"


def is_whitelist(decorator: ast.expr) -> bool:
	target = decorator.func if isinstance(decorator, ast.Call) else decorator
	return isinstance(target, ast.Attribute) and target.attr == "whitelist"


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
def registry(w) -> dict:
	return {
		"case_management.api.intake.find_clients": (
			"caseworker",
			{"name": "Nobody Matches", "date_of_birth": "1901-02-03", "phone": "+12025550199"},
			(),
			True,
		),
		"case_management.api.intake.start_case": ("caseworker", {"client": w.client}, (), False),
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
		"case_management.api.partner.partner_action": (
			"partner",
			{"referral": w.referral, "action": "Accept"},
			(),
			False,
		),
		"case_management.api.partner.respond": (
			None,
			{"referral": w.referral, "token": "not-the-token", "action": "Accept"},
			(),
			False,
		),
		"case_management.api.caseload.reassign_cases": (
			"supervisor",
			{"from_user": w.caseworker, "to_user": w.other_caseworker, "cases": [w.case]},
			(),
			False,
		),
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


def method_probes(w) -> list[tuple]:
	"""(id, method, user, arguments, search?) with one argument spoiled in each."""
	probes = []
	for method, (user, base, free_text, search) in sorted(registry(w).items()):
		short = method.rsplit(".", 2)[-2] + "." + method.rsplit(".", 1)[-1]
		arguments = [a for a in base if a not in ("dt", "method")] or ["unexpected"]
		for argument in arguments:
			spoilers = SPOILERS + ([] if argument in free_text else INJECTIONS)
			for label, value in spoilers:
				probes.append(
					(f"{short}-{argument}-{label}", method, user, {**base, argument: value}, search)
				)
	return probes
