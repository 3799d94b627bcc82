"""Objectivity hints and structured notes (issue 23): engine rules, against the shipped word list."""

import json

import pytest
from conftest import APP
from hypothesis import given
from hypothesis import strategies as st

from case_management.engine.note_hints import EVENT, JUDGMENT, find_hints, has_date, not_yet_counted
from case_management.engine.note_templates import (
	note_problems,
	note_text,
	sections_for_note,
	template_problems,
	visit_note_type,
	visit_opening,
)

PHRASES = json.loads((APP / "setup" / "defaults" / "note_hint_phrases.json").read_text())
TEMPLATES = json.loads((APP / "setup" / "defaults" / "note_templates.json").read_text())
JUDGMENTS = [p for p in PHRASES if p["kind"] == JUDGMENT]
EVENTS = [p for p in PHRASES if p["kind"] == EVENT]
NEUTRAL_WORDS = [
	"client", "attended", "the", "meeting", "on", "and", "said", "she", "wants", "to", "find",
	"work", "housing", "application", "was", "completed", "with", "support", "of", "her", "sister",
	"la", "cliente", "habló", "sobre", "su", "vivienda", "trabajo", "plan", "acordado",
]  # fmt: skip


def test_the_shipped_list_has_english_and_spanish_and_the_guides_examples():
	listed = {p["phrase"] for p in PHRASES}
	assert {"lazy", "non-compliant", "manipulative", "attention-seeking"} <= listed
	assert {"flojo", "floja", "manipulador", "manipuladora"} <= listed
	assert {p["language"] for p in PHRASES} == {"en", "es"}
	assert all(p["suggestion"].strip() for p in PHRASES)
	assert len({p["name"] for p in PHRASES}) == len(PHRASES)


@pytest.mark.parametrize("row", JUDGMENTS, ids=lambda r: r["name"])
def test_each_listed_phrase_is_hinted_with_its_suggestion(row):
	text = f"Home visit on 3 March. The client was {row['phrase']} during the visit."
	hints = find_hints(text, PHRASES)
	mine = [h for h in hints if h["phrase"] == row["phrase"]]
	assert len(mine) == 1
	assert mine[0]["suggestion"] == row["suggestion"]
	assert mine[0]["found"].lower() == row["phrase"]
	assert text[mine[0]["start"] :].lower().startswith(row["phrase"])


@pytest.mark.parametrize("row", EVENTS, ids=lambda r: r["name"])
def test_each_event_without_a_date_is_hinted_and_with_one_is_not(row):
	undated = f"Client {row['phrase']}. Will call her."
	assert [h["phrase"] for h in find_hints(undated, EVENTS)] == [row["phrase"]]
	for when in (
		"on 2026-03-03",
		"on 3/3",
		"on March 3rd",
		"el 3 de marzo",
		"on Tuesday",
		"el martes",
		"today",
		"ayer",
	):
		assert find_hints(f"Client {row['phrase']} {when}. Will call her.", EVENTS) == [], when


def test_a_date_in_another_sentence_does_not_date_the_event():
	text = "Visit booked for 2026-03-10.\nClient missed appointment."
	assert [h["phrase"] for h in find_hints(text, PHRASES)] == ["missed appointment"]
	text = "Client missed appointment yesterday. Rebooked for 2026-03-10."
	assert find_hints(text, PHRASES) == []


def test_word_boundaries_case_and_spelling_variants():
	assert find_hints("Blazy and lazyish are names, not judgments.", PHRASES) == []
	assert find_hints("The bus was flojos? No: floja-mente.", PHRASES)[0]["phrase"] == "floja"
	assert [h["found"] for h in find_hints("Client is LAZY.", PHRASES)] == ["LAZY"]
	for written in ("non-compliant", "Non compliant", "NONCOMPLIANT", "non  compliant"):
		assert [h["phrase"] for h in find_hints(f"Client is {written}.", PHRASES)] == ["non-compliant"], (
			written
		)
	assert find_hints("La clienta es MANIPULADORA.", PHRASES)[0]["phrase"] == "manipuladora"
	assert find_hints("Faltó a la cita.", PHRASES)[0]["phrase"] == "faltó a la cita"
	assert find_hints("Faltó a la cita el lunes.", PHRASES) == []


def test_a_phrase_counts_its_occurrences_and_hints_once_in_order():
	hints = find_hints("Manipulative. Then lazy, lazy again.", PHRASES)
	assert [(h["phrase"], h["count"]) for h in hints] == [("manipulative", 1), ("lazy", 2)]
	twice = [*PHRASES, {"phrase": "LAZY", "suggestion": "other"}]
	assert len(find_hints("lazy", twice)) == 1


def test_empty_and_blank_phrases_never_match():
	assert find_hints("anything at all", [{"phrase": ""}, {"phrase": "   "}, {"phrase": None}]) == []
	assert find_hints("", PHRASES) == [] and find_hints(None, PHRASES) == []


