"""Objectivity hints for a case note, as the agency guides ask: objective, professional, accurate.

Two rules, both advice only (a note is never refused for them):

- **Judgmental or vague words** ("lazy", "non-compliant", "manipulative", "flojo"...): each
  phrase of the agency's list found in the text is pointed out with its suggested neutral
  wording ("client has difficulty completing tasks").
- **An event with no date** ("missed appointment", "no se presentó"...): pointed out when the
  sentence that names it says nothing of when: no date (3/3, 2026-03-03, March 3rd, 3 de
  marzo), no weekday (Tuesday, martes) and no "today", "yesterday", "hoy", "ayer"...

The word list is data (the Note Hint Phrase doctype): each phrase has a `kind`, JUDGMENT or
EVENT. A phrase matches as whole words, whatever the letter case; a space in it matches any
run of spaces and a hyphen matches a hyphen, spaces or nothing ("non-compliant",
"non compliant", "noncompliant"). "lazy" does not match "blazy".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

JUDGMENT = "Judgmental or vague"
EVENT = "Event needs a date"
KINDS = (JUDGMENT, EVENT)

MONTHS = (
	"january|february|march|april|may|june|july|august|september|october|november|december"
	"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
	"|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre"
)
WEEKDAYS = (
	"monday|tuesday|wednesday|thursday|friday|saturday|sunday"
	"|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo"
)
RELATIVE = (
	"today|yesterday|tonight|this morning|this afternoon|this evening|last night"
	"|hoy|ayer|anoche|anteayer|esta mañana|esta tarde|esta noche"
)
ORDINAL = r"\d{1,2}(?:st|nd|rd|th|º|°)?"
DATE_WORDS = re.compile(
	r"(?<!\w)(?:"
	r"\d{4}-\d{1,2}-\d{1,2}"  # 2026-03-03
	r"|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?"  # 3/3, 03-03-2026, 3.3.26
	rf"|(?:{MONTHS})\.?\s+{ORDINAL}"  # March 3rd
	rf"|{ORDINAL}\s+(?:of\s+|de\s+)?(?:{MONTHS})"  # 3rd of March, 3 de marzo
	rf"|{WEEKDAYS}|{RELATIVE}"
	r")(?!\w)",
	re.IGNORECASE,
)
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")


def phrase_pattern(phrase: str) -> re.Pattern | None:
	"""The whole-word, case-insensitive pattern for one listed phrase (None for an empty one)."""
	words = (phrase or "").strip().lower()
	if not words:
		return None
	parts = []
	for chunk in re.split(r"(\s+|-)", words):
		if not chunk:
			continue
		if chunk.isspace():
			parts.append(r"\s+")
		elif chunk == "-":
			parts.append(r"(?:-|\s+)?")
		else:
			parts.append(re.escape(chunk))
	return re.compile(r"(?<!\w)" + "".join(parts) + r"(?!\w)", re.IGNORECASE)


def sentences(text: str) -> list[tuple[int, int]]:
	"""(start, end) of each sentence of `text`: split at . ! ? ; followed by a space, and at
	line breaks (a section of a note is its own sentence)."""
	spans, start = [], 0
	for cut in SENTENCE_END.finditer(text):
		spans.append((start, cut.start()))
		start = cut.end()
	spans.append((start, len(text)))
	return spans


def has_date(sentence: str) -> bool:
	"""Does this sentence say when (a date, a weekday, today / yesterday / hoy / ayer...)?"""
	return DATE_WORDS.search(sentence) is not None


def find_hints(text: str, phrases: Iterable[Mapping]) -> list[dict]:
	"""The hints for `text`, in the order they first occur.

	`phrases`: rows with `phrase`, `kind` (JUDGMENT, the default, or EVENT), `suggestion` and
	optionally `name` and `language`. Each hint: `phrase` (as listed), `name`, `kind`,
	`suggestion`, `found` (the words as written, first occurrence), `start` (its offset) and
	`count` (how many occurrences call for the hint). An EVENT phrase hints only where its
	sentence names no date; a phrase listed twice hints once.
	"""
	text = text or ""
	spans = sentences(text)
	found: dict[str, dict] = {}
	for row in phrases:
		pattern = phrase_pattern(row.get("phrase") or "")
		key = (row.get("phrase") or "").strip().lower()
		if pattern is None or key in found:
			continue
		kind = row.get("kind") or JUDGMENT
		hits = []
		for match in pattern.finditer(text):
			if kind == EVENT:
				start, end = next(((s, e) for s, e in spans if s <= match.start() <= e), (0, len(text)))
				if has_date(text[start:end]):
					continue
			hits.append(match)
		if hits:
			found[key] = {
				"phrase": row.get("phrase"),
				"name": row.get("name") or row.get("phrase"),
				"kind": kind,
				"suggestion": row.get("suggestion") or "",
				"found": hits[0].group(0),
				"start": hits[0].start(),
				"count": len(hits),
			}
	return sorted(found.values(), key=lambda hint: hint["start"])


def not_yet_counted(hints: Iterable[Mapping], counted: Iterable[str]) -> list[str]:
	"""The hints' names not in `counted` (those already shown to this writer for this note),
	so a hint that stays on screen while the note is typed counts once."""
	seen = set(counted)
	return [h["name"] for h in hints if h["name"] not in seen]
