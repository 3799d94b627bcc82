"""services/limits.py: request limits whose windows always expire."""

import time

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import set_request

from case_management.services import limits


@limits.rate_limit(limit=2, seconds=30)
def per_address():
	return "answered"


@limits.rate_limit(key="token", limit=lambda: 1, seconds=30, ip_based=False)
def per_token():
	return "answered"


class TestLimits(FrappeTestCase):
	def setUp(self):
		self.cmd = f"test-limits-{time.time_ns()}"
		self.ip = f"10.{time.time_ns() % 250}.7.{time.time_ns() % 199 + 1}"

	def tearDown(self):
		frappe.local.request = None
		frappe.local.request_ip = None
		frappe.local.form_dict = frappe._dict()

	def call(self, fn, ip=None, **form):
		set_request(method="POST", path=f"/api/method/{self.cmd}")
		frappe.local.request_ip = ip or self.ip
		frappe.local.form_dict = frappe._dict(cmd=self.cmd, **form)
		return fn()

	def ttl(self, identity: str) -> int:
		return frappe.cache.ttl(frappe.cache.make_key(f"rl:{self.cmd}:{identity}"))

	def test_past_the_limit_is_refused_and_every_window_has_an_expiry(self):
		self.assertEqual(self.call(per_address), "answered")
		self.assertTrue(0 < self.ttl(self.ip) <= 30)
		self.assertEqual(self.call(per_address), "answered")
		with self.assertRaises(frappe.RateLimitExceededError):
			self.call(per_address)
		self.assertTrue(0 < self.ttl(self.ip) <= 30)
		# another address has its own window
		self.assertEqual(self.call(per_address, ip="192.0.2.77"), "answered")

	def test_a_window_that_ends_between_two_requests_starts_again_with_its_expiry(self):
		"""Frappe's decorator reads the count, then adds one: a window that expired in between was
		counted again without an expiry and refused every later request for good."""
		self.call(per_address)
		self.call(per_address)
		frappe.cache.delete(frappe.cache.make_key(f"rl:{self.cmd}:{self.ip}"))  # the window ends
		self.assertEqual(self.call(per_address), "answered")
		self.assertTrue(0 < self.ttl(self.ip) <= 30)

	def test_counted_per_argument(self):
		self.assertEqual(self.call(per_token, token="first-link"), "answered")
		with self.assertRaises(frappe.RateLimitExceededError):
			self.call(per_token, token="first-link", ip="192.0.2.8")  # the address does not matter
		self.assertEqual(self.call(per_token, token="second-link"), "answered")
		self.assertTrue(0 < self.ttl("first-link") <= 30)

	def test_a_request_that_cannot_be_counted_is_refused(self):
		with self.assertRaises(frappe.PermissionError):
			self.call(per_token)

	def test_without_a_request_nothing_is_counted(self):
		frappe.local.request = None
		self.assertEqual(per_address(), "answered")
