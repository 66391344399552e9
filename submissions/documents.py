"""Sending a stored PDF to a browser, as a PDF whatever it was called."""

from django.http import FileResponse, Http404


def document_response(revision):
    if not revision.document:
        raise Http404
    try:
        handle = revision.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{revision.document.name.rsplit("/", 1)[-1]}"'
    return response
