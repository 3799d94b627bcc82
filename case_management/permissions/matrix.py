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
  -        nothing at all

Caseworkers also see cases shared with them and clients they registered that have no case
yet; restricted notes are not for shares (see permissions/__init__.py). "Desk user" is a
System User with no case role. Case Management Settings is a single record: R and W only.
"""

ROLES = ("Caseworker", "Case Supervisor", "Case Management Admin", "Referral Partner", "Desk user", "Guest")

TABLE = """
doctype                   | Caseworker   | Case Supervisor | Case Management Admin | Referral Partner | Desk user | Guest
Client                    | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Case                      | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Household Member          | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Case Note                 | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Follow-up Visit           | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Vulnerability Assessment  | RLWCP own    | RLWCPX team     | RLWCDPX all           | -                | -         | -
Referral                  | RLWCP own    | RLWCPX team     | RLWCDPX all           | RL partner       | -         | -
Monthly Case Summary      | RLP own      | RLPX team       | RLWCDPX all           | -                | -         | -
Safety Alert              | RLP own      | RLP team        | RLWCDPX all           | -                | -         | -
Duplicate Candidate       | -            | RLWP team       | RLWDPX all            | -                | -         | -
Client Merge Log          | -            | RLP team        | RLPX all              | -                | -         | -
Service Provider          | RL all       | RLP all         | RLWCDPX all           | RL partner       | -         | -
Caseworker Team           | RL all       | RLP all         | RLWCDPX all           | -                | -         | -
Intake Checklist Template | RL all       | RLP all         | RLWCDPX all           | -                | -         | -
Scoring Instrument        | RL all       | RLP all         | RLWCDPX all           | -                | -         | -
Case Job Run              | -            | RLP all         | RLWCDPX all           | -                | -         | -
Case Management Settings  | R all        | R all           | RW all                | -                | -         | -
"""

ACTIONS = {
	"R": "read",
	"L": "list",
	"W": "write",
	"C": "create",
	"D": "delete",
	"P": "report",
	"X": "export",
}
REACHES = {"all", "own", "team", "partner", "-"}


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
