"""The decision dossier as a PDF (fpdf2), in a Unicode font so Indonesian text prints whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from api.pages.i18n import translator
from core.domain import Decision, Stage
from core.local_time import LocalClock, duration
from core.words.labels import Operation, PublicationStatus, label

# Debian's fonts-dejavu-core; without it the built-in Helvetica, limited to Latin-1.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def _pdf() -> tuple[FPDF, str]:
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_margins(15, 15, 15)
    regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdf.add_font("DejaVu", "", str(regular))
        pdf.add_font("DejaVu", "B", str(bold))
        return pdf, "DejaVu"
    return pdf, "Helvetica"


class _Writer:
    def __init__(self) -> None:
        self.pdf, self.font = _pdf()
        self.unicode = self.font != "Helvetica"
        self.pdf.add_page()

    def _text(self, text: str) -> str:
        return text if self.unicode else text.encode("latin-1", "replace").decode("latin-1")

    def heading(self, text: str, size: int = 13) -> None:
        self.pdf.set_font(self.font, "B", size)
        self.pdf.ln(2)
        self.line(text, bold=True, size=size)

    def line(self, text: str, *, bold: bool = False, size: int = 10) -> None:
        self.pdf.set_font(self.font, "B" if bold else "", size)
        self.pdf.multi_cell(
            0, size * 0.55, self._text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )


def dossier_pdf(dossier: dict[str, Any]) -> bytes:
    lang = dossier["language"]
    clock, t = LocalClock(dossier["timezone"], lang), translator(lang)
    w = _Writer()
    incident = dossier["incident"]
    w.heading(f"{t('dossier')} — {incident['id']}", 15)
    w.line(f"{dossier['organization']} · {t('generated')} {clock.moment(dossier['generated_at'])}")
    w.heading(t("brief"))
    for sentence in dossier["brief"]:
        w.line(sentence)
    w.heading(t("decisions_heading"))
    if not dossier["decisions"]:
        w.line(t("no_decisions"))
    for d in dossier["decisions"]:
        reason = f" — {d['reason']}" if d["reason"] else ""
        w.line(
            f"{clock.moment(d['at'])} · {d['by']} · {label(Decision, d['decision'], lang)} · "
            f"v{d['draft_version']} · sha256 {d['draft_hash']}{reason}"
        )
    w.heading(t("sla_per_stage"))
    for s in dossier["sla"]:
        within = {True: t("within_sla"), False: t("breached").upper(), None: t("no_sla")}
        limit = f" / {duration(s['sla_minutes'] * 60, lang)}" if s["sla_minutes"] else ""
        taken = duration(s["minutes"] * 60, lang)
        w.line(f"{label(Stage, s['stage'], lang)}: {taken}{limit} — {within[s['within_sla']]}")
    w.heading(t("channels_links"))
    if not dossier["publications"]:
        w.line(t("no_publications"))
    for p in dossier["publications"]:
        where = p["url"] or p["error"] or ""
        done = label(PublicationStatus, p["status"], lang)
        w.line(
            f"{p['channel']}: {label(Operation, p['operation'], lang)} {done} "
            f"(v{p['draft_version']}, {clock.moment(p['at'])}) {where}"
        )
    if dossier.get("media"):
        w.heading(t("media"))
        for m in dossier["media"]:
            by = m["uploaded_by"] or "—"
            w.line(f"{m['id']} · {m['mime']} · {m['bytes']:,} B", bold=True)
            w.line(f"SHA-256 {m['sha256']}")
            w.line(f"{t('uploaded_by')} {by} · {clock.moment(m['uploaded_at'])}")
            for line in m["matches"]:
                w.line(line)
            w.line(m["credentials"])
            for c in m["custody"]:
                what = t("custody_" + c["type"])
                w.line(f"{clock.moment(c['at'])} · {c['by']} · {what}")
    w.heading(t("corrections"))
    if not dossier["corrections"]:
        w.line(t("no_corrections"))
    for c in dossier["corrections"]:
        w.line(f"{clock.moment(c['at'])} · {c['by']} · {c['summary']}")
    if dossier["final_text"]:
        w.heading(t("klarifikasi_text"))
        w.line(dossier["final_text"]["title"], bold=True)
        w.line(dossier["final_text"]["body"])
    return bytes(w.pdf.output())
