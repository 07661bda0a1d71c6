"""--format csv: one row per finding (the xlsx findings sheet, plain), UTF-8
with a BOM so that Excel and WPS open the Chinese as it is."""
from __future__ import annotations

import csv

from gikplint.emit import Output, Summary
from gikplint.emit.table import FINDING_HEADER, finding_rows


class CsvOutput(Output):
    def start(self) -> None:
        self.stream.write("\ufeff")
        self.writer = csv.writer(self.stream, lineterminator="\r\n")
        self.writer.writerow(FINDING_HEADER)

    def file(self, result, payload) -> None:
        self.writer.writerows(_safe(row) for row in finding_rows(result, self.titles))

    def finish(self, summary: Summary) -> None:
        pass


def _safe(row: list) -> list:
    """A cell that a spreadsheet would run as a formula (=, +, -, @ first) is shown as text."""
    return [("'" + v if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v) for v in row]


OUTPUT = CsvOutput
