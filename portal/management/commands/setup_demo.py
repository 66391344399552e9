from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal.demo import DEMO_PASSWORD, demo_entries_ensure, demo_feedback_ensure, demo_users_ensure

DATA = settings.BASE_DIR / "data"


class Command(BaseCommand):
    help = ("Load the County Durham data from data/ and create demo accounts and entries. "
            "Safe to run again: it reuses what is there.")

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Demo accounts are for a developer's machine only "
                               "(the embedded default settings, portal.settings.local).")
        verbosity = options["verbosity"]
        call_command("import_taxonomy", "need", DATA / "taxonomies" / "send_needs.csv",
                     verbosity=verbosity)
        call_command("import_taxonomy", "category", DATA / "taxonomies" / "service_categories.csv",
                     verbosity=verbosity)
        call_command("import_postcodes", *sorted((DATA / "postcodes").glob("*.csv")),
                     verbosity=verbosity)
        call_command("import_schools", *sorted((DATA / "schools").glob("*.csv")),
                     verbosity=verbosity)
        call_command("import_health_providers", *sorted((DATA / "health").glob("*.csv")),
                     verbosity=verbosity)
        call_command("import_ehcp_stats", *sorted((DATA / "send_stats").glob("*.csv")), verbosity=verbosity)

        users = demo_users_ensure()
        published = demo_entries_ensure()
        self.stdout.write(f"Demo entries: {published} created." + (
            "" if published else " Nothing changed."))
        if demo_feedback_ensure():
            self.stdout.write("Demo feedback: 1 response published on You said, we did.")
        self.stdout.write(self.style.SUCCESS("\nSign in at http://127.0.0.1:8000/accounts/sign-in/ "
                                             f"with password '{DEMO_PASSWORD}' as:"))
        for demo, _created in users:
            self.stdout.write(f"  {demo.email:<28} {demo.role}")
        self.stdout.write("The public Local Offer is at http://127.0.0.1:8000/\n"
                          "Emails are written to var/mail/ and listed under Notifications.")
