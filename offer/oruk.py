"""The published Local Offer in the shape of Open Referral UK (HSDS UK profile v3).

Only published revisions are ever read here, and only the contact details the provider gave for
the public (the entry's own email, telephone and website; none of the person's where they are
kept for the Local Offer team: ``Revision.public_contact``).
"""

import uuid
from datetime import UTC

from django.conf import settings
from django.utils import timezone

from submissions.models import Vocabulary

# The two lists we publish terms from, as ORUK taxonomies with fixed identifiers.
TAXONOMY_NAMESPACE = uuid.UUID("8d3c7f0e-6b0f-4d53-9c1e-7f6c2f1b5a10")
TAXONOMIES = {
    Vocabulary.NEED: {
        "id": str(uuid.uuid5(TAXONOMY_NAMESPACE, "need")),
        "name": "SEND needs",
        "description": "The four broad areas of special educational needs (SEND Code of Practice 2015, "
                       "6.28-6.35) and the specific needs under them (DfE SEN provision codes).",
        "version": "2015",
    },
    Vocabulary.CATEGORY: {
        "id": str(uuid.uuid5(TAXONOMY_NAMESPACE, "category")),
        "name": "Service categories",
        "description": "Service categories of the DfE Family Hubs service directory.",
        "version": "1",
    },
}
VOCABULARY_BY_TAXONOMY_ID = {meta["id"]: vocabulary for vocabulary, meta in TAXONOMIES.items()}


def _years(months):
    return None if months is None else months // 12


def _present(data):
    """Drop the keys with no value: the schemas allow a field to be absent, not null."""
    return {key: value for key, value in data.items() if value is not None}


def _timestamp(value):
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def organization(provider):
    return _present({"id": str(uuid.uuid5(TAXONOMY_NAMESPACE, f"provider:{provider.pk}")), "name": provider.name,
                     "description": provider.get_kind_display(), "website": provider.website or None})


def taxonomy_term(term):
    vocabulary = TAXONOMIES[term.vocabulary]
    return _present({"id": str(term.public_id), "name": term.name, "description": term.name, "code": term.code,
                     "parent_id": str(term.parent.public_id) if term.parent_id else None,
                     "taxonomy": vocabulary["name"], "taxonomy_id": vocabulary["id"]})


def taxonomy(vocabulary, terms=None):
    data = {**TAXONOMIES[vocabulary]}
    if terms is not None:
        data["taxonomy_terms"] = [taxonomy_term(term) for term in terms]
    return data


def location(entry):
    revision = entry.published_revision
    location_id = str(entry.location_public_id)
    lines = [line.strip() for line in revision.address.splitlines() if line.strip()]
    return _present({
        "id": location_id,
        "location_type": "physical",
        "name": revision.name,
        "latitude": revision.latitude,
        "longitude": revision.longitude,
        "addresses": [{
            "id": str(uuid.uuid5(entry.location_public_id, "address")),
            "location_id": location_id,
            "address_1": lines[0] if lines else entry.provider.name,
            "city": entry.provider.town or (lines[-1] if lines else ""),
            "state_province": "County Durham",
            "postal_code": revision.postcode,
            "country": "GB",
            "address_type": "physical",
        }],
    })


def has_location(entry):
    return bool(entry.published_revision.postcode)


def service(entry, *, full=True):
    revision = entry.published_revision
    contact = revision.public_contact
    service_id = str(entry.public_id)
    data = {
        "id": service_id,
        "organization_id": organization(entry.provider)["id"],
        "name": revision.name,
        "description": revision.description,
        "url": revision.website or None,
        "email": contact.email or None,
        "status": "active",
        "fees": "Free" if revision.is_free else (revision.cost_details or None),
        "minimum_age": _years(revision.age_min_months),
        "maximum_age": _years(revision.age_max_months),
        "assured_date": timezone.localdate(entry.last_confirmed_at).isoformat() if entry.last_confirmed_at else None,
        "last_modified": _timestamp(revision.published_at or entry.last_confirmed_at),
        "organization": organization(entry.provider),
    }
    data = _present(data)
    if not full:
        return data
    terms = [*revision.needs.all(), *revision.categories.all()]
    data["attributes"] = [{
        "id": str(uuid.uuid5(entry.public_id, f"attribute:{term.public_id}")),
        "link_id": service_id, "link_type": "service", "taxonomy_term_id": str(term.public_id),
        "taxonomy_term": taxonomy_term(term),
    } for term in terms]
    data["contacts"] = [{
        "id": str(uuid.uuid5(entry.public_id, "contact")), "service_id": service_id,
        "name": contact.name or entry.provider.name,
        **({"email": contact.email} if contact.email else {}),
        "phones": [{"id": str(uuid.uuid5(entry.public_id, "phone")), "number": contact.phone}]
        if contact.phone else [],
    }] if (contact.email or contact.phone) else []
    data["cost_options"] = [{
        "id": str(uuid.uuid5(entry.public_id, "cost")), "service_id": service_id,
        "option": "Free" if revision.is_free else "Cost",
        "amount_description": "Free" if revision.is_free else revision.cost_details,
    }] if (revision.is_free or revision.cost_details) else []
    data["service_at_locations"] = [service_at_location(entry, embed_service=False)] if has_location(entry) else []
    return data


def service_at_location(entry, *, embed_service=True):
    data = {"id": str(entry.location_public_id), "service_id": str(entry.public_id),
            "location_id": str(entry.location_public_id), "location": location(entry)}
    if embed_service:
        data["service"] = service(entry, full=False)
    return data


def page(items, paginator_page, serialize):
    paginator = paginator_page.paginator
    return {
        "total_items": paginator.count,
        "total_pages": paginator.num_pages,
        "page_number": paginator_page.number,
        "size": len(paginator_page.object_list),
        "first_page": paginator_page.number == 1,
        "last_page": not paginator_page.has_next(),
        "empty": paginator.count == 0,
        "contents": [serialize(item) for item in items],
    }


def api_root(request):
    base = request.build_absolute_uri("/api/v3/")
    return {"version": "3.0", "profile": "https://openreferraluk.org/", "openapi_url": base + "openapi.json",
            "publisher": settings.LOCAL_OFFER_COUNCIL_NAME}
