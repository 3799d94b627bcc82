"""The keyboard alone, no mouse: a caseworker adds a note and logs a visit from the case page with
Tab, Shift+Tab, Enter, Space, the arrow keys and typing (no click, no fill), and both are saved;
every control of every page outside the desk shows where the focus is (an outline or a ring)."""

import random
import string

import pytest
from conftest import LAPTOP, PHONE, demo_link

CASEWORKER = "caseworker01@demo.example.org"
PARTNER = "partner@demo.example.org"

# What has the focus, whether `selector` matches it, whether the target lies before it, and
# whether the focus can be seen (an outline that is drawn, or a box shadow).
FOCUS = """(selector) => {
	const el = document.activeElement;
	const target = selector ? document.querySelector(selector) : null;
	if (!el || el === document.body || el === document.documentElement) return { none: true };
	const style = getComputedStyle(el);
	const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
	const ring = !!style.boxShadow && style.boxShadow !== "none";
	return {
		match: !!target && el === target,
		before: !!target && !!(el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING),
		seen: outline || ring,
		what: el.outerHTML.slice(0, 120),
	};
}"""


def focus(page, selector: str | None = None) -> dict:
	return page.evaluate(FOCUS, selector)


def tab_to(page, selector: str, limit: int = 250) -> None:
	"""Tab (or Shift+Tab, when the target is above) until `selector` has the focus; every stop
	on the way must show its focus."""
	for _ in range(limit):
		now = focus(page, selector)
		if now.get("match"):
			return
		page.keyboard.press("Shift+Tab" if now.get("before") else "Tab")
		now = focus(page, selector)
		if not now.get("none"):
			assert now["seen"], f"the focus cannot be seen on {now['what']}"
	pytest.fail(f"{selector} was not reached with the keyboard in {limit} key presses")


def press_and_wait_for_saved(page, key: str) -> None:
	"""Press `key` on the focused button; the live region then says what was saved."""
	page.evaluate("() => { document.querySelector('#cm-live').textContent = ''; }")
	page.keyboard.press(key)
	page.wait_for_function("() => document.querySelector('#cm-live')?.textContent.trim()")
	# the focus stays where the reader was (the card, or what was saved), never back at the top
	assert not focus(page).get("none"), "the focus was lost after saving"
	assert page.evaluate("() => !!document.activeElement.closest('#main')")


def test_add_a_note_and_log_a_visit_with_the_keyboard_alone(login, shot):
	page = login(CASEWORKER, LAPTOP)
	page.goto("/caseload")
	row = page.locator(".case-row a").first
	row.wait_for()
	case = row.get_attribute("href")
	page.goto(case)
	page.locator("h1").wait_for()

	# the first Tab shows the skip link; Enter takes the focus to the page's content
	page.keyboard.press("Tab")
	assert focus(page, "a.skip")["match"] and focus(page)["seen"]
	assert page.locator("a.skip").bounding_box()["x"] >= 0
	page.keyboard.press("Enter")
	assert focus(page, "#main")["match"]

	# a note: open "Add a note" with Enter, type the subject and the text, save with Enter
	subject = "Keyboard note " + "".join(random.choices(string.ascii_lowercase, k=6))
	tab_to(page, "#add-note > summary")
	page.keyboard.press("Enter")
	assert page.locator("#add-note").get_attribute("open") is not None
	tab_to(page, "#note-subject")
	page.keyboard.type(subject)
	tab_to(page, "#note-text")
	page.keyboard.type("Client called; rent for this month is paid.")
	tab_to(page, "#add-note button[type=submit]")
	shot(page, "keyboard-note-focused", full_page=False)
	press_and_wait_for_saved(page, "Enter")

	# a visit: open "Log a visit", Space on Completed, the arrow key for how, typed notes, Space saves
	completed = page.locator("#h-visits + ul li", has_text="Seen by keyboard").count()
	tab_to(page, "#log-visit > summary")
	page.keyboard.press("Enter")
	tab_to(page, "#visit-done")
	page.keyboard.press("Space")
	tab_to(page, "#visit-mode")
	page.keyboard.press("ArrowDown")
	assert page.locator("#visit-mode").input_value(), "the arrow key chose how the visit was made"
	tab_to(page, "#visit-present")
	page.keyboard.type("The client and her son")
	tab_to(page, "#visit-notes")
	page.keyboard.type("Seen by keyboard at the office.")
	tab_to(page, "#log-visit button[type=submit]")
	shot(page, "keyboard-visit-focused", full_page=False)
	press_and_wait_for_saved(page, "Space")

	# both are saved: the page read again from the server shows them
	page.reload()
	note = page.locator(".notes > li", has_text=subject)
	assert note.count() == 1
	assert "rent for this month is paid" in note.inner_text()
	visits = page.locator("#h-visits + ul li", has_text="Seen by keyboard")
	assert visits.count() == completed + 1
	assert "Completed" in visits.first.inner_text()
	assert "Present: The client and her son" in visits.first.inner_text()


def tab_through(page, where: str, limit: int = 400) -> int:
	"""Tab from the top of the page to its end: every control that takes the focus shows it.
	Returns how many stops there were."""
	page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
	seen = []
	for _ in range(limit):
		page.keyboard.press("Tab")
		now = focus(page)
		if now.get("none"):
			if seen:
				break  # past the last control
			continue
		if seen and now["what"] == seen[0]:
			break  # back at the first
		assert now["seen"], f"{where}: the focus cannot be seen on {now['what']}"
		seen.append(now["what"])
	assert seen, f"{where}: nothing takes the keyboard's focus"
	return len(seen)


def test_every_control_shows_its_focus(login):
	page = login(CASEWORKER, LAPTOP)
	page.goto("/caseload")
	case = page.locator(".case-row a").first.get_attribute("href")
	for path in ("/caseload", case, "/caseload/intake", "/caseload/week", f"{case}/plan"):
		page.goto(path)
		page.wait_for_load_state("load")
		tab_through(page, path)

	partner = login(PARTNER, LAPTOP)
	partner.goto("/partner-referrals")
	tab_through(partner, "/partner-referrals")

	guest = login(None, PHONE)
	guest.goto("/login")
	guest.wait_for_load_state("load")
	tab_through(guest, "/login")
	own = demo_link("page_link", language="en")["path"]  # first: it makes a new visit link too
	for path in (own, demo_link("visit_link", language="en"), demo_link("referral_link")):
		guest.goto(path)
		guest.wait_for_load_state("load")
		guest.evaluate("() => document.querySelectorAll('details').forEach((d) => (d.open = true))")
		tab_through(guest, path.split("?")[0])
