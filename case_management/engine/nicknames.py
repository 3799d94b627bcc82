"""Common English given-name variants, as groups of names that can stand for each other.

Our own short list of everyday equivalences (Bill/William, Peggy/Margaret ...); agencies
serving other communities can extend it. Names are compared after engine.names.search_key.
"""

GROUPS = [
	"william bill billy will willy liam",
	"robert bob bobby rob robbie bert",
	"richard rick ricky dick rich",
	"james jim jimmy jamie",
	"john jack johnny jon",
	"joseph joe joey jo",
	"michael mike mikey mick",
	"thomas tom tommy",
	"charles charlie chuck chas",
	"christopher chris kit",
	"daniel dan danny",
	"david dave davey",
	"edward ed eddie ted ned",
	"anthony tony",
	"andrew andy drew",
	"matthew matt",
	"nicholas nick nicky",
	"samuel sam sammy",
	"benjamin ben benny",
	"alexander alex sasha xander",
	"jose pepe",
	"francisco paco pancho frank",
	"frank francis frankie",
	"margaret peggy maggie meg marge",
	"elizabeth liz lizzie beth betty eliza liza",
	"katherine catherine kate katie kathy cathy kat",
	"jennifer jen jenny",
	"patricia pat patty trish tricia",
	"susan sue susie suzanne",
	"rebecca becky becca",
	"deborah debbie deb debra",
	"barbara barb barbie",
	"victoria vicky tori",
	"christina chris tina christine kristina",
	"abigail abby",
	"alexandra alex sandra sasha",
	"dorothy dot dottie",
	"maria mary marie",
	"ann anne anna annie",
]


def _build() -> dict[str, frozenset[str]]:
	table: dict[str, set[str]] = {}
	for group in GROUPS:
		names = set(group.split())
		for name in names:
			table.setdefault(name, set()).update(names)
	return {name: frozenset(names) for name, names in table.items()}


VARIANTS = _build()


def are_variants(a: str, b: str) -> bool:
	"""True when `a` and `b` (search keys) are the same given name in different forms."""
	return a != b and b in VARIANTS.get(a, ())
