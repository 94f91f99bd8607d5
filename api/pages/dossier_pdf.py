"""The decision dossier as a PDF (fpdf2), in a Unicode font so Indonesian text prints whole."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import XPos, YPos

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
        self.pdf.multi_cell(0, size * 0.55, self._text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def dossier_pdf(dossier: dict[str, Any]) -> bytes:
    w = _Writer()
    incident = dossier["incident"]
    w.heading(f"Dosier keputusan — {incident['id']}", 15)
    w.line(f"{dossier['organization']} · dibuat {dossier['generated_at'][:16]} UTC")
    w.heading("Ringkasan eksekutif")
    for sentence in dossier["brief"]:
        w.line(sentence)
    w.heading("Keputusan (versi dan hash yang disetujui)")
    if not dossier["decisions"]:
        w.line("Belum ada keputusan.")
    for d in dossier["decisions"]:
        reason = f" — {d['reason']}" if d["reason"] else ""
        w.line(
            f"{d['at'][:16]} UTC · {d['by']} · {d['decision']} · v{d['draft_version']} "
            f"· sha256 {d['draft_hash']}{reason}"
        )
    w.heading("Kepatuhan SLA per tahap")
    for s in dossier["sla"]:
        verdict = {True: "sesuai SLA", False: "MELEWATI SLA", None: "tanpa SLA"}[s["within_sla"]]
        limit = f" / {s['sla_minutes']} menit" if s["sla_minutes"] else ""
        w.line(f"{s['stage']}: {s['minutes']} menit{limit} — {verdict}")
    w.heading("Kanal dan tautan")
    if not dossier["publications"]:
        w.line("Belum dipublikasikan.")
    for p in dossier["publications"]:
        where = p["url"] or p["error"] or ""
        w.line(f"{p['channel']}: {p['operation']} {p['status']} (v{p['draft_version']}) {where}")
    w.heading("Koreksi")
    if not dossier["corrections"]:
        w.line("Tidak ada koreksi.")
    for c in dossier["corrections"]:
        w.line(f"{c['at'][:16]} UTC · {c['by']} · {c['summary']}")
    if dossier["final_text"]:
        w.heading("Teks klarifikasi")
        w.line(dossier["final_text"]["title"], bold=True)
        w.line(dossier["final_text"]["body"])
    return bytes(w.pdf.output())
