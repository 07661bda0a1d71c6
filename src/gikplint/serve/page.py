"""The pages of gikplint serve, in Chinese: the upload form, the result (the
HTML report with downloads above it) and an error. Everything is inline —
the service may run where there is no internet — and the Content-Security-Policy
lets a page fetch nothing."""
from __future__ import annotations

import base64
import hashlib
import json
import os
from html import escape

from gikplint import __version__
from gikplint.emit import html as html_report

def headers(script: str | None = None) -> dict:
    """A page's headers: it may load nothing, and run only its own inline script (by its hash)."""
    scripts = f"'sha256-{base64.b64encode(hashlib.sha256(script.encode('utf-8')).digest()).decode()}'" if script else "'none'"
    return {
        "Content-Security-Policy": f"default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; img-src data:; "
                                   "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Cache-Control": "no-store",
    }


_STYLE = """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","Microsoft YaHei","PingFang SC",sans-serif;margin:0;color:#222;
line-height:1.6;background:#f6f7f9}
main{max-width:760px;margin:40px auto;background:#fff;padding:28px 36px;border-radius:8px;box-shadow:0 1px 4px #0002}
h1{font-size:22px;margin:0 0 8px}p.lead{color:#555;margin:0 0 20px}
label{display:block;margin:16px 0 6px;font-weight:bold}
#drop{border:2px dashed #8aa;border-radius:8px;padding:28px;text-align:center;background:#fafcfd}
#drop.over{background:#e8f4ff;border-color:#37c}
#chosen{color:#333;margin-top:8px;font-size:14px}
small{color:#666;font-weight:normal}
button{margin-top:22px;font-size:16px;padding:8px 28px;background:#1a5fb4;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{color:#a00;font-size:17px}footer{color:#888;font-size:12px;margin-top:24px}
"""

UPLOAD_SCRIPT = """
(function(){
  var drop=document.getElementById('drop'),input=document.getElementById('files'),chosen=document.getElementById('chosen');
  function show(){var n=[];for(var i=0;i<input.files.length;i++)n.push(input.files[i].name);chosen.textContent=n.length?'已选择：'+n.join('、'):'';}
  input.addEventListener('change',show);
  ['dragenter','dragover'].forEach(function(e){drop.addEventListener(e,function(ev){ev.preventDefault();drop.className='over';});});
  ['dragleave','drop'].forEach(function(e){drop.addEventListener(e,function(ev){ev.preventDefault();drop.className='';});});
  drop.addEventListener('drop',function(ev){if(ev.dataTransfer&&ev.dataTransfer.files.length){input.files=ev.dataTransfer.files;show();}});
})();
"""


REPORT_SCRIPT = html_report.SCRIPT  # the HTML report's own few lines (sorting and filtering a batch)


def esc(text: str) -> str:
    return escape(text, quote=True)


def _page(title: str, body: str, script: str = "") -> str:
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{esc(title)}</title>'
            f"<style>{_STYLE}</style></head><body><main>{body}"
            f'<footer>gikplint {esc(__version__)}：上传的文件只用于本次检查，检查完即删除，不保存、不记录。</footer></main>'
            + (f"<script>{script}</script>" if script else "") + "</body></html>")


def upload(settings) -> str:
    accept = ",".join((".docx", ".pdf", ".html", ".htm", ".txt", ".md"))
    body = f"""<h1>政府信息公开工作年度报告检查</h1>
<p class="lead">上传报告，检查六个部分、表格和勾稽关系、发布时限等是否符合国办统一格式。
Word 报告还可以下载带批注的副本和改正了标签错字的副本。</p>
<form method="post" action="/lint" enctype="multipart/form-data">
<label for="files">报告文件 <small>（.docx、.pdf、.html、.txt、.md；可一次选多份，最多 {settings.max_files} 份，合计不超过 {settings.max_upload_mb:g} MB）</small></label>
<div id="drop"><input type="file" id="files" name="files" multiple required accept="{accept}">
<div>也可以把文件拖到这里</div><div id="chosen"></div></div>
<label for="previous">上一年度的报告 <small>（可选：与上一年度对照，GK801–GK804）</small></label>
<input type="file" id="previous" name="previous" accept="{accept}">
<label for="published">发布日期 <small>（可选：核对是否超过法定发布时限）</small></label>
<input type="date" id="published" name="published">
<div><button type="submit">开始检查</button></div>
</form>"""
    return _page("年度报告检查 - gikplint", body, UPLOAD_SCRIPT)


def error(message: str) -> str:
    body = f'<h1>没有完成检查</h1><p class="error">{esc(message)}</p><p><a href="/">返回上传页面</a></p>'
    return _page("没有完成检查 - gikplint", body)


def _data_link(data: bytes, media: str, filename: str, text: str) -> str:
    href = f"data:{media};base64,{base64.b64encode(data).decode('ascii')}"
    return f'<a class="dl" href="{href}" download="{esc(filename)}">{esc(text)}</a>'


def result(report_html: str, result: dict, made: dict) -> str:
    """The HTML report of the upload, with a bar of downloads above it."""
    from gikplint.serve.app import MEDIA

    links = [_data_link(json.dumps(result, ensure_ascii=False, indent=2).encode("utf-8"), "application/json",
                        "gikplint-结果.json", "下载检查结果（JSON）")]
    for (command, name), data in made.items():
        stem, ext = os.path.splitext(name)
        tag, what = ("gikplint", "带批注的副本") if command == "annotate" else ("fixed", "改正后的副本")
        links.append(_data_link(data, MEDIA.get(ext.lower(), "application/octet-stream"), f"{stem}.{tag}{ext}",
                                f"{name}：{what}"))
    bar = ('<div id="downloads" style="position:sticky;top:0;z-index:9;background:#eef4fb;border-bottom:1px solid #bcd;'
           'padding:10px 24px;margin:-24px -24px 20px"><a href="/">← 再检查一份</a>'
           + "".join(f'<span style="margin-left:18px">{link}</span>' for link in links) + "</div>")
    at = report_html.find("<body")
    at = report_html.find(">", at) + 1 if at >= 0 else 0
    return report_html[:at] + bar + report_html[at:]
