"""--format xlsx: a workbook a supervising office opens in Excel or WPS (openpyxl,
the optional extra gikplint[batch]): 汇总, one row per report with its status
and counts, the agencies of the roster that have no report; 问题, one row per
finding with a place a person can find. Headers frozen, filters on; written
row by row (openpyxl's write-only mode), so a batch of ten thousand reports
is not held in memory."""
from __future__ import annotations

from gikplint.emit import Output, Summary
from gikplint.emit.table import FINDING_HEADER, SUMMARY_HEADER, finding_rows, missing_row, safe_cells, summary_row

WIDTHS = {"汇总": [40, 24, 6, 12, 12, 6, 6, 6, 12, 6, 50], "问题": [40, 24, 6, 7, 20, 6, 28, 6, 80, 24]}


class XlsxOutput(Output):
    binary = True
    requires = ("openpyxl", "batch")

    def start(self) -> None:
        from openpyxl import Workbook

        self.book = Workbook(write_only=True)
        self.sheets = {}
        for name, header in (("汇总", SUMMARY_HEADER), ("问题", FINDING_HEADER)):
            sheet = self.book.create_sheet(name)
            for i, width in enumerate(WIDTHS[name]):
                sheet.column_dimensions[chr(ord("A") + i)].width = width
            sheet.freeze_panes = "A2"
            sheet.append(header)
            self.sheets[name] = [sheet, 1, len(header)]

    def _append(self, name: str, row: list) -> None:
        entry = self.sheets[name]
        entry[0].append(safe_cells(row))
        entry[1] += 1

    def file(self, result, payload) -> None:
        self._append("汇总", summary_row(result))
        for row in finding_rows(result, self.titles):
            self._append("问题", row)

    def finish(self, summary: Summary) -> None:
        for agency in summary.missing or []:
            self._append("汇总", missing_row(agency))
        for sheet, rows, columns in self.sheets.values():
            sheet.auto_filter.ref = f"A1:{chr(ord('A') + columns - 1)}{rows}"
        self.book.save(self.stream)


OUTPUT = XlsxOutput
