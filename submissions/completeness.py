"""What an entry must say before it can be submitted for review."""

from dataclasses import dataclass


@dataclass(frozen=True)
class MissingItem:
    field: str
    message: str


def revision_missing_items(revision) -> list[MissingItem]:
    """Each missing item names the form field that supplies it, in GOV.UK error wording."""
    missing = []
    if not revision.name.strip():
        missing.append(MissingItem("name", "Enter the name of the service"))
    if not revision.description.strip():
        missing.append(MissingItem("description", "Enter a description of what you offer"))
    if not revision.provision_kind:
        missing.append(MissingItem("provision_kind", "Select the kind of provision"))
    if revision.pk is None or not revision.needs.exists():
        missing.append(MissingItem("needs", "Select at least one need that you support"))
    if not revision.how_to_access.strip():
        missing.append(MissingItem("how_to_access", "Enter how families can use or be referred to it"))
    if not (revision.contact_email or revision.contact_phone):
        missing.append(MissingItem("contact_email", "Enter an email address or a telephone number"))
    if not revision.postcode:
        missing.append(MissingItem("postcode", "Enter the postcode"))
    return missing
