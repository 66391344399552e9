"""What an entry must say before it can be submitted for review. The rules per kind of entry
are declared with its sections in submissions.sections."""

from submissions.sections import Missing, revision_missing

MissingItem = Missing


def revision_missing_items(revision) -> list[Missing]:
    """Each missing item names its section and the form field that supplies it, in GOV.UK
    error wording, in task-list order."""
    return revision_missing(revision)
