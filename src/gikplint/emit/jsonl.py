"""--format jsonl: JSON Lines for very large batches, one object per file as
it comes (the same entry as --format json, with "type": "file"), and a last
line with the run's summary ("type": "summary"). Any engine can shard it."""
from __future__ import annotations

import json

from gikplint.emit import Output, Summary
from gikplint.emit.json import entry, summary


class JsonLinesOutput(Output):
    def file(self, result, payload) -> None:
        self.stream.write(json.dumps({"type": "file", **entry(result)}, ensure_ascii=False) + "\n")

    def finish(self, s: Summary) -> None:
        self.stream.write(json.dumps({"type": "summary", "version": 1, **summary(s)}, ensure_ascii=False) + "\n")


OUTPUT = JsonLinesOutput
