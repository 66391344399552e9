"""The OpenAPI document of our Open Referral UK API: what we serve and which parameters work."""

_PAGE_PARAMS = [
    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
    {"name": "per_page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
]
_SERVICE_PARAMS = [
    {"name": "search", "in": "query", "schema": {"type": "string"}, "description": "Words to find."},
    {"name": "taxonomy_term_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
    {"name": "taxonomy_id", "in": "query", "schema": {"type": "string", "format": "uuid"}},
    {"name": "minimum_age", "in": "query", "schema": {"type": "integer"},
     "description": "Services whose minimum age is at least this many years."},
    {"name": "maximum_age", "in": "query", "schema": {"type": "integer"},
     "description": "Services whose maximum age is at most this many years."},
    {"name": "postcode", "in": "query", "schema": {"type": "string"}},
    {"name": "proximity", "in": "query", "schema": {"type": "integer"},
     "description": "Metres from the postcode's centre (default 8047, five miles)."},
    {"name": "modified_after", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    *_PAGE_PARAMS,
]


def _get(summary, parameters=(), path_id=None):
    params = list(parameters)
    if path_id:
        params.insert(0, {"name": "id", "in": "path", "required": True,
                          "schema": {"type": "string", "format": "uuid"}})
    return {"get": {"summary": summary, "parameters": params,
                    "responses": {"200": {"description": "OK"}, "400": {"description": "A bad parameter"},
                                  "404": {"description": "Not found"}}}}


def openapi_document(base_url: str) -> dict:
    return {
        "openapi": "3.0.3",
        "info": {"title": "County Durham SEND Local Offer: Open Referral UK API", "version": "3.0",
                 "description": "Published Local Offer entries as HSDS UK profile v3. Read only; "
                                "only published entries appear."},
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": _get("About this API"),
            "/services": _get("Published services", _SERVICE_PARAMS),
            "/services/{id}": _get("One service, fully nested", path_id=True),
            "/service_at_locations": _get("Services at their locations", _SERVICE_PARAMS),
            "/service_at_locations/{id}": _get("One service at its location", path_id=True),
            "/taxonomies": _get("The taxonomies terms come from", _PAGE_PARAMS),
            "/taxonomies/{id}": _get("One taxonomy with its terms", path_id=True),
            "/taxonomy_terms": _get("Every taxonomy term", _PAGE_PARAMS),
            "/taxonomy_terms/{id}": _get("One taxonomy term", path_id=True),
        },
    }
