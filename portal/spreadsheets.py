"""CSV downloads that open safely in a spreadsheet (Regulation 57: the offer without internet)."""

import csv

from django.http import HttpResponse


def spreadsheet_cell(value) -> str:
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A download of ``rows`` under ``header``, every cell formula-safe, in UTF-8 that
    spreadsheet programs recognise."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return response
