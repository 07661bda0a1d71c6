"""Splitting the digits of a run-together row into the template's cells:
only where the split is certain, never a guess, within a bounded search."""
import pytest

from gikplint.model import Paragraph
from gikplint.parse import flat, templates

T21 = templates.load("2021")
T3 = flat._checks(T21, "t3", 7)
T4 = flat._checks(T21, "t4", 15)


def split(run, width, checks):
    return flat._split(run, width, checks, flat._Budget())


@pytest.mark.parametrize("run,width,checks,cells,how", [
    ("1000001", 7, T3, ["1", "0", "0", "0", "0", "0", "1"], "forced"),  # one digit a cell (平潭公安局 2021)
    ("8100008", 7, T3, ["8", "1", "0", "0", "0", "0", "8"], "forced"),  # forced even where the sum fails: a defect
    ("640020470", 7, T3, ["64", "0", "0", "2", "0", "4", "70"], "sums"),  # 平潭 2021 一、本年新收
    ("160|02|0|018", 7, T3, ["16", "0", "0", "2", "0", "0", "18"], "sums"),  # gaps that survived, no 02
    ("40|0|0|0|04", 7, T3, ["4", "0", "0", "0", "0", "0", "4"], "forced"),
    ("300153006143119", 7, T3, ["3001", "53", "0", "0", "61", "4", "3119"], "sums"),  # 淮安 2024 一
    ("1|02|0|312|00|012|0|00|00", 15, T4,
     ["1", "0", "2", "0", "3", "12", "0", "0", "0", "12", "0", "0", "0", "0", "0"], "sums"),
    ("000", 3, [], ["0", "0", "0"], "forced"),
    ("2293", 1, [], ["2293"], "forced"),
    ("24252.311082", 1, [], ["24252.311082"], "forced"),  # a decimal is never cut
    ("2|45.82万元", 2, [], ["2", "45.82万元"], "forced"),  # the unit stays with its number
])
def test_a_certain_split_is_taken(run, width, checks, cells, how):
    assert split(run, width, checks) == (cells, how)


@pytest.mark.parametrize("run,width,checks", [
    ("693665", 3, []),  # 6|93|665, 69|3|665, …: no row sum to decide
    ("13013", 3, []),
    ("245.82万元", 2, []),  # 2|45.82 or 24|5.82
    ("191000019", 7, T3),  # no split satisfies the row's own sum
    ("10000", 7, T3),  # fewer digits than cells: blanks were lost
    ("1" * 40, 7, T3),  # too many ways, and the search is bounded
])
def test_an_uncertain_split_is_not_guessed(run, width, checks):
    assert split(run, width, checks) == (None, "")


def test_the_search_for_one_table_is_bounded():
    budget = flat._Budget(1000)
    for _ in range(20):
        assert flat._split("9" * 60, 15, T4, budget) == (None, "")
    assert budget.left < 0


def test_七_is_split_as_the_column_sums_where_its_own_sum_cannot_decide():
    """平潭自然资源局 2023: （七）总计 "191000019" is 19|1|0|0|0|0|19, the sums
    of the result rows above it, though 19 + 1 ≠ 19 (a defect GK412 reports)."""
    text = ("申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
            "一、本年新收政府信息公开申请数量190000019二、上年结转政府信息公开申请数量0000000"
            "三、本年度办理结果（一）予以公开6000006（二）部分公开（区分处理的，只计这一情形，不计其他情形）8100008"
            "（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”0000000"
            "4.保护第三方合法权益00000005.属于三类内部事务信息00000006.属于四类过程性信息0000000"
            "7.属于行政执法案卷40000048.属于行政查询事项0000000（四）无法提供1.本机关不掌握相关政府信息1000001"
            "2.没有现成信息需要另行制作00000003.补正后申请内容仍不明确0000000（五）不予处理1.信访举报投诉类申请0000000"
            "2.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请0000000"
            "5.要求行政机关确认或重新出具已获取信息0000000（六）其他处理"
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请0000000"
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000"
            "（七）总计191000019四、结转下年度继续办理0000000")
    table = flat.recognise([Paragraph(text, 1)], T21, "t3")
    rows = {r.key: r for r in table.rows}
    assert rows["（七）"].values == ["19", "1", "0", "0", "0", "0", "19"] and rows["（七）"].how == "columns"
    assert not table.unsplit


def test_a_narrative_paragraph_is_not_a_flattened_table():
    assert not flat.looks_flat("2024年，我局收到政府信息公开申请3件，予以公开1件，不予公开2件，无结转下年度办理的申请。")
    assert not flat.looks_flat("本年新收申请35件，上年结转2件，予以公开20件，不予公开3件，无法提供10件，总计35件，平均答复时间7天。")
    assert flat.looks_flat("一、本年新收政府信息公开申请数量1000001二、上年结转政府信息公开申请数量0000000"
                           "三、本年度办理结果（一）予以公开1000001")
