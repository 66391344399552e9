from council.importers import ehcp_stats_import
from submissions.importing_command import ImportCommand


class Command(ImportCommand):
    help = ("Import the DfE EHC plan statistics by primary need and age (sen_needs_all_plans CSV) "
            "for County Durham, the North East and England.")
    what = "EHC plan figures"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")

    def run_import(self, options):
        return ehcp_stats_import(options["paths"], progress=self.progress)
