"""Zip packages (ODT, ODS, DOCX) that are the same bytes whenever they are made."""

from __future__ import annotations

import io
import zipfile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip file can hold: no date is claimed


def reproducible_zip(payload: bytes) -> bytes:
    """The same package written again with every entry dated ZIP_DATE, each with its own compression."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(payload)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():  # in order: an ODF package's "mimetype" entry stays first, stored
            entry = zipfile.ZipInfo(info.filename, ZIP_DATE)
            entry.compress_type = info.compress_type
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()
