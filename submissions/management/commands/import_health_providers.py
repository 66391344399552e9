from submissions.importers import health_providers_import
from submissions.importing_command import ImportCommand


class Command(ImportCommand):
    help = "Import NHS organisations, keyed by ODS code, from an ODS practice (epraccur) file."
    what = "NHS organisations"

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--include-closed", action="store_true",
                            help="also import closed, dormant and proposed organisations")

    def run_import(self, options):
        return health_providers_import(options["path"], include_closed=options["include_closed"],
                                       progress=self.progress)
