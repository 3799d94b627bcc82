"""Who may do what with each kind of record: the one declared table.

This table is the documentation of access, and `permissions/test_matrix.py` checks every cell
of it against a real site, as each role, on records inside and outside the user's reach. If
the app and the table disagree, the test fails; change one or the other on purpose.

Actions: R read a record · L list · W write · C create · D delete · P report view · X export
Reach (which records R, L, W and D apply to):
  all      every record
  own      a caseworker's own caseload: their cases, and what hangs off those cases
  team     a supervisor's teams: every case of the teams they supervise (and what hangs off it)
  partner  a Referral Partner's organisation: referrals sent (not drafts) to it, and itself
  program  a Program Manager's programs: the programs they are listed on, and those programs'
           enrolments, waitlist and services (never the case or client records themselves)
  -        nothing at all

Caseworkers also see cases shared with them and clients they registered that have no case
yet; restricted notes are not for shares (see permissions/__init__.py). "Desk user" is a
System User with no case role. Case Management Settings is a single record: R and W only.
"""

ROLES = (
	"Caseworker",
	"Case Supervisor",
	"Case Management Admin",
	"Referral Partner",
	"Program Manager",
	"Desk user",
	"Guest",
)

TABLE = """
doctype                   | Caseworker | Case Supervisor | Case Management Admin | Referral Partner | Program Manager | Desk user | Guest
Client                    | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Case                      | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Household Member          | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Case Note                 | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Discharge Summary         | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Follow-up Visit           | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Vulnerability Assessment  | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | -               | -         | -
Referral                  | RLWCP own  | RLWCPX team     | RLWCDPX all           | RL partner       | -               | -         | -
Monthly Case Summary      | RLP own    | RLPX team       | RLWCDPX all           | -                | -               | -         | -
Safety Alert              | RLP own    | RLP team        | RLWCDPX all           | -                | -               | -         | -
Inbound Message           | RLP own    | RLP team        | RLWCDPX all           | -                | -               | -         | -
Text Opt-out              | -          | -               | RLPX all              | -                | -               | -         | -
Duplicate Candidate       | -          | RLWP team       | RLWDPX all            | -                | -               | -         | -
Client Merge Log          | -          | RLP team        | RLPX all              | -                | -               | -         | -
Client Access Log         | -          | RLP team        | RLPX all              | -                | -               | -         | -
Service Provider          | RL all     | RLP all         | RLWCDPX all           | RL partner       | -               | -         | -
Caseworker Team           | RL all     | RLP all         | RLWCDPX all           | -                | -               | -         | -
Intake Checklist Template | RL all     | RLP all         | RLWCDPX all           | -                | -               | -         | -
Scoring Instrument        | RL all     | RLP all         | RLWCDPX all           | -                | -               | -         | -
Note Template             | RL all     | RLP all         | RLWCDPX all           | -                | -               | -         | -
Note Hint Phrase          | RL all     | RLP all         | RLWCDPX all           | -                | -               | -         | -
Case Job Run              | -          | RLP all         | RLWCDPX all           | -                | -               | -         | -
Program                   | RL all     | RLP all         | RLWCDPX all           | -                | RLWP program    | -         | -
Program Enrolment         | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | RLWP program    | -         | -
Service Delivery          | RLWCP own  | RLWCPX team     | RLWCDPX all           | -                | RLWCP program   | -         | -
Case Management Settings  | R all      | R all           | RW all                | -                | -               | -         | -
"""

# Child tables have no permissions of their own: a row is readable, listable, countable and
# reportable exactly when its parent record is, through every channel (a form, REST on the
# child doctype, frappe.client.get_list / get_count / get_value with `parent`, the report view,
# number cards). permissions/children.py builds the list condition from the parents below;
# test_matrix.py checks every child doctype, as every role, against this table.
CHILD_TABLES = """
child doctype                  | parent
Client Emergency Contact       | Client
Income Entry                   | Household Member
Case Checklist Item            | Case
Case Goal                      | Case
Case Note Section              | Case Note
Case Risk History              | Case
Assessment Answer              | Vulnerability Assessment
Assessment Domain Score        | Vulnerability Assessment
Safety Alert Recipient         | Safety Alert
Referral Partner Log           | Referral
Caseworker Team Member         | Caseworker Team
Service Provider Service       | Service Provider
Service Provider User          | Service Provider
Intake Checklist Template Item | Intake Checklist Template
Note Template Section          | Note Template
Scoring Domain                 | Scoring Instrument
Scoring Question               | Scoring Instrument
Scoring Answer Option          | Scoring Instrument
Scoring Band                   | Scoring Instrument
Poverty Guideline              | Case Management Settings
Program Service                | Program
Program Eligibility Rule       | Program
Program Manager User           | Program
"""

# Frappe's generic channels, and what the app makes of them for its records (SECURITY.md says
# how each is closed; http_tests/test_every_channel.py attacks each of them over HTTP).
CHANNELS = """
channel                                                     | rule for the app's records
REST /api/resource, frappe.client.get / get_list / get_value | the record rules of the table above; child rows follow their parent
frappe.client.get_count                                     | counts only records the user may list (Frappe's own counts every record)
report view, group-by and sidebar counts, number cards      | only records the user may list; filters, fields and sorting only on fields the user may read
link search (search_link, search_widget)                    | record rules always applied; no caller-chosen query
global search                                               | only results the user may read
files, tags, follows, likes, comments, versions, messages   | only about records the user may read; changes need write
assignments (ToDo)                                          | only on records the user may read, to users who may read them, unless the assigner may share
shares                                                      | a read-only share reads; writing needs a write share
household member links to another client                    | only to a client the user may already read
"""


def parse_children(table: str = CHILD_TABLES) -> dict[str, str]:
	"""{child doctype: parent doctype}."""
	lines = [line for line in table.strip().splitlines()[1:] if line.strip()]
	return dict(tuple(cell.strip() for cell in line.split("|")) for line in lines)


ACTIONS = {
	"R": "read",
	"L": "list",
	"W": "write",
	"C": "create",
	"D": "delete",
	"P": "report",
	"X": "export",
}
REACHES = {"all", "own", "team", "partner", "program", "-"}


def parse(table: str = TABLE) -> dict[str, dict[str, tuple[frozenset[str], str]]]:
	"""{doctype: {role: (actions, reach)}} — e.g. {"Client": {"Caseworker": ({"read", ...}, "own")}}."""
	lines = [line for line in table.strip().splitlines() if line.strip()]
	header = [cell.strip() for cell in lines[0].split("|")]
	if tuple(header[1:]) != ROLES:
		raise ValueError(f"the table's roles are {header[1:]}, expected {ROLES}")
	matrix = {}
	for line in lines[1:]:
		doctype, *cells = (cell.strip() for cell in line.split("|"))
		if len(cells) != len(ROLES):
			raise ValueError(f"{doctype}: {len(cells)} cells for {len(ROLES)} roles")
		row = {}
		for role, cell in zip(ROLES, cells, strict=True):
			letters, _, reach = cell.partition(" ") if cell != "-" else ("", "", "-")
			if reach not in REACHES or any(c not in ACTIONS for c in letters):
				raise ValueError(f"{doctype} / {role}: cannot read {cell!r}")
			if bool(letters) != (reach != "-"):
				raise ValueError(f"{doctype} / {role}: actions and reach disagree in {cell!r}")
			row[role] = (frozenset(ACTIONS[c] for c in letters), reach)
		matrix[doctype] = row
	return matrix
