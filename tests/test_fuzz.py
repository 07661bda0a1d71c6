"""Property tests: whatever the bytes, the reader raises nothing but ReadError
and the parser and rules nothing at all. tools/fuzz.py runs a longer campaign."""
import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS
from conftest import national_rules as load_rules
from gikplint.check.engine import run
from gikplint.parse.report import parse
from gikplint.read import ReadError
from gikplint.read.docx import read_docx
from gikplint.read.html import read_html
from gikplint.read.text import read_text

RULES = load_rules()
DOCX = (SEEDS / "001_d99c8dcb44f53e53.docx").read_bytes()
TEXT = (SEEDS / "003_095ca55cda99f324.txt").read_text(encoding="utf-8")
with zipfile.ZipFile(io.BytesIO(DOCX)) as z:
    PARTS = {n: z.read(n) for n in z.namelist()}
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _lint(reader, path, data):
    try:
        doc = reader(path, data)
    except ReadError as e:
        assert str(e)  # a Chinese reason, never empty
        return
    findings, _ = run(parse(doc), RULES)
    assert not [f for f in findings if f.code == "GK903"], [f.message for f in findings]


report_text = st.lists(st.sampled_from(TEXT.splitlines()) | st.text(max_size=40), max_size=120).map("\n".join)


@FAST
@given(st.text(max_size=3000) | report_text)
def test_any_text_reads_and_parses(text):
    _lint(read_text, "r.txt", text.encode("utf-8", "surrogatepass"))


@FAST
@given(st.binary(max_size=4000))
def test_any_bytes_as_text_html_or_docx(data):
    _lint(read_text, "r.txt", data)
    _lint(read_html, "r.html", data)
    _lint(read_docx, "r.docx", data)


@FAST
@given(st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=20))
def test_randomly_corrupted_docx_bytes(flips):
    data = bytearray(DOCX)
    for pos, byte in flips:
        data[pos] = byte
    _lint(read_docx, "r.docx", bytes(data))


@FAST
@given(st.data())
def test_randomly_corrupted_document_xml(data):
    xml = bytearray(PARTS["word/document.xml"])
    for _ in range(data.draw(st.integers(1, 10))):
        pos = data.draw(st.integers(0, len(xml) - 1))
        xml[pos:pos + data.draw(st.integers(0, 50))] = data.draw(st.binary(max_size=20))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, content in PARTS.items():
            z.writestr(name, bytes(xml) if name == "word/document.xml" else content)
    _lint(read_docx, "r.docx", buf.getvalue())


@FAST
@given(st.lists(st.lists(st.sampled_from(["0", "1", "", "-", "无", "合计", "一、本年新收政府信息公开申请数量",
                                          "（三）不予公开", "1.属于国家秘密", "（七）总计", "12.5万元", "勾稽"]),
                         max_size=12), max_size=40))
def test_arbitrary_tables_in_a_report(rows):
    table = "".join("".join(f"\t{c}\n" for c in row) + "\n" for row in rows)
    text = TEXT.replace("三、收到和处理政府信息公开申请情况\n", "三、收到和处理政府信息公开申请情况\n" + table, 1)
    _lint(read_text, "r.txt", text.encode("utf-8"))


# The hand-written parsers that replaced backtracking patterns, and the text
# cleaner every output relies on: their contracts, for any input.

from gikplint.parse.tables import is_value_text, split_trailing_values  # noqa: E402
from gikplint.read.common import parse_suppression  # noqa: E402
from gikplint.textsafe import _UNSAFE, clean  # noqa: E402

cell_text = st.text(alphabet=st.sampled_from(list("0123456789 .,-万元规章XＸ|\t一、（）") + ["\u3000"]), max_size=200)


@FAST
@given(cell_text)
def test_a_label_and_its_values_are_split_only_at_a_value_boundary(text):
    got = split_trailing_values(text)
    if got is None:
        return
    label, values = got
    assert label and values and not label[-1].isdecimal()
    assert all(is_value_text(v) or v.lstrip("-").replace(",", "")[:1].isdigit() for v in values)
    assert text.split() == label.split() + values  # nothing lost, nothing invented


codes = st.lists(st.from_regex(r"[A-Z]{2}[0-9]{3}", fullmatch=True), max_size=5)


@FAST
@given(st.sampled_from(["disable", "disable-file"]), codes, st.text(alphabet=" \t", max_size=5))
def test_a_suppression_comment_reads_back_what_was_written(kind, wanted, pad):
    comment = f"<!--{pad}gikplint:{pad}{kind}{pad}" + (f"={pad}{','.join(wanted)}{pad}" if wanted else "") + "-->"
    assert parse_suppression(comment) == (kind, wanted)


@FAST
@given(st.text(max_size=300))
def test_any_text_parses_as_a_suppression_or_not_without_error(text):
    got = parse_suppression(text)
    assert got is None or got[0] in ("disable", "disable-file")


@FAST
@given(st.text(max_size=300))
def test_cleaned_text_has_no_control_characters_and_cleaning_is_stable(text):
    shown = clean(text)
    assert not _UNSAFE.search(shown)
    assert clean(shown) == shown
    assert all(ch in shown for ch in text if not _UNSAFE.match(ch))
