"""The Follow-up Visit calendar: events only from the visits the user may see."""

import frappe
from frappe.utils import add_days, add_to_date, now_datetime, today

from case_management.api.visits import get_events
from case_management.tests import CaseManagementTestCase
from case_management.tests.factories import make_case, make_client, standard_staff


def make_visit(case: str, due_date: str, **kw) -> str:
	return (
		frappe.get_doc({"doctype": "Follow-up Visit", "case": case, "due_date": due_date, **kw}).insert().name
	)


class TestVisitCalendar(CaseManagementTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.staff = standard_staff()
		frappe.set_user(cls.staff.a)
		mine = make_case(make_client(first_name="Cal", last_name="Mine").name, caseworker=cls.staff.a)
		cls.booked = make_visit(
			mine.name, add_days(today(), 2), scheduled_time=add_to_date(now_datetime(), days=2, hours=1)
		)
		cls.late = make_visit(mine.name, add_days(today(), -3))
		frappe.set_user(cls.staff.b)
		theirs = make_case(make_client(first_name="Cal", last_name="Theirs").name, caseworker=cls.staff.b)
		cls.hidden = make_visit(theirs.name, add_days(today(), 1))
		frappe.set_user("Administrator")

	def window(self):
		return {"start": add_days(today(), -10), "end": add_days(today(), 10)}

	def test_events_come_only_from_visits_the_user_may_see(self):
		frappe.set_user(self.staff.a)
		events = {e["name"]: e for e in get_events(**self.window())}
		self.assertIn(self.booked, events)
		self.assertIn(self.late, events)
		self.assertNotIn(self.hidden, events)
		self.assertEqual((events[self.booked]["all_day"], events[self.booked]["status"]), (0, "Scheduled"))
		self.assertEqual((events[self.late]["all_day"], events[self.late]["status"]), (1, "Overdue"))
		self.assertEqual(events[self.late]["color"], "#F8814F")
		self.assertIn("Cal Mine", events[self.late]["title"])
		frappe.set_user(self.staff.b)  # the other caseload, and its supervisor, see theirs only
		self.assertEqual({e["name"] for e in get_events(**self.window())} & {self.booked, self.late}, set())
		frappe.set_user(self.staff.s2)
		self.assertIn(self.hidden, {e["name"] for e in get_events(**self.window())})
		frappe.set_user(self.staff.s1)
		self.assertNotIn(self.hidden, {e["name"] for e in get_events(**self.window())})

	def test_calendar_filters_and_bad_dates(self):
		frappe.set_user(self.staff.a)
		done = get_events(**self.window(), filters='[["Follow-up Visit", "status", "=", "Completed"]]')
		self.assertNotIn(self.late, {e["name"] for e in done})
		self.assertRaises(frappe.ValidationError, get_events, start="soon", end="later")
		self.assertRaises(frappe.ValidationError, get_events, start=today(), end=add_days(today(), -5))
		frappe.set_user(self.staff.partner)
		self.assertRaises(frappe.PermissionError, get_events, **self.window())
