"""What the verifier reads about an incident a monitored source opened: who found it, its
score, and the klarifikasi it recycles, in the organisation's language."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from core.db import engine_for
from core.detection.admission import ARCHIVE_POINTS, MonitoredItem, admit
from core.detection.archive import ArchiveEntry, add_to_archive
from core.migrate import migrate
from core.policy import EXAMPLE_POLICY, load_policy
from core.tables import Incident

TITLE = "Pendaftaran Bansos PKH Lewat Tautan WhatsApp"


def test_a_recycled_hoax_found_by_monitoring_names_the_earlier_klarifikasi(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'tangkal.db'}"
    migrate(url)
    engine = engine_for(url)
    with Session(engine) as session:
        add_to_archive(
            session,
            ArchiveEntry(
                claim="Pendaftaran bansos PKH dibuka lewat tautan WhatsApp, isi data KTP",
                title=TITLE,
                body="Faktanya, pendaftaran PKH tidak lewat tautan WhatsApp.",
                language="id",
                origin="import",
            ),
        )
        session.commit()
    item = MonitoredItem(
        key="feed-1",
        text="Pendaftaran bansos PKH dibuka lewat tautan WhatsApp, segera isi data KTP anda",
        reach=500,
    )
    policy = load_policy(EXAMPLE_POLICY)
    admitted = admit(engine, policy, "berita-bali", item, 0, datetime.now(UTC))

    assert admitted.status == "opened" and admitted.incident_id is not None
    with Session(engine) as session:
        incident = session.get(Incident, admitted.incident_id)
        assert incident is not None
        assert incident.notes == (
            f"Ditemukan pemantauan berita-bali (skor {admitted.score})."
            f" Mengulang hoaks yang pernah diklarifikasi: “{TITLE}” (+{ARCHIVE_POINTS})."
        )
        assert incident.reporter is not None
        assert incident.reporter["name"] == "Pemantauan berita-bali"
        assert incident.reporter["id"] == "monitor:berita-bali"
