"""The shared shape of the import commands: progress, counts, and clear errors."""

from django.core.management.base import BaseCommand, CommandError

from submissions.importers import MalformedRow


class ImportCommand(BaseCommand):
    """Subclasses name ``what`` they import and define ``run_import(options) -> ImportCounts``."""

    what = "rows"

    def progress(self, count):
        if self.verbosity >= 1:
            self.stderr.write(f"  {count:,} {self.what} read…")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            counts = self.run_import(options)
        except MalformedRow as problem:
            raise CommandError(f"{problem}. Nothing was imported.") from problem
        except FileNotFoundError as problem:
            raise CommandError(f"{problem.filename}: no such file. Nothing was imported.") from None
        except UnicodeDecodeError as problem:
            raise CommandError(f"The file is not UTF-8 text ({problem.reason}). "
                               "Nothing was imported.") from None
        summary = f"{self.what[0].upper()}{self.what[1:]}: {counts}."
        if counts.created == counts.updated == 0:
            summary += " Nothing changed."
        self.stdout.write(self.style.SUCCESS(summary))
