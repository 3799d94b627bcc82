"""The duplicate review queue worked with the keyboard, best score first: J opens the next
open pair, N marks this one not a duplicate and opens the next, M opens the merge dialog."""

from conftest import LAPTOP

ADMIN = "admin@demo.example.org"


def open_pairs(page) -> list[str]:
	"""The open pairs as the queue lists them: best score first."""
	response = page.request.get(
		"/api/resource/Duplicate Candidate",
		params={
			"filters": '[["status", "=", "Open"]]',
			"order_by": "score desc, name asc",
			"limit_page_length": "500",
		},
	)
	assert response.ok, response.text()[:200]
	return [row["name"] for row in response.json()["data"]]


def wait_for_pair(page, name: str) -> None:
	page.wait_for_url(f"**/app/duplicate-candidate/{name}")
	page.locator(f".keyboard-hint[data-pair='{name}']").wait_for()


def test_a_reviewer_works_through_the_queue_with_the_keyboard(login, shot):
	page = login(ADMIN, LAPTOP)
	page.goto("/app/duplicate-candidate?status=Open")
	page.locator(".list-row-container").first.wait_for()
	queue = open_pairs(page)
	assert len(queue) >= 3, "the demo data's duplicate check leaves at least three open pairs"
	first, second, third = queue[:3]

	page.goto(f"/app/duplicate-candidate/{first}")
	wait_for_pair(page, first)
	assert page.locator(".deciding-evidence").inner_text().strip()  # the evidence that decided it
	shot(page, "duplicate-review-keyboard")

	page.locator("body").press("j")
	wait_for_pair(page, second)

	page.locator("body").press("n")  # not a duplicate, then the next pair
	wait_for_pair(page, third)
	assert second not in open_pairs(page)

	page.locator("body").press("m")
	dialog = page.locator(".modal.show")
	dialog.get_by_text("Values to keep").wait_for()
	# keys typed into the dialog are not shortcuts: it stays open on this pair
	dialog.locator("select[data-fieldname=survivor]").press("n")
	assert page.locator(".modal.show").is_visible()
	dialog.locator(".btn-modal-close").click()
	page.locator(".modal.show").wait_for(state="hidden")
	assert third in open_pairs(page) and page.url.endswith(third)
