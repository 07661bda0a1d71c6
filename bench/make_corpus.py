#!/usr/bin/env python3
"""Generate a corpus of reports for the benchmark from the real reports in
tests/fixtures (the ten seed files, 上海 2019 as .docx and .html, 淮安 2024,
and the real WPS 2021 template filled with numbers). Each copy varies some
numbers in its tables, so the rules have real work (and real imbalances).

    python bench/make_corpus.py OUT_DIR [--count 1000] [--seed 1] [--distinct]

--distinct: every copy is another agency's report (the agency's name gets a
number) whose prose is its own: its sentences are swapped for sentences
drawn at random from all the sources, so two copies share what two real
reports of different agencies share (headings and set phrases, the odd
sentence), not whole sections. --keep-prose 0.3 keeps 30 % of the
source's sentences instead: a batch of many near-copies, the stress case.
"""
import argparse
import random
import re
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures"


def sources() -> list[Path]:
    return (sorted((FIX / "seeds").glob("*.docx")) + sorted((FIX / "seeds").glob("*.txt"))
            + [FIX / "real" / "shanghai-office-2019.docx", FIX / "real" / "shanghai-office-2019.html",
               FIX / "corpus" / "huaian-gov-2024.txt", FIX / "real" / "template-2021-blank.docx"])


def vary_xml(xml: str, rng: random.Random) -> str:
    """Change some numeric cells."""
    return re.sub(r"<w:t>(\d{1,4})</w:t>", lambda m: f"<w:t>{rng.randint(0, 9) if rng.random() < 0.2 else m[1]}</w:t>", xml)


def vary_text(text: str, rng: random.Random) -> str:
    return re.sub(r"(?m)^(\t?)(\d{1,4})$", lambda m: m[1] + (str(rng.randint(0, 9)) if rng.random() < 0.2 else m[2]), text)


_SENTENCE = re.compile(r"[^。！？\n<>]{12,}[。！？]")  # never across an XML tag
_COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"


def pool(src: list[Path]) -> list[str]:
    """Sentences of the sources' prose (plain text and Word runs alike)."""
    out = []
    for s in src:
        if s.suffix == ".docx":
            with zipfile.ZipFile(s) as z:
                text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", z.read("word/document.xml").decode("utf-8")))
        else:
            text = s.read_text(encoding="utf-8")
        out += _SENTENCE.findall(text)
    return sorted(set(out))


def agency(s: Path) -> str | None:
    from gikplint.national import gikplint_read
    from gikplint.parse.report import parse
    from gikplint.read import read

    return parse(read(str(s), gikplint_read)).agency


def distinct(text: str, rng: random.Random, sentences: list[str], name: str | None, n: int, keep: float) -> str:
    """Another agency's report: the name numbered, the sentences swapped but for `keep` of them."""
    if name:
        text = text.replace(name, f"{name}第{n}分局")
    def swap(m):
        if rng.random() < keep:
            return m[0]
        # a sentence of the pool in the agency's own words: one character in five changed,
        # so two reports rarely share a run of eight characters unless one copied the other
        chars = [c if not "\u4e00" <= c <= "\u9fff" or rng.random() >= 0.2 else rng.choice(_COMMON)
                 for c in rng.choice(sentences)]
        return "".join(chars)

    return _SENTENCE.sub(swap, text)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--distinct", action="store_true", help="every copy another agency's report, with prose of its own")
    ap.add_argument("--keep-prose", type=float, default=0.0, help="with --distinct: the share of sentences kept")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    src = sources()
    sentences = pool(src) if args.distinct else []
    names = {s: agency(s) for s in src} if args.distinct else {}
    for i in range(args.count):
        s = src[i % len(src)]
        target = out / f"{i:05d}-{s.stem}{s.suffix}"
        if s.suffix == ".docx":
            with zipfile.ZipFile(s) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
                for item in zin.infolist():
                    data = zin.read(item.filename)
                    if item.filename == "word/document.xml":
                        xml = vary_xml(data.decode("utf-8"), rng)
                        if args.distinct:
                            from xml.sax.saxutils import escape

                            xml = distinct(xml, rng, [escape(x) for x in sentences], escape(names[s] or "") or None, i, args.keep_prose)
                        data = xml.encode("utf-8")
                    zout.writestr(item, data)
        else:
            text = vary_text(s.read_text(encoding="utf-8"), rng)
            if args.distinct:
                text = distinct(text, rng, sentences, names[s], i, args.keep_prose)
            target.write_text(text, encoding="utf-8")
    print(f"{args.count} reports from {len(src)} real sources in {out}")


if __name__ == "__main__":
    main()
