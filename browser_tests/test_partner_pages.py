"""The partner portal page in a real browser, at phone and laptop widths."""

from conftest import LAPTOP, PHONE


def test_guest_is_sent_to_log_in_and_back(login, base_url):
	page = login(None)
	page.goto("/partner-referrals")
	page.wait_for_url("**/login**")
	assert "redirect-to=/partner-referrals" in page.url


def test_partner_sees_their_referrals_on_a_phone_and_a_laptop(login, shot):
	for name, viewport in (("phone", PHONE), ("laptop", LAPTOP)):
		page = login("partner@demo.example.org", viewport)
		page.goto("/partner-referrals")
		cards = page.locator("section[data-referral]")
		cards.first.wait_for()
		assert cards.count() > 0
		# Partners see a first name and an initial, never the client's full record.
		first_card = cards.first.inner_text()
		assert "Client:" in first_card
		width = page.evaluate("document.documentElement.scrollWidth")
		assert width <= viewport["width"], f"the page scrolls sideways at {viewport['width']} px"
		shot(page, f"partner-referrals-{name}")
