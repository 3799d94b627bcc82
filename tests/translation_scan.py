"""Find user-facing text that is not marked for translation (tests/test_translations.py).

Three readers, one per kind of source:
- templates (Jinja HTML: portal pages, their includes, the print formats' HTML): the text a
  person reads — text nodes, the attributes placeholder / title / aria-label / alt, the text a
  script takes from data-* attributes, and string literals a `{{ }}` prints — must come from
  `_()`;
- scripts (the portal's and the desk's): string literals in the places a person reads them
  (arguments of msgprint / throw / show_alert / confirm / add_custom_button …, dialog and field
  labels, titles and descriptions, textContent / innerText / placeholder, HTML built in a
  string, English fallbacks after `||`) must come from `__()`;
- Python: see tests/translation_python.py.

Each finding is (path, line, text). `linguistic` decides what counts as words: see ALLOWED.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

from translation_js import tokenize

# Text that is not language, so needs no translation. Each entry says why; never add a word or
# a sentence here to make the check pass: mark it with _() / __() instead.
ALLOWED = {
	"PDF",  # a file format's name, the same in every language
	"SMS",  # the technology's name
	"HMIS",  # the federal data standard's code
	"E.164",  # the phone-number standard
	"yyyy-mm-dd",  # a date pattern the script fills in, not words
	"CL-YYYY-#####",  # a naming series
	"x",  # the multiplication sign in "3 x 2"
	"ok",  # a status code compared by scripts, never shown
}
PLACEHOLDER = re.compile(
	r"\{\{.*?\}\}|\{\d*\}|\{[a-z_]+\}|%\([a-z_]+\)s|%[sdfg]|\$\{\}|&[a-z]+;|&#\d+;|<[^>]*>", re.S
)


def linguistic(text: str) -> bool:
	"""Whether `text` holds words a reader would need in their language."""
	text = PLACEHOLDER.sub(" ", text).strip()
	if text in ALLOWED or not re.search(r"[A-Za-z]", text):
		return False
	return True


def wordy(text: str) -> bool:
	"""Words, and not a lowercase identifier (a field name, a CSS class, a colour, a key)."""
	return linguistic(text) and not re.fullmatch(r"[a-z][a-z0-9_\-]*", text.strip())


# ---------------------------------------------------------------- templates (Jinja HTML) ---
JINJA = re.compile(r"\{\{(?P<out>.*?)\}\}|\{%(?P<stmt>.*?)%\}|\{#.*?#\}", re.S)
TEXT_ATTRS = {"placeholder", "title", "aria-label", "alt"}
# data-* attributes that are code, not text (method names, keys, ids, flags)
CODE_DATA = re.compile(
	r"data-(method|row|section|list|services-of|case|item|checklist|step-.*|.*-for|show-it)$"
)


def _jinja_literals(expr: str):
	"""String literals a Jinja expression prints itself: at the top level of the expression, not
	inside a call (`_("…")`, a filter's arguments), not compared, not a subscript."""
	depth = 0
	for m in re.finditer(r"""(?P<s>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?P<o>[(\[{])|(?P<c>[)\]}])""", expr):
		if m.group("o"):
			depth += 1
		elif m.group("c"):
			depth -= 1
		elif depth == 0:
			before = expr[: m.start()].rstrip()
			after = expr[m.end() :].lstrip()
			if re.search(r"(==|!=|\bin|\bis|\bnot)$", before) or re.match(r"(==|!=|in\b|not in\b)", after):
				continue
			if before.endswith("|") or after.startswith("|") and not re.match(r"\|\s*(e|safe)\b", after):
				continue
			yield m.group("s")[1:-1], expr[: m.start()].count("\n")


class _TemplateText(HTMLParser):
	def __init__(self):
		super().__init__(convert_charrefs=True)
		self.found: list[tuple[int, str]] = []
		self.skip = 0

	def handle_starttag(self, tag, attrs):
		if tag in ("style", "script"):
			self.skip += 1
		attrs = dict(attrs)
		for name, value in attrs.items():
			if value and (name in TEXT_ATTRS or name.startswith("data-") and not CODE_DATA.match(name)):
				if name.startswith("data-") and not re.search(
					r"[A-Za-z]{2,}\s+[A-Za-z]|^[A-Z][a-z]+$", value
				):
					continue
				if linguistic(value):
					self.found.append((self.getpos()[0], f"{name}={value!r}"))
		if (
			tag == "input"
			and attrs.get("type") in ("submit", "button")
			and linguistic(attrs.get("value") or "")
		):
			self.found.append((self.getpos()[0], f"value={attrs['value']!r}"))

	def handle_endtag(self, tag):
		if tag in ("style", "script") and self.skip:
			self.skip -= 1

	def handle_data(self, data):
		if not self.skip and linguistic(data):
			self.found.append((self.getpos()[0], data.strip()))


def _in_tag_attr(blanked: str, pos: int) -> str | None:
	"""Inside a tag at `pos`: the attribute whose value holds pos ("" for the tag itself);
	None in text."""
	if blanked.rfind("<", 0, pos) <= blanked.rfind(">", 0, pos):
		return None
	m = re.search(r"([\w:-]+)=[\"'][^\"']*$", blanked[blanked.rfind("<", 0, pos) : pos])
	return m.group(1) if m else ""


def unmarked_in_template(source: str, first_line: int = 1) -> list[tuple[int, str]]:
	"""(line, text) of each piece of words in a Jinja HTML template not given through `_()`."""
	found = []
	# the template with every Jinja block blanked out (same length, same lines)
	blanked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)
	for m in JINJA.finditer(source):
		line = first_line + source.count("\n", 0, m.start())
		expr, check = m.group("out"), linguistic
		if expr is None and m.group("stmt") and re.match(r"\s*set\s", m.group("stmt")):
			expr, check = m.group("stmt").split("=", 1)[-1], wordy
		attr = _in_tag_attr(blanked, m.start())
		if attr is not None and attr not in TEXT_ATTRS:
			continue  # a class, a flag or a value in a tag: code, not what the page says
		for text, offset in _jinja_literals(expr or ""):
			if check(text):
				found.append((line + offset, f"{{{{ {text!r} }}}}"))

	def blank(m):  # keep the lines, drop the Jinja: what is left is what the page says itself
		return "\n" * m.group().count("\n") + (" {{}} " if m.group("out") is not None else " ")

	for m in re.finditer(r"_\(\s*'(?:[^'\\\n]|\\.)*\\'", source):
		line = first_line + source.count("\n", 0, m.start())
		found.append((line, "an escaped quote cuts the message for Frappe's extractor: " + m.group()))

	parser = _TemplateText()
	parser.feed(JINJA.sub(blank, source))
	parser.close()
	found += [(first_line + line - 1, text) for line, text in parser.found]
	return sorted(found)


