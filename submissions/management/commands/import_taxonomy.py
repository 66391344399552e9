from submissions.importers import taxonomy_import
from submissions.importing_command import ImportCommand
from submissions.models import Vocabulary


class Command(ImportCommand):
    help = "Import a list of terms (columns code, name, parent_code, source) into a vocabulary."
    what = "terms"

    def add_arguments(self, parser):
        parser.add_argument("vocabulary", choices=Vocabulary.values)
        parser.add_argument("path", metavar="PATH")

    def run_import(self, options):
        # Say which list: "Needs: 16 created…", "Service categories: 49 created…".
        self.what = {Vocabulary.NEED: "needs", Vocabulary.CATEGORY: "service categories"}[options["vocabulary"]]
        return taxonomy_import(options["path"], options["vocabulary"])
