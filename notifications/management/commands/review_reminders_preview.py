from django.core.management.base import BaseCommand, CommandError

from notifications.selectors import review_reminders_preview


class Command(BaseCommand):
    help = "List who will be reminded to review which entries over the coming days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=30, help="how far ahead to look (default 30)")

    def handle(self, *args, **options):
        if not 1 <= options["days"] <= 366:
            raise CommandError("--days must be between 1 and 366")
        planned = review_reminders_preview(days=options["days"])
        if not planned:
            self.stdout.write(f"No reminders in the next {options['days']} days.")
            return
        for item in planned:
            self.stdout.write(
                f"{item.on:%a %-d %b %Y}  {item.entry.published_revision.name} "
                f"({item.entry.provider.name}), due {item.entry.review_due:%-d %b %Y}: "
                f"{item.stage.label} -> {', '.join(item.recipients) or 'nobody (no members)'}"
            )
        self.stdout.write(f"{len(planned)} reminder(s) in the next {options['days']} days.")
