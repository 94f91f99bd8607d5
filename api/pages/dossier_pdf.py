"""The decision dossier as a document for the Bupati's desk: the letterhead, the brief, the
klarifikasi on one page where it fits, who approved which version of it, then the audit trail."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf.fonts import FontFace

from api.pages.dossier_layout import DossierPaper
from api.pages.i18n import translator
from core.domain import Decision, Stage
from core.local_time import LocalClock, duration
from core.words.labels import Operation, PublicationStatus, label

HASH = FontFace(size_pt=8)


def _approval_block(paper: DossierPaper, dossier: dict[str, Any], clock: LocalClock) -> None:
    t = translator(clock.lang)
    approvals = [d for d in dossier["decisions"] if d["decision"] == "approve"]
    paper.keep_together(16 + 16 * len(approvals))  # a row: its version line, the hash in two
    paper.heading(t("approval_block"))
    if not approvals:
        paper.line_of(t("no_approvals"))
        return
    paper.set_font(paper.font, "", 9)
    with paper.table(
        col_widths=(27, 50, 23),
        text_align="LEFT",
        line_height=4.6,
        headings_style=FontFace(emphasis="BOLD"),
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for word in ("approved_by", "approved_text", "approved_when"):
            head.cell(paper.plain(t(word)))
        for d in approvals:
            row = table.row()
            row.cell(paper.plain(d["by"]))
            version = f"{t('version')} {d['draft_version']} · SHA-256"
            row.cell(f"{version}\n{d['draft_hash']}", style=HASH)
            row.cell(paper.plain(clock.moment(d["at"])))


def _klarifikasi(paper: DossierPaper, dossier: dict[str, Any], t: Any) -> None:
    final = dossier["final_text"]
    if not final:
        return
    # The whole text on one page where it fits: a signatory reads it without turning over.
    height = paper.height_of(final["title"], bold=True, size=11) + paper.height_of(final["body"])
    paper.keep_together(height + 14)
    paper.heading(t("klarifikasi_text"))
    paper.line_of(final["title"], bold=True, size=11)
    paper.ln(1.5)
    paper.line_of(final["body"])


def _audit(paper: DossierPaper, dossier: dict[str, Any], clock: LocalClock) -> None:
    lang, t = clock.lang, translator(clock.lang)
    paper.heading(t("audit_trail"), 13)
    paper.heading(t("decisions_heading"), 11)
    if not dossier["decisions"]:
        paper.line_of(t("no_decisions"))
    for d in dossier["decisions"]:
        reason = f" — {d['reason']}" if d["reason"] else ""
        paper.line_of(
            f"{clock.moment(d['at'])} · {d['by']} · {label(Decision, d['decision'], lang)} · "
            f"v{d['draft_version']} · sha256 {d['draft_hash']}{reason}",
            size=9,
        )
    paper.heading(t("sla_per_stage"), 11)
    within = {True: t("within_sla"), False: t("breached").upper(), None: t("no_sla")}
    for s in dossier["sla"]:
        limit = f" / {duration(s['sla_minutes'] * 60, lang)}" if s["sla_minutes"] else ""
        taken = duration(s["minutes"] * 60, lang)
        stage = label(Stage, s["stage"], lang)
        paper.line_of(f"{stage}: {taken}{limit} — {within[s['within_sla']]}", size=9)
    paper.heading(t("channels_links"), 11)
    if not dossier["publications"]:
        paper.line_of(t("no_publications"), size=9)
    for p in dossier["publications"]:
        where = p["url"] or p["error"] or ""
        done = label(PublicationStatus, p["status"], lang)
        paper.line_of(
            f"{p['channel']}: {label(Operation, p['operation'], lang)} {done} "
            f"(v{p['draft_version']}, {clock.moment(p['at'])}) {where}",
            size=9,
        )
    if dossier.get("media"):
        paper.heading(t("media"), 11)
        for m in dossier["media"]:
            paper.line_of(f"{m['id']} · {m['mime']} · {m['bytes']:,} B", bold=True, size=9)
            paper.line_of(f"SHA-256 {m['sha256']}", size=9)
            by = m["uploaded_by"] or "—"
            paper.line_of(f"{t('uploaded_by')} {by} · {clock.moment(m['uploaded_at'])}", size=9)
            for line in [*m["matches"], m["credentials"]]:
                paper.line_of(line, size=9)
            for c in m["custody"]:
                what = t("custody_" + c["type"])
                paper.line_of(f"{clock.moment(c['at'])} · {c['by']} · {what}", size=9)
    paper.heading(t("corrections"), 11)
    if not dossier["corrections"]:
        paper.line_of(t("no_corrections"), size=9)
    for c in dossier["corrections"]:
        paper.line_of(f"{clock.moment(c['at'])} · {c['by']} · {c['summary']}", size=9)


def dossier_pdf(dossier: dict[str, Any], logo: Path | None = None) -> bytes:
    """`logo`: the policy's `[organization] logo`, if set."""
    lang = dossier["language"]
    clock, t = LocalClock(dossier["timezone"], lang), translator(lang)
    incident = dossier["incident"]
    foot = f"{t('dossier')} {incident['id']} · {clock.moment(dossier['generated_at'])}"
    paper = DossierPaper(dossier["organization"], logo, t("page_of"), foot)
    paper.line_of(f"{t('dossier')} — {incident['id']}", bold=True, size=15)
    paper.line_of(f"{t('generated')} {clock.moment(dossier['generated_at'])}", muted=True, size=9)
    paper.heading(t("brief"))
    for sentence in dossier["brief"]:
        paper.line_of(sentence)
        paper.ln(0.8)
    # The text, then who approved it (as a letter ends with its signatures), then the trail.
    _klarifikasi(paper, dossier, t)
    _approval_block(paper, dossier, clock)
    _audit(paper, dossier, clock)
    return bytes(paper.output())