@given(st.lists(st.sampled_from(NEUTRAL_WORDS), max_size=40), st.sampled_from([" ", ". ", ", ", "\n"]))
def test_neutral_text_gives_no_hint(words, sep):
	assert find_hints(sep.join(words), PHRASES) == []


@given(
	st.lists(st.sampled_from(NEUTRAL_WORDS), max_size=10),
	st.lists(st.sampled_from(NEUTRAL_WORDS), max_size=10),
	st.sampled_from(JUDGMENTS),
	st.sampled_from([str.lower, str.upper, str.title]),
)
def test_a_listed_phrase_anywhere_in_any_case_is_hinted(before, after, row, case):
	text = " ".join([*before, case(row["phrase"]), *after])
	assert row["phrase"] in [h["phrase"] for h in find_hints(text, PHRASES)]


@given(st.sampled_from(JUDGMENTS), st.sampled_from(["b", "x", "ñ", "é", "1", "_"]))
def test_a_phrase_inside_a_longer_word_is_not_hinted(row, letter):
	glued = f"{letter}{row['phrase']} {row['phrase']}{letter}"
	assert row["phrase"] not in [h["phrase"] for h in find_hints(glued, [row])]


def test_dates_weekdays_and_relative_days_are_recognised():
	for said in ("3/3", "03-03-2026", "2026-03-03", "Mar 3", "March 3rd", "3rd of March", "3 de marzo",
		"Friday", "miércoles", "sábado", "this morning", "esta mañana", "anoche"):  # fmt: skip
		assert has_date(f"seen {said} here"), said
	for said in ("soon", "later", "recently", "a while ago", "pronto", "3 times", "mayor"):
		assert not has_date(f"seen {said} here"), said


def test_a_hint_counts_once_while_it_stays_on_screen():
	hints = find_hints("lazy and manipulative", PHRASES)
	assert not_yet_counted(hints, []) == ["en-lazy", "en-manipulative"]
	assert not_yet_counted(hints, ["en-lazy"]) == ["en-manipulative"]


# --- templates ----------------------------------------------------------------------------


def test_the_shipped_templates_are_dap_soap_girp_and_a_home_visit():
	by_name = {t["name"]: [s["heading"] for s in t["sections"]] for t in TEMPLATES}
	assert by_name["DAP"] == ["Data", "Assessment", "Plan"]
	assert by_name["SOAP"] == ["Subjective", "Objective", "Assessment", "Plan"]
	assert by_name["GIRP"] == ["Goal", "Intervention", "Response", "Plan"]
	assert "Home visit" in by_name
	for template in TEMPLATES:
		assert template_problems(template["sections"]) == []
		assert all(s["prompt"].strip() for s in template["sections"])


def test_a_template_needs_sections_each_with_a_distinct_heading():
	assert template_problems([]) == [("no_sections", None)]
	assert template_problems([{"heading": "Data"}, {"heading": "  "}]) == [("no_heading", 2)]
	assert template_problems([{"heading": "Plan"}, {"heading": "plan "}]) == [("duplicate_heading", 2)]


DAP = TEMPLATES[0]["sections"]


def test_a_note_from_a_template_needs_its_required_sections():
	full = [
		{"heading": "Data", "content": "x"},
		{"heading": "Assessment", "content": "y"},
		{"heading": "Plan", "content": "z"},
	]
	assert note_problems(True, DAP, full) == []
	assert note_problems(True, DAP, full[:2]) == [("required_empty", "Plan")]
	assert ("inactive_template", None) in note_problems(False, DAP, full)
	assert note_problems(True, DAP, [*full, {"heading": "Gossip", "content": "x"}]) == [
		("unknown_section", "Gossip")
	]
	assert note_problems(None, [], [{"heading": "A", "content": " "}]) == [("all_empty", None)]
	optional = [{"heading": "A", "required": 0}]
	assert note_problems(True, optional, []) == [("all_empty", None)]


def test_a_note_reads_as_its_sections_with_text_under_their_headings():
	rows = sections_for_note(DAP, opening="Home visit, 3 Mar 2026.")
	assert [r["heading"] for r in rows] == ["Data", "Assessment", "Plan"]
	assert rows[0]["content"] == "Home visit, 3 Mar 2026." and rows[1]["content"] == ""
	rows[2]["content"] = "  Call Friday. "
	assert note_text(rows) == [("Data", "Home visit, 3 Mar 2026."), ("Plan", "Call Friday.")]


def test_a_visit_opens_its_note_with_its_date_mode_and_who_was_present():
	assert visit_opening("Home visit", "3 Mar 2026", "client, her mother") == (
		"Home visit, 3 Mar 2026. Present: client, her mother."
	)
	assert (
		visit_opening("Visita", "3 mar 2026", "la clienta", "Presentes")
		== "Visita, 3 mar 2026. Presentes: la clienta."
	)
	assert visit_opening(None, "3 Mar 2026", None) == "3 Mar 2026."
	assert visit_opening(None, None, None) == ""
	assert visit_note_type("Home visit") == "Home visit" and visit_note_type("Phone") == "Phone call"
	assert visit_note_type(None) == "Contact"
