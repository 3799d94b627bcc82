"""Duplicate review in the desk, in a real browser: the side-by-side view of a candidate pair,
the merge dialog with its field-by-field choices, and the merge itself with its undo."""

from conftest import LAPTOP

ADMIN = "admin@demo.example.org"


def open_candidate(page):
	"""Open the first open pair of the review queue (the demo run's duplicate check fills it)."""
	page.goto("/app/duplicate-candidate?status=Open")
	row = page.locator(".list-row-container .list-subject a[data-name]").first
	row.wait_for()
	name = row.get_attribute("data-name")
	page.goto(f"/app/duplicate-candidate/{name}")
	page.locator("table.table-bordered").wait_for()
	return name


def test_reviewer_sees_the_pair_side_by_side_and_merges_it(login, shot):
	page = login(ADMIN, LAPTOP)
	name = open_candidate(page)
	table = page.locator("table.table-bordered")
	text = table.inner_text()
	for label in ("First name", "Last name", "Date of birth", "Linked documents"):
		assert label in text, label
	assert page.get_by_text("Score").first.is_visible()
	shot(page, "duplicate-candidate-side-by-side")

	page.get_by_role("button", name="Merge…").click()
	dialog = page.locator(".modal.show")
	dialog.get_by_text("Values to keep").wait_for()
	# a choice per differing field, or, for two records that agree, the words saying so
	choices = dialog.locator(".form-section select:not([data-fieldname=survivor])")
	nothing = dialog.get_by_text("there is nothing to choose")
	assert choices.count() > 0 or nothing.is_visible()
	shot(page, "duplicate-candidate-merge-dialog")
	survivor = dialog.locator("select[data-fieldname=survivor]").input_value()
	dialog.get_by_role("button", name="Merge", exact=True).click()
	page.wait_for_url(f"**/app/client/{survivor}")
	page.locator(".page-title").wait_for()

	# the pair is Merged, and its log offers Undo
	page.goto(f"/app/duplicate-candidate/{name}")
	page.get_by_role("button", name="Merge log").click()
	page.wait_for_url("**/app/client-merge-log/**")
	page.get_by_role("button", name="Undo merge").wait_for()
	shot(page, "client-merge-log")
	page.get_by_role("button", name="Undo merge").click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	page.locator(".indicator-pill", has_text="Undone").wait_for()
	page.goto(f"/app/duplicate-candidate/{name}")
	page.get_by_role("button", name="Merge…").wait_for()  # open for review again
