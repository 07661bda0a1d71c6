"""--format csv: one row per finding (the xlsx findings sheet, plain), UTF-8
with a BOM so that Excel and WPS open the Chinese as it is."""
from __future__ import annotations

import csv

from gikplint.emit import Output, Summary
from gikplint.emit.table import FINDING_HEADER, finding_rows, safe_cells


class CsvOutput(Output):
    def start(self) -> None:
        self.stream.write("\ufeff")
        self.writer = csv.writer(self.stream, lineterminator="\r\n")
        self.writer.writerow(FINDING_HEADER)

    def file(self, result, payload) -> None:
        self.writer.writerows(safe_cells(row) for row in finding_rows(result, self.titles))

    def finish(self, summary: Summary) -> None:
        pass


OUTPUT = CsvOutput
