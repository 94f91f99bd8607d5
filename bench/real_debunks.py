"""Real debunks, read from a local folder: the archive of older ones and the later claims.

The public data is not ours and is never committed; this module only reads it. Put the files in
one folder (default `$TANGKAL_DEBUNK_DATA`, else `/work/data-i14`):

- `ah_politics.csv`, `ah_scam.csv`, `ah_others.csv`: TurnBackHoax (Mafindo) debunks of 2024, as
  published in the public repository alharkan7/turnbackhoax-analysis
  (`topic_modeling/**/{politics,scam,others}_hoax_text.csv`: ID, TITLE, DATE, HOAX_TEXT). They
  are the archive: one debunk title each, as an office's archive usually holds them.
- `tbh_articles.csv`: TurnBackHoax debunks of 2025-2026 from the public repository
  luthfillawliet23/turnbackhoax_scraper (`turnbackhoax_articles.csv`: url, narasi, ...). Each
  one's quoted narrative (the claim as people forwarded it) is a query: a claim reaching an
  office a year or more after the archive's debunks.

Ids are `a:<ID>` for an archived debunk and `q:<article number>` for a query; the labels in
`bench/real_debunk_labels.csv` use them and nothing else.

With the two repositories cloned (bare or not) under one folder as `OWNER+NAME/repo`,
`python -m bench.real_debunks MIRRORS [DATA]` copies the four files out of them into DATA.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

DEFAULT_DATA = Path(os.environ.get("TANGKAL_DEBUNK_DATA", "/work/data-i14"))
ARCHIVE_FILES = ("ah_politics.csv", "ah_scam.csv", "ah_others.csv")
QUERY_FILE = "tbh_articles.csv"
ARCHIVE_FORMS = ("title", "narrative")  # what an archived debunk's claim holds (see `archive`)

_ARTICLE = re.compile(r"/articles/(\d+)-([a-z0-9-]+)")
# "... mengunggah narasi [arsip] sebagai berikut: <claim>" / "... dengan narasi: <claim>"
_NARRATIVE_START = re.compile(r"(?:narasi|berikut|takarir|keterangan)[^:]{0,80}:\s*", re.I)
# The fact-checker's own account after the quote: "Hingga ...", "Per Senin (5/1/2026) unggahan
# itu disukai 1.000 kali ...", "Tim Pemeriksa Fakta Mafindo menemukan ...", "Dari pengamatan ...",
# "“...” di unggahannya." (a third of the claims carried one of them; left in, their words made
# claims about different hoaxes alike).
_NARRATIVE_END = re.compile(
    r"(?:^|\s)(?:Hingga|Sampai|Per arsip|Per tangkapan|Tim Pemeriksa Fakta|Dari pengamatan"
    r"|Per (?i:Senin|Selasa|Rabu|Kamis|Jum.?at|Sabtu|Minggu)\b"
    r"|Unggahan (?:tersebut|itu) (?:telah|sudah|mendapat))"
    r"|(?<=”)\s?di (?:unggahannya|dalam video)\b"
)


@dataclass(frozen=True)
class Debunk:
    id: str
    title: str
    claim: str
    published: date | None


def _date(value: str) -> date | None:
    for fmt in ("%d %b %Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    return None


def archive(folder: Path = DEFAULT_DATA, form: str = "title") -> list[Debunk]:
    """The older debunks. In the "title" form the claim is the debunk's title; in the
    "narrative" form it is the hoax's text the debunk quotes (its title where it quotes none),
    as an office's own incidents and a CSV import hold it, and the title stays the title."""
    found: dict[str, Debunk] = {}
    for name in ARCHIVE_FILES:
        with (folder / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                title = row["TITLE"].strip().strip('“”"')
                if title:
                    key = f"a:{row['ID']}"
                    quoted = row["HOAX_TEXT"].strip().strip('“”"')[:2000]
                    claim = quoted if form == "narrative" and quoted else title
                    found[key] = Debunk(key, title, claim, _date(row["DATE"]))
    return sorted(found.values(), key=lambda d: int(d.id[2:]))


def claim_of(narrative: str) -> str:
    """The forwarded claim inside a debunk's account of it ("... berisi narasi: <claim>")."""
    start = _NARRATIVE_START.search(narrative)
    text = narrative[start.end() :] if start else narrative
    end = _NARRATIVE_END.search(text)
    return (text[: end.start()] if end else text).strip().strip('“”"').strip()


def queries(folder: Path = DEFAULT_DATA) -> list[Debunk]:
    """The later debunks' quoted claims (the long, noisy text that reaches an office)."""
    found: dict[str, Debunk] = {}
    with (folder / QUERY_FILE).open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            article = _ARTICLE.search(row["url"])
            claim = claim_of(row["narasi"])
            if article is None or len(claim) < 20:
                continue
            slug = article.group(2).split("-", 1)[-1].replace("-", " ")
            key = f"q:{article.group(1)}"
            found[key] = Debunk(key, slug, claim[:2000], _date(row["date"]))
    return sorted(found.values(), key=lambda d: int(d.id[2:]))


# (repository folder, path in the repository, file name here)
_SOURCES = (
    ("alharkan7+turnbackhoax-analysis", "topic_modeling/politics_hoax_text.csv", "ah_politics.csv"),
    (
        "alharkan7+turnbackhoax-analysis",
        "topic_modeling/scam_category/scam_hoax_text.csv",
        "ah_scam.csv",
    ),
    (
        "alharkan7+turnbackhoax-analysis",
        "topic_modeling/others_category/others_hoax_text.csv",
        "ah_others.csv",
    ),
    ("luthfillawliet23+turnbackhoax_scraper", "turnbackhoax_articles.csv", QUERY_FILE),
)


def copy_from_mirrors(mirrors: Path, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for repository, path, name in _SOURCES:
        git_dir = mirrors / repository / "repo"
        command = [shutil.which("git") or "git", "-C", str(git_dir), "show", f"HEAD:{path}"]
        content = subprocess.run(command, check=True, capture_output=True).stdout  # noqa: S603
        (folder / name).write_bytes(content)
        print(f"{folder / name}: {len(content):,} bytes from {repository}:{path}")


if __name__ == "__main__":
    copy_from_mirrors(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else DEFAULT_DATA)
