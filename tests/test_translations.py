"""Every text a person reads is marked for translation, and every marked text has its row in
each translations/<lang>.csv (Spanish: es.csv).

No Frappe needed: the sources are read as Frappe's own extractor reads them (tests/
translation_catalog.py) and the unmarked text is found by tests/translation_scan.py. Each check
prints what it found as "file:line: text". The self-tests at the end plant a bad example before
each detector, so a detector that finds nothing is known to be able to find something.
"""

import ast
import json
import re
from collections import Counter

import pytest
from conftest import APP, REPO
from translation_catalog import Message, app_messages, missing, placeholders, read_rows, row_problems
from translation_python import throw_wrappers, unmarked_in_engine, unmarked_in_python
from translation_scan import scan_files, unmarked_in_script, unmarked_in_template


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
	sources = python_sources()
	# a wrapper's name means one function only when no other function of the app has it
	# (validation.refuse(label, code) is not permissions.links.refuse(message))
	defined = Counter(
		node.name
		for path in sources
		for node in ast.walk(ast.parse(path.read_text()))
		if isinstance(node, ast.FunctionDef)
	)
	wrappers = frozenset(
		name for path in sources for name in throw_wrappers(path.read_text()) if defined[name] == 1
	)
	assert "bad_input" in wrappers  # the portal's refusals

	def reader(source):
		return unmarked_in_python(source, wrappers)

	found = [line.replace(str(REPO) + "/", "") for line in scan_files(sources, reader)]
	assert not found, report(found, "messages from Python not given through _() (or formatted first)")


# ------------------------------------------------------------------- (b) every language -------
# Every translations/<lang>.csv the app ships: adding a language is adding its file, and this
# test then lists every message the file still lacks (README, Languages).
LANGUAGES = sorted(path.stem for path in (APP / "translations").glob("*.csv"))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_a_translation(lang):
	path = APP / "translations" / f"{lang}.csv"
	absent = missing(app_messages(APP), read_rows(path))
	found = [f"{m.where}: {m.text!r}" for m in absent]
	assert not found, report(found, f"messages with no row in {rel(path)}")


def test_spanish_is_shipped():
	assert "es" in LANGUAGES


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
@pytest.mark.parametrize("lang", LANGUAGES)
def test_rows_keep_placeholders_and_are_not_duplicated(lang):
	path = APP / "translations" / f"{lang}.csv"
	problems = row_problems(read_rows(path))
	assert not problems, report(problems, f"problems in {rel(path)}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rows_put_no_double_quote_into_attributes(lang):
	"""Templates print texts into attributes (title="…", data-confirm="…") without escaping:
	a translation may hold a double quote only where the English has one."""
	rows = read_rows(APP / "translations" / f"{lang}.csv")
	bad = [f"row {n}: {row[1]!r}" for n, row in rows if '"' in row[1] and '"' not in row[0]]
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
		"def refuse(text):\n"
		"\tfrappe.throw(text, title=_('No'))\n"
		"refuse('Not marked either')\n"
	)
	assert throw_wrappers(planted) == {"refuse"}
	found = unmarked_in_python(planted, frozenset({"refuse"}))
	assert [line for line, _text in found] == [5, 6, 8, 9, 10, 11, 12, 15], found


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
		(8, ["Save draft", "Save draft"]),
		(9, ["TANF", "TANF"]),
	]
	problems = row_problems(rows)
	assert [p.split(":")[0] for p in problems] == ["row 1", "row 2", "row 4", "row 5", "row 6", "row 8"], (
		problems
	)
	assert placeholders("{{ doc.name }} <a href='x'>%s</a>") == placeholders(
		"<a href='y'>%s</a> {{doc.name}}"
	)


