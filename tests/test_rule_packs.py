"""Rule packs are data: a malformed rule is refused at load time with the
pack's file and line, never at check time."""
import pytest

from conftest import national_rules as load_rules
from gikplint.national import gikplint_rule_packs
from gikplint.check.kinds import kinds
from gikplint.check.loader import RuleError, load_pack

GOOD = """\
- code: XX410
  name: balance
  severity: error
  kind: sum
  table: t3
  for_each: column
  relation: "一 + 二 = （七） + 四"
  message: "{table}{subject}不平衡"
"""


def _load(tmp_path, text):
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return load_pack(path, kinds())


def test_a_well_formed_pack_loads(tmp_path):
    (rule,) = _load(tmp_path, GOOD)
    assert rule.code == "XX410" and rule.check.relation == "一 + 二 = （七） + 四"


@pytest.mark.parametrize("edit,line,words", [
    (("for_each: column", "for_eahc: column"), 2, "不接受字段 'for_eahc'"),
    (("for_each: column", "for_each: diagonal"), 2, "for_each 应为 column、row 之一"),
    (("kind: sum", "kind: total"), 2, "未知的检查类型"),
    (("  severity: error\n", ""), 2, "缺少字段 'severity'"),
    (("severity: error", "severity: fatal"), 2, "severity"),
    (("relation: \"一 + 二 = （七） + 四\"", "relation: \"一 + 二 = 三十\""), 2, "不是第三部分表格的行名"),
    (("relation: \"一 + 二 = （七） + 四\"", "relation: \"一 + = 四\""), 2, "缺少单元格名称"),
    (("relation: \"一 + 二 = （七） + 四\"", "relation: 5"), 2, "relation 应为文字"),
    (("{table}{subject}不平衡", "{table}{colum}不平衡"), 2, "{colum}"),
    (("  table: t3\n", ""), 2, "缺少字段 'table'"),
    (("  kind: sum\n", ""), 2, "缺少字段 'kind'"),
    (("relation: \"一", "relation: [\"一"), 9, "YAML 语法错误"),
])
def test_a_bad_rule_is_refused_with_file_and_line(tmp_path, edit, line, words):
    """The bad rule is the second in the pack; it starts on line 2."""
    bad = "- {code: OK1, name: ok, severity: info, kind: cells, flag: blank, message: m}\n" + GOOD.replace(*edit)
    with pytest.raises(RuleError) as e:
        _load(tmp_path, bad)
    msg = str(e.value)
    assert f"pack.yaml:{line}:" in msg, msg
    assert words in msg, msg


def test_errors_name_the_line_of_the_offending_rule(tmp_path):
    bad = GOOD + GOOD.replace("XX410", "XX411").replace("table: t3", "table: t9")
    with pytest.raises(RuleError, match=r"pack\.yaml:9: XX411: sum 类规则的 table 应为 t2、t3、t4 之一"):
        _load(tmp_path, bad)


def test_the_national_pack_loads_and_every_code_is_unique():
    rules = load_rules()
    codes = [r.code for r in rules]
    assert len(codes) == len(set(codes))
    assert all(c.startswith("GK") for c in codes)
    assert len(gikplint_rule_packs()) >= 8


def test_a_rule_that_raises_is_gk903_and_the_others_still_run():
    from conftest import SEEDS
    from gikplint.check import engine
    from gikplint.check.loader import Rule
    from gikplint.parse.report import parse
    from conftest import read_doc as read

    class Broken:
        def run(self, report, rule, ctx):
            raise ZeroDivisionError("boom")

    rules = load_rules() + [Rule("XX999", "broken", "error", "m", "broken", Broken())]
    findings, _ = engine.run(parse(read(SEEDS / "001_d99c8dcb44f53e53.txt")), rules)
    codes = [f.code for f in findings]
    assert "GK903" in codes and "GK403" in codes
    assert "XX999" in next(f.message for f in findings if f.code == "GK903")
