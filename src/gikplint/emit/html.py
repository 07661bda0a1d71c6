"""--format html: one self-contained page (no CDN, nothing fetched) a 政务公开
officer or a supervising office can read: for a batch, an index first (one
row per report: agency, year, format, counts, late, 雷同, status; sortable
and filterable by a few lines of inline script, readable without it; the
counts by rule; the roster's agencies with no report), then each report's
section: its tables drawn as in the template, the failing cells marked and
the finding beside them, the narrative findings listed by section. Element
ids are stable between runs (from the file's path); printed on A4, each
report starts a page and a table is not split."""
from __future__ import annotations

import hashlib
import tempfile
from html import escape

from gikplint import __version__
from gikplint.emit import Output, report_info, sorted_findings
from gikplint.locate import place
from gikplint.model import SEVERITY_ZH
from gikplint.parse import sections, templates
from gikplint.textsafe import clean, shown_path

CSS = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:24px;color:#222;line-height:1.5}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #c00;padding-bottom:4px;margin-top:36px}h3{font-size:16px;margin:20px 0 8px}
.meta{color:#555;font-size:14px}.summary span{margin-right:16px}
.layout{display:flex;gap:16px;align-items:flex-start;flex-wrap:wrap}
table.t{border-collapse:collapse;font-size:13px}table.t td,table.t th{border:1px solid #888;padding:3px 6px;text-align:center;min-width:2.2em}
table.t th{background:#f2f2f2;font-weight:normal}table.t td.label{text-align:left;background:#fafafa}
.bad{outline:2px solid #c00;outline-offset:-2px}.bad.error{background:#ffd6d6}.bad.warning{background:#fff0c2}.bad.info{background:#dcefff}
sup.n{color:#c00;font-weight:bold;margin-left:2px}
ol.findings{font-size:13px;max-width:44em;margin:0;padding-left:2em}ol.findings li{margin-bottom:6px}
.sev{display:inline-block;padding:0 4px;border-radius:3px;color:#fff;font-size:12px;margin-right:4px}
.sev.error{background:#c00}.sev.warning{background:#b07800}.sev.info{background:#2a6db0}
.code{font-family:monospace;font-weight:bold;margin-right:4px}.fix{color:#060}.snippet{color:#666;font-size:12px}
.skips{color:#666;font-size:12px}.notes{color:#0b5394;font-size:13px}.clean{color:#060}
table.index{border-collapse:collapse;font-size:13px;margin:8px 0 16px}table.index td,table.index th{border:1px solid #bbb;padding:3px 8px}
table.index th{background:#f2f2f2;cursor:pointer;white-space:nowrap}table.index td.n{text-align:right}
table.index tr.有错误 td.st{color:#c00;font-weight:bold}table.index tr.有警告 td.st{color:#b07800}
table.index tr.通过 td.st{color:#060}table.index tr.缺报 td.st{color:#c00}
.filter{font-size:14px;margin:8px 0}.missing{color:#c00}
@page{size:A4;margin:15mm}
@media print{body{margin:0}.filter{display:none}section.file{break-before:page}
table.t,table.index tr,.layout{break-inside:avoid;page-break-inside:avoid}h2,h3{break-after:avoid}}
"""

# sorting and filtering the index: a few lines, inline (the page is one file and fetches nothing)
SCRIPT = """(function(){
document.querySelectorAll('table.index th').forEach(function(th,i){th.addEventListener('click',function(){
var tb=th.closest('table').tBodies[0],rows=Array.from(tb.rows),asc=th.dataset.asc!=='1';th.dataset.asc=asc?'1':'0';
rows.sort(function(a,b){var x=a.cells[i].dataset.v||a.cells[i].textContent,y=b.cells[i].dataset.v||b.cells[i].textContent;
var nx=parseFloat(x),ny=parseFloat(y);var c=(!isNaN(nx)&&!isNaN(ny))?nx-ny:x.localeCompare(y,'zh');return asc?c:-c;});
rows.forEach(function(r){tb.appendChild(r);});});});
var f=document.getElementById('status-filter');if(f){f.addEventListener('change',function(){
document.querySelectorAll('table.index tbody tr').forEach(function(r){r.hidden=f.value!==''&&!r.classList.contains(f.value);});});}
})();"""
STATUSES = ("有错误", "有警告", "通过", "无法读取", "缺报")


def anchor(path: str) -> str:
    """A report's element id: the same in every run (ids from the path, not from memory)."""
    return "r" + hashlib.sha1(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]


class HtmlOutput(Output):
    """Each file's section is drawn where its Report is (`prepare`, in the
    worker) and spooled; the page, its summary first, is written at the end."""

    needs_report = True

    def prepare(self, result) -> str:
        return _file(result)

    def start(self) -> None:
        self.spool = tempfile.SpooledTemporaryFile(max_size=1 << 20, mode="w+", encoding="utf-8")
        self.rows: list[str] = []  # the index: one row per report
        self.skipped: list[str] = []  # files that are not reports, listed at the end

    def file(self, result, payload) -> None:
        if result.not_a_report:  # a README or a news page beside the reports: listed at the end, not drawn
            self.skipped.append(shown_path(result.path))
            return
        self.rows.append(_index_row(result))
        section = payload if payload is not None else _file(result)
        if payload is not None and result.late:  # the batch's findings, added after the worker drew the section
            late = "".join(_finding_li(n, f, anchor(result.path))
                           for n, f in enumerate(result.late, start=len(result.findings) - len(result.late) + 1))
            section = section.replace('<p class="clean">未发现问题。</p>', "").replace(
                "</section>", f'<h3>与本批次中其他机关的报告比较</h3><ol class="findings">{late}</ol></section>')
        self.spool.write("\n" + section)

    def finish(self, summary) -> None:
        c = summary.counts
        self.stream.write("\n".join([
            "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
            f'<meta name="generator" content="gikplint {__version__}">',  # the next run knows its own page
            "<title>gikplint 检查报告</title>", f"<style>{CSS}</style></head><body>",
            "<h1>政府信息公开工作年度报告检查结果</h1>",
            f'<p class="summary"><span>共检查 {summary.reports} 个文件</span><span>错误 {c["error"]}</span>'
            f'<span>警告 {c["warning"]}</span><span>提示 {c["info"]}</span></p>']))
        if len(self.rows) > 1 or summary.missing:
            self.stream.write(_index(self.rows, summary, self.titles))
        self.spool.seek(0)
        while chunk := self.spool.read(1 << 16):
            self.stream.write(chunk)
        self.spool.close()
        if self.skipped:
            self.stream.write(f'\n<p class="skips">不是年度报告，已跳过（{len(self.skipped)} 个）：'
                              + "、".join(escape(p) for p in self.skipped) + "</p>")
        self.stream.write(f"\n<script>{SCRIPT}</script>\n</body></html>\n")


OUTPUT = HtmlOutput


def _index_row(result) -> str:
    from gikplint.emit.table import FORMAT_NAMES, facts, status

    info, count, late, copied = facts(result)
    st = status(result)
    cells = [f'<td><a href="#{anchor(result.path)}">{escape(info["agency"] or shown_path(result.path))}</a></td>',
             f'<td class="n">{info["year"] or ""}</td>', f"<td>{FORMAT_NAMES.get(info['template'], '')}</td>",
             f'<td class="n">{count["error"]}</td>', f'<td class="n">{count["warning"]}</td>',
             f"<td>{'逾期' if late else ''}</td>", f"<td>{'雷同' if copied else ''}</td>",
             f'<td class="st">{st}</td>', f"<td>{escape(shown_path(result.path))}</td>"]
    return f'<tr class="{st}">' + "".join(cells) + "</tr>"


def _index(rows: list[str], summary, titles: dict) -> str:
    missing = [f'<tr class="缺报"><td class="missing">{escape(clean(a))}</td><td></td><td></td><td></td><td></td>'
               '<td></td><td></td><td class="st">缺报</td><td>名单中的机关，本批次中没有它的报告</td></tr>'
               for a in summary.missing or []]
    options = "".join(f'<option value="{s}">{s}</option>' for s in STATUSES)
    out = ['<h2 id="index">报告一览</h2>',
           f'<p class="filter">按状态筛选：<select id="status-filter"><option value="">全部</option>{options}</select>'
           "（点击表头排序）</p>",
           '<table class="index"><thead><tr><th>机关</th><th>年度</th><th>格式</th><th>错误</th><th>警告</th>'
           "<th>发布时限</th><th>雷同</th><th>状态</th><th>文件</th></tr></thead><tbody>",
           *rows, *missing, "</tbody></table>"]
    if summary.by_rule:
        out.append('<h3>按规则统计</h3><table class="index" id="by-rule"><thead><tr><th>代码</th><th>规则</th>'
                   "<th>级别</th><th>问题数</th></tr></thead><tbody>")
        for (code, name, sev), n in sorted(summary.by_rule.items(), key=lambda x: (-x[1], x[0])):
            out.append(f"<tr><td>{escape(code)}</td><td>{escape(titles.get(code, name))}</td>"
                       f'<td>{SEVERITY_ZH[sev]}</td><td class="n">{n}</td></tr>')
        out.append("</tbody></table>")
    return "\n".join(out)


def _finding_li(n: int, f, file_id: str = "") -> str:
    fix = f'<br><span class="fix">建议改为：{escape(f.fix)}</span>' if f.fix else ""
    where = place(f.location, with_labels=True)
    snip = f'<br><span class="snippet">{escape(where or "全文")}：{escape(" ".join(f.snippet.split())[:80])}</span>' \
        if f.snippet and f.snippet.strip() else (f'<br><span class="snippet">位置：{escape(where)}</span>' if where else "")
    return (f'<li id="{file_id}-{n}" value="{n}"><span class="sev {f.severity}">{SEVERITY_ZH[f.severity]}</span>'
            f'<span class="code">{escape(f.code)}</span>{escape(f.message)}{fix}{snip}</li>')


def _file(r) -> str:
    info = report_info(r)
    fid = anchor(r.path)
    parts = [f"<section class=\"file\" id=\"{fid}\"><h2>{escape(shown_path(r.path))}</h2>"]
    facts = [f"标题：{escape(info['title'] or '（未找到）')}", f"年度：{info['year'] or '（未确定）'}",
             f"格式：{templates.load(info['template']).notice if info['template'] else '（未识别）'}"]
    parts.append(f'<p class="meta">{"；".join(facts)}</p>')
    parts.extend(f'<p class="notes">说明：{escape(note)}</p>' for note in r.notes)
    findings = sorted_findings(r)
    if not findings:
        parts.append('<p class="clean">未发现问题。</p>')
    numbers = {id(f): i + 1 for i, f in enumerate(findings)}
    in_table = {}
    for f in findings:
        t = f.location.table
        if r.report is not None and t in getattr(r.report, "tables", {}):
            in_table.setdefault(t, []).append(f)
    narrative = [f for f in findings if not any(f in v for v in in_table.values())]
    if narrative:
        parts.append("<h3>正文与结构</h3>")
        by_section: dict[str, list] = {}
        for f in narrative:
            by_section.setdefault(f.location.section or "全文", []).append(f)
        for section, items in by_section.items():
            parts.append(f"<p><b>{escape(_section_name(section))}</b></p><ol class=\"findings\">")
            parts.extend(_finding_li(numbers[id(f)], f, fid) for f in items)
            parts.append("</ol>")
    if r.report is not None and hasattr(r.report, "tables"):
        for name in sections.TABLES:
            spec = sections.of_table(name)
            title = f"{sections.table_name(name)}：{spec.heading[2:]}"
            grid = r.report.tables.get(name)
            if grid is None:
                continue
            items = in_table.get(name, [])
            parts.append(f"<h3>{title}</h3><div class=\"layout\">")
            parts.append(_GRIDS[name](grid, items, numbers))
            if items:
                parts.append('<ol class="findings">' + "".join(_finding_li(numbers[id(f)], f, fid) for f in items) + "</ol>")
            parts.append("</div>")
    if r.skips:
        parts.append('<p class="skips">未检查：' + "；".join(escape(f"{s.code} {s.message}") for s in r.skips) + "</p>")
    parts.append("</section>")
    return "\n".join(parts)


def _section_name(key: str) -> str:
    spec = next((s for s in sections.specs() if s.numeral == key), None)
    return spec.heading if spec else key


def _cell(tag, value, items, numbers, row=None, column=None, cls="", attrs=""):
    """A <td>/<th>, marked when a finding points at (row, column)."""
    hits = [f for f in items if (f.location.row == row or row in (f.location.rows or ()))
            and f.location.column == column] if (row, column) != (None, None) else []
    classes = [cls] if cls else []
    sups = ""
    if hits:
        worst = max(hits, key=lambda f: ("info", "warning", "error").index(f.severity)).severity
        classes += ["bad", worst]
        sups = "".join(f'<sup class="n">{numbers[id(f)]}</sup>' for f in hits)
    cls_attr = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{attrs}{cls_attr}>{escape(clean(value))}{sups}</{tag}>"


def _value(grid, row, col) -> str:
    v = grid.get(row, col)
    return v.raw if v is not None else ""


def _row_label(grid, axis, items, numbers):
    label = axis.display + ("（缺失）" if grid.info[axis.key].status == "absent" else "")
    return _cell("td", label, items, numbers, axis.key, None, "label")


def _data_row(grid, axis, cols, items, numbers):
    info = grid.info[axis.key]
    if grid.row_ok(axis.key) or info.status == "absent":
        values = [_value(grid, axis.key, c.key) for c in cols]
    else:  # a broken row: what it had, as written, and the gap
        values = (info.raw + ["（缺）"] * len(cols))[:len(cols)]
        if len(info.raw) > len(cols):
            values[-1] = " ".join(info.raw[len(cols) - 1:])
    return ("<tr>" + _row_label(grid, axis, items, numbers)
            + "".join(_cell("td", v, items, numbers, axis.key, c.key) for v, c in zip(values, cols))
            + "</tr>")


def _t2(grid, items, numbers) -> str:
    out = ['<table class="t">']
    for block in grid.template.t2_blocks:
        out.append(f'<tr><th colspan="{len(block.columns) + 1}">{escape(block.caption)}</th></tr>')
        out.append("<tr><th>信息内容</th>" + "".join(f"<th>{escape(c.label)}</th>" for c in block.columns) + "</tr>")
        out += [_data_row(grid, axis, block.columns, items, numbers) for axis in block.rows]
    out.append("</table>")
    return "".join(out)


def _t3(grid, items, numbers) -> str:
    cols = grid.template.t3_columns
    th = lambda c, attrs="": _cell("th", c.label, items, numbers, None, c.key, attrs=attrs)  # noqa: E731
    out = ['<table class="t">',
           f'<tr><th rowspan="3">{escape(grid.template.t3_note)}</th><th colspan="7">申请人情况</th></tr>',
           f'<tr>{th(cols[0], " rowspan=2")}<th colspan="5">法人或其他组织</th>{th(cols[6], " rowspan=2")}</tr>',
           "<tr>" + "".join(th(c) for c in cols[1:6]) + "</tr>"]
    out += [_data_row(grid, axis, cols, items, numbers) for axis in grid.rows]
    out.append("</table>")
    return "".join(out)


def _t4(grid, items, numbers) -> str:
    cols, groups = grid.template.t4_columns, grid.rows
    group = lambda g: _cell("th", g.label, items, numbers, g.key, None, attrs=" colspan=5")  # noqa: E731
    out = ['<table class="t">', f'<tr>{group(groups[0])}<th colspan="10">行政诉讼</th></tr><tr>']
    out += [f'<th rowspan="2">{escape(c.label)}</th>' for c in cols]
    out += [group(g) for g in groups[1:]]
    out.append("</tr><tr>" + "".join(f"<th>{escape(c.label)}</th>" for _ in groups[1:] for c in cols) + "</tr><tr>")
    out += [_cell("td", _value(grid, g.key, c.key), items, numbers, g.key, c.key) for g in groups for c in cols]
    out.append("</tr></table>")
    return "".join(out)


_GRIDS = {"t2": _t2, "t3": _t3, "t4": _t4}