# ----------------------------------------------------------------------- the engine ----------
# Engine text that stays in English, each with the reason (the README's "Languages" says so).
ENGINE_IN_ENGLISH = {
	"hmis.py": "the HUD HMIS CSV export: its column names and codes are the federal standard's",
	"nicknames.py": "English given names and their nicknames: data for matching, not text",
	"discharge.py": "a discharge summary is drafted once, as a document the caseworker edits and a "
	"supervisor approves; its section headings are marked and translated where they are shown",
}
# matching.py's command line (python -m case_management.engine.matching), for developers
ENGINE_FUNCTIONS_IN_ENGLISH = frozenset({"read_csv", "main"})
# Values the engine keeps and compares but never shows as written: codes and keys.
ENGINE_CODES = frozenset(
	{
		"open case",  # case_workflow.second_case_problem's answer, turned into a message by api/intake.py
		"marked to count", "marked not to count", "a minor's earned income", "counts by default",  # income reasons, keys of NOT_COUNTED_EXPLANATIONS
		"house in city", "id ssn4", "dob and name", "dob in postcode", "dob at house number", "phone tail",
		"names and birth year", "names and birthday", "names at house number", "name at house in city",
		"house in postcode", "name in postcode", "initials in postcode",  # matching's blocking keys
		"first name", "last name", "postal code",  # matching's field keys (COMMON_FIELDS labels are marked)
	}
)  # fmt: skip


def stored_values(doctypes: dict) -> frozenset[str]:
	"""Select options, roles and workflow states of the app: values the engine keeps, each
	shown through _() from the doctype's own message."""
	values = {p.get("role") for dt in doctypes.values() for p in dt.get("permissions", [])}
	for dt in doctypes.values():
		for field in dt["fields"]:
			if field["fieldtype"] == "Select":
				values.update((field.get("options") or "").split("\n"))
	workflow = json.loads((APP / "setup" / "defaults" / "case_workflow.json").read_text())
	values.update(s["state"] for s in workflow["states"])
	return frozenset(v for v in values if v)


def test_the_engine_marks_what_it_writes_for_people(doctypes):
	codes = ENGINE_CODES | stored_values(doctypes)
	found = []
	for path in sorted((APP / "engine").glob("*.py")):
		if path.name in ENGINE_IN_ENGLISH:
			continue
		source = path.read_text()
		for line, text in unmarked_in_engine(source, codes, ENGINE_FUNCTIONS_IN_ENGLISH):
			found.append(f"{rel(path)}:{line}: {text!r}")
	assert not found, report(found, "texts the engine writes without _() / _lt() (engine/i18n.py)")


def test_engine_detector_finds_planted_text():
	planted = (
		'"""A module."""\n'
		"from case_management.engine.i18n import _, _lt\n"
		'LABELS = {"key one": _lt("Marked label")}\n'
		"def reason(n):\n"
		'\t"""A docstring is not shown."""\n'
		'\tif n == "some code":\n'
		'\t\treturn _("Marked {0}").format(n)\n'
		'\treturn f"{n} places free"\n'
		"def main():\n"
		'\tprint("usage: a tool for developers")\n'
	)
	found = unmarked_in_engine(planted, functions=frozenset({"main"}))
	assert found == [(8, " places free")], found


def test_the_portal_script_finds_every_text_it_reads_on_the_page():
	"""The portal's script has no English of its own: each text it reads from the page (its
	`words` / `text("…")` / `dataset`) is a data attribute a template writes through _()."""
	code = "".join(p.read_text() for p in sorted(APP.glob("public/portal/*.js")))
	read = set(re.findall(r"\bwords\.(\w+)", code)) | set(re.findall(r'\btext\("(\w+)"\)', code))
	read |= set(re.findall(r"\bbox\.dataset\.(\w+)", code))
	read -= {"textContent"}  # announce()'s own <span> is also called words
	html = "".join(p.read_text() for p in templates())
	written = {re.sub(r"-(\w)", lambda m: m.group(1).upper(), a) for a in re.findall(r"data-([\w-]+)=", html)}
	assert read and read <= written, sorted(read - written)