# ---------------------------------------------------------------------------- scripts --------
# call -> positions of the arguments a person reads (None: every argument)
SINK_CALLS = {
	"msgprint": None, "throw": None, "show_alert": (0,), "confirm": (0,), "prompt": (2, 3),
	"add_custom_button": (0, 2), "set_intro": (0,), "set_title": (0,), "set_description": (0,),
	"add_comment": (0,), "set_primary_action": (0,), "set_secondary_action_label": (0,),
	"add_menu_item": (0,), "add_inner_button": (0, 1), "set_indicator": (0,), "alert": (0,),
	"announce": (0,), "showError": (1,), "createTextNode": (0,), "el": (2,), "say": (0,),
}  # fmt: skip
SINK_KEYS = {
	"label", "title", "description", "message", "placeholder", "primary_action_label",
	"secondary_action_label", "indicator_label", "empty_state_message",
}  # fmt: skip
SINK_PROPS = {"textContent", "innerText", "innerHTML", "placeholder", "title", "ariaLabel", "outerHTML"}
SINK_ATTRS = TEXT_ATTRS | {"aria-description"}


def _html_text(markup: str) -> list[str]:
	parser = _TemplateText()
	parser.feed(markup)
	parser.close()
	return [text for _line, text in parser.found if text.strip() != "${}"]


