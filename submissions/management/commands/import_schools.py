from submissions.importers import ImportCounts, schools_import
from submissions.importing_command import ImportCommand


class Command(ImportCommand):
    help = ("Import schools, keyed by URN, from the DfE open-schools list or a GIAS "
            "edubasealldata extract (the layout is recognised from the header).")
    what = "schools"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--include-closed", action="store_true",
                            help="also import GIAS rows whose status is closed or proposed to open")

    def run_import(self, options):
        total = ImportCounts()
        for path in options["paths"]:
            total.add(schools_import(path, include_closed=options["include_closed"],
                                     progress=self.progress))
        return total
