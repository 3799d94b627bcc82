app_name = "case_management"
app_title = "Case Management"
app_publisher = "case_management contributors"
app_description = (
	"Social-service case management: intake, assessment, referrals, follow-up and duplicate review"
)
app_email = "maintainers@case-management.invalid"
app_license = "mit"

required_apps = []

# Whitelisted methods must declare their argument types; Frappe checks them on every call.
require_type_annotated_api_methods = True
export_python_type_annotations = True

after_sync = "case_management.setup.install.after_sync"
after_migrate = "case_management.setup.install.after_migrate"
before_uninstall = "case_management.setup.install.before_uninstall"

# Roles, workflow states and actions are synced on every migrate. The Case workflow and the
# intake assignment rule live in setup/defaults/ and are only inserted when missing, so an
# agency's own edits to them survive upgrades.
fixtures = [
	{
		"dt": "Role",
		"filters": [
			[
				"name",
				"in",
				[
					"Caseworker",
					"Case Supervisor",
					"Case Management Admin",
					"Referral Partner",
					"Program Manager",
				],
			]
		],
	},
	{
		"dt": "Workflow State",
		"filters": [["name", "in", ["Intake", "Assessment", "Active", "Monitoring", "On Hold", "Closed"]]],
	},
	{
		"dt": "Workflow Action Master",
		"filters": [
			[
				"name",
				"in",
				[
					"Start Assessment",
					"Activate",
					"Move to Monitoring",
					"Resume Active",
					"Put On Hold",
					"Resume",
					"Close",
					"Reopen",
				],
			]
		],
	},
]

portal_menu_items = [
	{"title": "My caseload", "route": "/caseload", "role": "Caseworker"},
	{"title": "Team caseload", "route": "/caseload", "role": "Case Supervisor"},
	{
		"title": "Referrals",
		"route": "/partner-referrals",
		"reference_doctype": "Referral",
		"role": "Referral Partner",
	},
]

# The Case Summary and Discharge Summary print formats read their data through these
# (permission-checked) helpers.
jinja = {
	"methods": [
		"case_management.services.printing.case_summary",
		"case_management.services.discharge.discharge_sections",
		"case_management.services.service_plan.service_plan",
	]
}

# Frappe's personal-data download and deletion requests cover a client's own record, found by
# their email address. Deletion redacts what identifies the person and keeps the record (and its
# cases) under its id: agencies must keep service history. The record is not renamed: its id
# (CL-YYYY-#####) says nothing about the person.
user_data_fields = [
	{
		"doctype": "Client",
		"filter_by": "email",
		"redact_fields": [
			"first_name",
			"middle_name",
			"last_name",
			"preferred_name",
			"full_name",
			"phone",
			"alternate_phone",
			"date_of_birth",
			"address_line1",
			"address_line2",
			"city",
			"postal_code",
			"consent_notes",
			"id_type",
			"id_number",
			"id_number_masked",
			"id_data_quality",
		],
	},
]

doctype_js = {
	"Client": ["public/js/household.js", "public/js/case_forms.js"],
	"Case": ["public/js/household.js", "public/js/case_forms.js", "public/js/case_programs.js"],
	"Vulnerability Assessment": "public/js/case_forms.js",
}

# The caseworker portal: /caseload, /caseload/intake, /caseload/week, and one page per case.
website_route_rules = [
	{"from_route": "/caseload/intake", "to_route": "caseload/intake"},
	{"from_route": "/caseload/week", "to_route": "caseload/week"},
	{"from_route": "/caseload/<case>/plan", "to_route": "caseload/plan"},
	{"from_route": "/caseload/<case>", "to_route": "caseload/case"},
]
# Its pages and calls carry personal data: no browser or proxy may keep a copy.
after_request = ["case_management.services.portal.common.no_store"]


permission_query_conditions = {
	"Client": "case_management.permissions.client_query",
	"Case": "case_management.permissions.case_query",
	"Household Member": "case_management.permissions.household_member_query",
	"Case Note": "case_management.permissions.case_note_query",
	"Discharge Summary": "case_management.permissions.discharge_summary_query",
	"Follow-up Visit": "case_management.permissions.follow_up_visit_query",
	"Referral": "case_management.permissions.referral_query",
	"Vulnerability Assessment": "case_management.permissions.vulnerability_assessment_query",
	"Monthly Case Summary": "case_management.permissions.monthly_case_summary_query",
	"Safety Alert": "case_management.permissions.safety_alert_query",
	"Inbound Message": "case_management.permissions.inbound_message_query",
	"Service Provider": "case_management.permissions.service_provider_query",
	"Duplicate Candidate": "case_management.permissions.duplicate_candidate_query",
	"Client Merge Log": "case_management.permissions.client_merge_log_query",
	"Client Access Log": "case_management.permissions.client_access_log_query",
	# Every child doctype of the app: a row is visible when its parent record is.
	"*": "case_management.permissions.children.query_condition",
	# Frappe's records about the app's records follow the record they are about.
	"File": "case_management.permissions.trails.query_condition",
	"Tag Link": "case_management.permissions.trails.query_condition",
	"Document Follow": "case_management.permissions.trails.query_condition",
	"Version": "case_management.permissions.trails.query_condition",
	"Comment": "case_management.permissions.trails.query_condition",
	"Communication": "case_management.permissions.trails.query_condition",
	"Program": "case_management.permissions.programs.program_query",
	"Program Enrolment": "case_management.permissions.programs.program_enrolment_query",
	"Service Delivery": "case_management.permissions.programs.service_delivery_query",
}