def unmarked_in_script(code: str) -> list[tuple[int, str]]:
	"""(line, text) of each literal a person would read that is not given through `__()`."""
	tokens = tokenize(code)
	found: list[tuple[int, str]] = []
	stack: list[dict] = []  # open brackets: {"b": "(", "call": name, "arg": i, "first": str, "key": str}
	sink_depth = None  # depth of an assignment to textContent / innerHTML … while it lasts
	for k, tok in enumerate(tokens):
		prev = tokens[k - 1] if k else None
		if tok.kind == "punct" and tok.value in "([{":
			call = None
			if tok.value == "(" and prev is not None and prev.kind == "ident":
				call = prev.value
			stack.append({"b": tok.value, "call": call, "arg": 0, "first": None, "key": None})
			continue
		if tok.kind == "punct" and tok.value in ")]}":
			if stack:
				stack.pop()
			if sink_depth is not None and len(stack) < sink_depth:
				sink_depth = None
			continue
		if tok.kind == "punct" and tok.value in (",", ";"):
			if stack:
				stack[-1]["arg"] += tok.value == ","
				stack[-1]["key"] = None
			if sink_depth is not None and len(stack) <= sink_depth:
				sink_depth = None
			continue
		if tok.kind == "punct" and tok.value == ":" and stack and stack[-1]["b"] == "{" and prev is not None:
			if prev.kind in ("ident", "string"):
				stack[-1]["key"] = prev.value
			continue
		if tok.kind == "punct" and tok.value == "=" and prev is not None and prev.value in SINK_PROPS:
			if k >= 2 and tokens[k - 2].value == ".":
				sink_depth = len(stack)
			continue
		if tok.kind not in ("string", "template"):
			continue
		nxt = tokens[k + 1] if k + 1 < len(tokens) else None
		top = stack[-1] if stack else None
		if top and top["b"] == "(" and top["arg"] == 0 and top["first"] is None:
			top["first"] = tok.value
		if top and top["call"] == "__" and top["arg"] == 0:
			if tok.kind == "template" and len(tok.parts) > 1 or nxt is not None and nxt.value == "+":
				found.append((tok.line, f"formatted before translation: __({tok.value!r} …)"))
			continue  # marked
		if nxt is not None and nxt.value == ":" and top and top["b"] == "{":
			continue  # an object key
		text, why = tok.value, None
		if re.search(r"<[a-zA-Z][^>]*>", text):
			for piece in _html_text(text):
				found.append((tok.line, piece))
			continue
		if not wordy(text):
			continue
		if prev is not None and prev.value in ("||", "??"):
			why = "fallback"
		elif top and top["b"] == "(" and top["call"] in SINK_CALLS:
			args = SINK_CALLS[top["call"]]
			why = args is None or top["arg"] in args
		elif top and top["b"] == "(" and top["call"] == "setAttribute" and top["arg"] == 1:
			why = top["first"] in SINK_ATTRS
		elif top and top["b"] == "{" and top["key"] in SINK_KEYS:
			why = True
		elif sink_depth is not None and len(stack) == sink_depth:
			why = True
		# an object literal given to a call: {title: "…"} is caught by the key rule above
		if why:
			found.append((tok.line, text))
	return found


def scan_files(paths, reader) -> list[str]:
	"""Findings of `reader` over files, as "path:line: text" lines."""
	out = []
	for path in paths:
		path = Path(path)
		for line, text in reader(path.read_text(encoding="utf-8")):
			out.append(f"{path}:{line}: {text}")
	return out
