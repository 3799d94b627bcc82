"""Frappe integration-test helpers: a base class that works on v15 and v16, and factories."""

try:  # Frappe v16
	from frappe.tests import IntegrationTestCase as _FrappeTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase as _FrappeTestCase

import frappe


class CaseManagementTestCase(_FrappeTestCase):
	"""Every test starts and ends as Administrator; data is rolled back after each class."""

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")

	def assertRefused(self, func, *args, exc=frappe.PermissionError, **kwargs):
		with self.assertRaises(exc):
			func(*args, **kwargs)