has_permission = {
	"Client": "case_management.permissions.has_client_permission",
	"Case": "case_management.permissions.has_case_permission",
	"Household Member": "case_management.permissions.has_household_member_permission",
	"Case Note": "case_management.permissions.has_case_note_permission",
	"Discharge Summary": "case_management.permissions.has_discharge_summary_permission",
	"Follow-up Visit": "case_management.permissions.has_case_child_permission",
	"Referral": "case_management.permissions.has_case_child_permission",
	"Vulnerability Assessment": "case_management.permissions.has_case_child_permission",
	"Monthly Case Summary": "case_management.permissions.has_case_child_permission",
	"Safety Alert": "case_management.permissions.has_case_child_permission",
	"Inbound Message": "case_management.permissions.has_case_child_permission",
	"Service Provider": "case_management.permissions.has_service_provider_permission",
	"Duplicate Candidate": "case_management.permissions.has_duplicate_candidate_permission",
	"Client Merge Log": "case_management.permissions.has_client_merge_log_permission",
	"Client Access Log": "case_management.permissions.has_client_access_log_permission",
	# Frappe's records about the app's records (permissions/trails.py TRAILS)
	"File": "case_management.permissions.trails.has_permission",
	"Tag Link": "case_management.permissions.trails.has_permission",
	"Document Follow": "case_management.permissions.trails.has_permission",
	"Version": "case_management.permissions.trails.has_permission",
	"Comment": "case_management.permissions.trails.has_permission",
	"Communication": "case_management.permissions.trails.has_permission",
	"Program": "case_management.permissions.programs.has_program_permission",
	"Program Enrolment": "case_management.permissions.programs.has_program_enrolment_permission",
	"Service Delivery": "case_management.permissions.programs.has_service_delivery_permission",
}

# Frappe's generic channels (permissions/channels.py): every call to one of Frappe's methods
# about the app's records is checked once the user is known (auth hooks run after API-key and
# OAuth sign-in too), and the methods that skip record rules in their own code are replaced.
auth_hooks = ["case_management.permissions.channels.check_call"]
override_whitelisted_methods = {
	"frappe.desk.search.search_link": "case_management.permissions.replacements.search_link",
	"frappe.desk.search.search_widget": "case_management.permissions.replacements.search_widget",
	"frappe.client.get_count": "case_management.permissions.replacements.get_count",
	"frappe.desk.listview.get_group_by_count": "case_management.permissions.replacements.get_group_by_count",
	"frappe.utils.global_search.search": "case_management.permissions.replacements.global_search_results",
}

scheduler_events = {
	"cron": {
		"* * * * *": [
			"case_management.services.safety.retry_due",
			"case_management.services.visit_notices.send_due_notices",
			"case_management.services.inbound_actions.retry_received",
		],
		"*/10 * * * *": ["case_management.services.follows.prune"],
	},
	"hourly": [
		"case_management.services.visit_notices.send_due_reminders",
		"case_management.services.referrals.send_waiting",
	],
	"daily": ["case_management.services.enrolment.lapse_offers"],
	"daily_long": [
		"case_management.jobs.follow_up.run_daily",
		"case_management.jobs.duplicates.run_nightly",
	],
	"monthly_long": ["case_management.jobs.monthly_summary.run_monthly"],
}

# The central input check (validation.py): the app's requests, and every save of its records.
before_request = [
	"case_management.services.language.guest_language",
	"case_management.validation.check_request",
]

doc_events = {
	"*": {"before_validate": "case_management.validation.check_document"},
	"ToDo": {
		"validate": "case_management.permissions.links.check_todo",
		"after_insert": "case_management.services.intake.on_todo_insert",
	},
	"User": {"on_update": "case_management.services.intake.sync_intake_rule_users"},
	# Referral emails that waited for an outgoing account go when one is set up.
	"Email Account": {"on_update": "case_management.services.referrals.on_email_account_update"},
	# Programs: a waiting enrolment's eligibility follows the facts it was decided on (after_delete:
	# a removed member is gone when the decision is made again; risk and
	# score changes: services/risk.record).
	"Case": {
		"on_update": [
			"case_management.services.programs.on_case_change",
			# A follow ends when access ends: Frappe's digest would mail the old reader the changes.
			"case_management.services.follows.on_case_change",
		]
	},
	"DocShare": {
		"on_update": "case_management.services.follows.on_share_change",
		"after_delete": "case_management.services.follows.on_share_change",
	},
	"Client": {"on_update": "case_management.services.programs.on_client_change"},
	# Deletion redacts the Client's columns; the encrypted document number lives apart (__Auth).
	"Personal Data Deletion Request": {"on_update": "case_management.services.identity.on_deletion_request"},
	"Household Member": {
		"on_update": "case_management.services.programs.on_household_change",
		"after_delete": "case_management.services.programs.on_household_change",
	},
}

# The test suite's standard staff, made once (tests/factories.py before_tests).
before_tests = ["case_management.tests.factories.before_tests"]

# Frappe's login page, corrected for WCAG 2.1 AA (contrast, focus, the logo's alt text); each
# rule is scoped to that page (public/portal/frappe-pages.*).
web_include_css = ["/assets/case_management/portal/frappe-pages.css"]
web_include_js = ["/assets/case_management/portal/frappe-pages.js"]
