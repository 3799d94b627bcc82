import click
from frappe.commands import get_site, pass_context


@click.command("make-demo-data")
@click.option("--clients", default=300, show_default=True, help="How many demo clients to add")
@click.option("--seed", default=2026, show_default=True, help="Random seed, for repeatable data")
@click.option("--activity", default=1, show_default=True, help="Multiply notes and past visits per case")
@click.option(
	"--caseworkers",
	type=int,
	default=None,
	help="How many demo caseworkers carry the new cases (default: one per 40 clients, at least 4)",
)
@pass_context
def make_demo_data(context, clients: int, seed: int, activity: int, caseworkers: int | None):
	"""Fill the site with realistic synthetic clients, households, cases and staff."""
	import frappe

	from case_management.demo import make

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		result = make(clients=clients, seed=seed, activity=activity, caseworkers=caseworkers)
		click.echo(
			f"Demo data ready on {site}: {result['clients']} clients, {result['caseworkers']} caseworkers."
		)
	finally:
		frappe.destroy()


commands = [make_demo_data]
