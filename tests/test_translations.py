"""Every text a person reads is marked for translation, and every marked text has Spanish.

No Frappe needed: the sources are read as Frappe's own extractor reads them (tests/
translation_catalog.py) and the unmarked text is found by tests/translation_scan.py. Each check
prints what it found as "file:line: text". The self-tests at the end plant a bad example before
each detector, so a detector that finds nothing is known to be able to find something.
"""

import json

from conftest import APP, REPO
from translation_catalog import Message, app_messages, missing, placeholders, read_rows, row_problems
from translation_scan import scan_files, unmarked_in_python, unmarked_in_script, unmarked_in_template

ES = APP / "translations" / "es.csv"


def rel(path):
	return path.relative_to(REPO)


def report(found: list[str], what: str) -> str:
	return f"{len(found)} {what}:\n" + "\n".join(found)


def templates():
	return sorted({*APP.glob("www/**/*.html"), *APP.glob("templates/**/*.html")})


def scripts():
	return sorted(
		{
			*APP.glob("public/**/*.js"),
			*APP.glob("case_management/doctype/*/*.js"),
			*APP.glob("case_management/report/*/*.js"),
		}
	)


def python_sources():
	"""The app's Python, without its tests (their messages are the app's, asserted)."""
	return sorted(
		p
		for p in APP.rglob("*.py")
		if not p.name.startswith("test_") and "tests" not in p.relative_to(APP).parts
	)


# --------------------------------------------------------------------------- (a) marked ------
def test_portal_templates_mark_every_text():
	found = [line.replace(str(REPO) + "/", "") for line in scan_files(templates(), unmarked_in_template)]
	assert not found, report(found, "texts in templates not given through _()")


def test_print_formats_mark_every_text():
	found = []
	for path in sorted(APP.glob("case_management/print_format/*/*.json")):
		html = json.loads(path.read_text()).get("html") or ""
		found += [f"{rel(path)} (html):{line}: {text}" for line, text in unmarked_in_template(html)]
	assert not found, report(found, "texts in print formats not given through _()")


def test_scripts_mark_every_text():
	found = [line.replace(str(REPO) + "/", "") for line in scan_files(scripts(), unmarked_in_script)]
	assert not found, report(found, "texts in scripts not given through __()")


def test_python_messages_are_marked():
	found = [line.replace(str(REPO) + "/", "") for line in scan_files(python_sources(), unmarked_in_python)]
	assert not found, report(found, "messages from Python not given through _() (or formatted first)")


# ------------------------------------------------------------------------- (b) Spanish -------
def test_every_message_has_spanish():
	absent = missing(app_messages(APP), read_rows(ES))
	found = [f"{m.where}: {m.text!r}" for m in absent]
	assert not found, report(found, f"messages with no Spanish row in {rel(ES)}")


def test_the_catalog_finds_what_frappe_finds():
	"""A sample of each source Frappe reads, so the catalog is known to reach each."""
	texts = {m.text for m in app_messages(APP)}
	expected = {
		"Case",  # a doctype's name
		"Vulnerability score",  # a field label
		"Critical",  # a Select option
		"Caseworker",  # a role
		"Caseload Health",  # a report
		"Activate",  # a workflow action
		"On Hold",  # a workflow state
		"My caseload",  # a portal template
		"Case Summary",  # the print format's HTML
		"Active Cases",  # a number card
		"Today",  # a workspace heading
		"Team caseload",  # the portal menu (hooks.py)
	}
	assert expected <= texts, sorted(expected - texts)


# --------------------------------------------------------------------------- (c) es.csv ------
def test_spanish_rows_keep_placeholders_and_are_not_duplicated():
	problems = row_problems(read_rows(ES))
	assert not problems, report(problems, f"problems in {rel(ES)}")


def test_spanish_rows_put_no_double_quote_into_attributes():
	"""Templates print texts into attributes (title="…", data-confirm="…") without escaping:
	a translation may hold a double quote only where the English has one."""
	bad = [f"row {n}: {row[1]!r}" for n, row in read_rows(ES) if '"' in row[1] and '"' not in row[0]]
	assert not bad, report(bad, "translations adding a double quote")


# ------------------------------------------------------------------------- self-tests --------
def test_template_detector_finds_planted_text():
	planted = (
		"<h1>{{ _('Marked') }}</h1>\n"
		"<p>Unmarked words</p>\n"
		'<input placeholder="Type a name" aria-label="{{ _(\'Name\') }}">\n'
		"<span>{{ 'Yes' if done else _('No') }}</span>\n"
		'<form data-confirm="Delete it?" data-method="case_management.api.x"></form>\n'
		"<td>{{ value or '—' }}</td><style>.x { color: red }</style>\n"
	)
	found = unmarked_in_template(planted)
	assert found == [
		(2, "Unmarked words"),
		(3, "placeholder='Type a name'"),
		(4, "{{ 'Yes' }}"),
		(5, "data-confirm='Delete it?'"),
	], found


def test_script_detector_finds_planted_text():
	planted = (
		'frappe.msgprint(__("Marked"));\n'
		'frappe.throw("Not marked");\n'
		'frm.add_custom_button("Do it", () => go(), __("Group"));\n'
		'new frappe.ui.Dialog({ title: "A title", fields: [{ fieldname: "why", label: "Reason" }] });\n'
		'box.textContent = text("key") || "Show it";\n'
		"list.innerHTML = `<p>Nothing here ${name}</p>`;\n"
		'button.setAttribute("aria-label", "Close");\n'
		'const colour = ok ? "green" : "gray";\n'
		"frappe.show_alert(__(`Saved ${n}`));\n"
	)
	found = unmarked_in_script(planted)
	assert [line for line, _text in found] == [2, 3, 4, 4, 5, 6, 7, 9], found


def test_python_detector_finds_planted_messages():
	planted = (
		"import frappe\nfrom frappe import _\n"
		"def f(x):\n"
		"\tfrappe.throw(_('Marked {0}').format(x), title=_('Marked'))\n"
		"\tfrappe.throw('Not marked')\n"
		"\tfrappe.msgprint(_('Marked'), title='Not marked')\n"
		"\tmessage = f'Hello {x}'\n"
		"\tfrappe.throw(message)\n"
		"\traise frappe.ValidationError('Not marked')\n"
		"\t_(f'Made before translating {x}')\n"
		"\t_(x or 'missing')\n"
		"LABELS = [_('Translated at import')]\n"
	)
	found = unmarked_in_python(planted)
	assert [line for line, _text in found] == [5, 6, 8, 9, 10, 11, 12], found


def test_missing_spanish_is_found():
	rows = [(1, ["Case", "Caso"])]
	assert missing([Message("Case", "x"), Message("Client", "y:2")], rows) == [Message("Client", "y:2")]


def test_row_checks_find_planted_problems():
	rows = [
		(1, ["Hello {0}", "Hola"]),
		(2, ["<b>Bold</b> {name}", "<b>Negrita</b> {nombre}"]),
		(3, ["Case", "Caso"]),
		(4, ["Case", "Expediente"]),
		(5, ["Caseworker", "Trabajador/a social"]),
		(6, ["Only English"]),
		(7, ["%s cases", "%s casos"]),
	]
	problems = row_problems(rows)
	assert [p.split(":")[0] for p in problems] == ["row 1", "row 2", "row 4", "row 5", "row 6"], problems
	assert placeholders("{{ doc.name }} <a href='x'>%s</a>") == placeholders(
		"<a href='y'>%s</a> {{doc.name}}"
	)
