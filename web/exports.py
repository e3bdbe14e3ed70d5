"""CSV and XLSX responses from the domain's export rows (`domain.stats.exports`).

CSV streams: each batch of rows is written and sent as it comes from the database. XLSX is
a zip whose directory comes last, so openpyxl's write-only workbook writes rows to a
temporary file as they come (memory stays flat) and the finished file streams from disk.
A cell that starts like a spreadsheet formula (= + - @) is prefixed with ' so opening the
file never runs an agency name as a formula.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from typing import Any

from flask import Response, stream_with_context

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 500


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"}


def _writer(buffer: io.StringIO) -> Any:
    """Lines end in LF, as PostgreSQL's COPY writes them, so both paths give the same file."""
    return csv.writer(buffer, lineterminator="\n")


def csv_response(name: str, header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> Response:
    """A streamed CSV download (UTF-8 with BOM, so spreadsheet programs read the accents)."""

    def generate() -> Iterator[str]:
        buffer = io.StringIO()
        writer = _writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(list(header))
        for n, row in enumerate(rows, start=1):
            writer.writerow([_cell(v) for v in row])
            if n % CHUNK_ROWS == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers=_attachment(f"{name}.csv"))


def csv_bytes_response(name: str, header: Iterable[str], chunks: Iterable[bytes]) -> Response:
    """A streamed CSV download whose data rows come already written (PostgreSQL's COPY)."""

    def generate() -> Iterator[bytes]:
        buffer = io.StringIO()
        buffer.write("\ufeff")
        _writer(buffer).writerow(list(header))
        yield buffer.getvalue().encode("utf-8")
        yield from chunks

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers=_attachment(f"{name}.csv"))


def xlsx_response(name: str, header: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> Response:
    """An XLSX download written row by row by a write-only workbook, sent from a temp file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(name[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([_cell(v) for v in row])
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)

    def generate() -> Iterator[bytes]:
        with spool:
            while chunk := spool.read(64 * 1024):
                yield chunk

    return Response(generate(), headers=_attachment(f"{name}.xlsx"),
                    mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
