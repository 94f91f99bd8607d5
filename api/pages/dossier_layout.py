"""The dossier's paper (fpdf2): the organisation's letterhead, "Halaman 1 dari 3" at the foot of
every page, left-aligned text in a Unicode font, blocks kept on one page where they fit."""

from __future__ import annotations

import logging
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos
from fpdf.errors import FPDFException

log = logging.getLogger(__name__)
# Debian's fonts-dejavu-core; without it the built-in Helvetica, limited to Latin-1.
_DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
_MARGIN = 18
_INK, _MUTED, _RULE = (27, 27, 31), (95, 99, 104), (13, 59, 102)


class DossierPaper(FPDF):
    def __init__(self, organization: str, logo: Path | None, page_words: str, footer: str) -> None:
        """`page_words`: "Halaman {page} dari {pages}"; `footer`: what each page's foot names."""
        super().__init__(format="A4")
        self.organization, self.logo = organization, logo
        self.page_words, self.footer_text = page_words, footer
        self.set_auto_page_break(auto=True, margin=_MARGIN + 4)
        self.set_margins(_MARGIN, _MARGIN, _MARGIN)
        regular, bold = _DEJAVU / "DejaVuSans.ttf", _DEJAVU / "DejaVuSans-Bold.ttf"
        self.font = "Helvetica"
        if regular.exists() and bold.exists():
            self.add_font("DejaVu", "", str(regular))
            self.add_font("DejaVu", "B", str(bold))
            self.font = "DejaVu"
        self.add_page()

    def plain(self, text: str) -> str:
        if self.font == "DejaVu":
            return text
        return text.encode("latin-1", "replace").decode("latin-1")

    def header(self) -> None:
        """The letterhead on the first page (logo, name, a rule); later pages a running head."""
        if self.page_no() > 1:
            self.set_font(self.font, "", 8)
            self.set_text_color(*_MUTED)
            self.cell(0, 5, self.plain(self.organization), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(3)
            self.set_text_color(*_INK)
            return
        top, height, left = self.get_y(), 20.0, self.l_margin
        if self.logo is not None and self._draw_logo(left, top, height):
            left += height + 5
        self.set_xy(left, top + 3)
        self.set_font(self.font, "B", 16)
        self.multi_cell(0, 7, self.plain(self.organization), align="L", new_x=XPos.LMARGIN)
        self.set_y(max(self.get_y(), top + height) + 2)
        self.set_draw_color(*_RULE)
        self.set_line_width(0.8)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.set_line_width(0.2)
        self.line(self.l_margin, self.get_y() + 1.2, self.w - self.r_margin, self.get_y() + 1.2)
        self.set_draw_color(0, 0, 0)
        self.ln(6)

    def _draw_logo(self, x: float, y: float, height: float) -> bool:
        assert self.logo is not None
        try:
            self.image(str(self.logo), x=x, y=y, h=height)
        except (OSError, ValueError, FPDFException) as exc:
            # A missing or unreadable logo leaves the name alone: the dossier still prints.
            log.warning("dossier logo %s not drawn: %s", self.logo, exc)
            return False
        return True

    def footer(self) -> None:
        self.set_y(-_MARGIN + 2)
        self.set_font(self.font, "", 8)
        self.set_text_color(*_MUTED)
        page = self.page_words.format(page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 5, self.plain(self.footer_text), align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, self.plain(page), align="R")
        self.set_text_color(*_INK)

    # -- writing ---------------------------------------------------------------------------

    def heading(self, text: str, size: int = 12) -> None:
        self.ln(3)
        self.line_of(text, bold=True, size=size)
        self.ln(1)

    def line_of(
        self, text: str, *, bold: bool = False, size: float = 10, muted: bool = False
    ) -> None:
        self.set_font(self.font, "B" if bold else "", size)
        self.set_text_color(*(_MUTED if muted else _INK))
        self.multi_cell(
            0, size * 0.5, self.plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        self.set_text_color(*_INK)

    def height_of(self, text: str, *, bold: bool = False, size: float = 10) -> float:
        self.set_font(self.font, "B" if bold else "", size)
        found = self.multi_cell(
            0,
            size * 0.5,
            self.plain(text),
            align="L",
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )
        return float(found)  # type: ignore[arg-type]

    def keep_together(self, height: float) -> None:
        """A new page first when `height` does not fit what is left of this one but fits a
        page of its own (a longer block flows on)."""
        usable = self.h - self.t_margin - self.b_margin - 12  # the next page's running head
        if self.get_y() + height > self.page_break_trigger and height <= usable:
            self.add_page()
