from submissions.importers import postcodes_import
from submissions.importing_command import ImportCommand


class Command(ImportCommand):
    help = "Import postcode centres (ONS postcode lookup: Postcode, lat, long) from CSV files."
    what = "postcodes"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def run_import(self, options):
        return postcodes_import(options["paths"], progress=self.progress)
