"""Frappe integration-test helpers: a base class that works on v15 and v16, and factories."""

try:  # Frappe v16
	from frappe.tests import IntegrationTestCase as _FrappeTestCase
except ImportError:  # Frappe v15
	from frappe.tests.utils import FrappeTestCase as _FrappeTestCase

from contextlib import contextmanager

import frappe


class CaseManagementTestCase(_FrappeTestCase):
	"""Every test starts and ends as Administrator; data is rolled back after each class."""

	def setUp(self):
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")


@contextmanager
def count_queries():
	"""Count frappe.db.sql calls inside the block (v15 has no assertQueryCount):

	with count_queries() as n:
	    doc.submit()
	print(n[0])
	"""
	count = [0]
	original = frappe.db.sql

	def counting(*args, **kwargs):
		count[0] += 1
		return original(*args, **kwargs)

	frappe.db.sql = counting
	try:
		yield count
	finally:
		frappe.db.sql = original
