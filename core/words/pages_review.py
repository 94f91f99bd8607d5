"""The verifier's queue and verdict form; the approver's list of what waits for them.

Keys start with `rv_` so that the workspaces' modules, written side by side, never claim
the same key. The checklist items, the archive-match question and the approval tally are
said by their own catalogues (`slack_forms`, `cards`), as Slack says them.
"""

from __future__ import annotations

REVIEW_TEXTS: dict[str, tuple[str, str]] = {
    # On the incident page: where its next step is done.
    "rv_to_verdict": ("Periksa dan beri putusan verifikasi", "Check it and give the verdict"),
    "rv_to_approval": ("Baca teksnya dan putuskan", "Read the text and decide"),
    # The verifier's queue.
    "rv_verify_queue": ("Menunggu verifikasi", "Waiting for verification"),
    "rv_verify_queue_order": (
        "Urutan: yang paling gawat dulu, lalu yang paling lama menunggu.",
        "Order: the most severe first, then the longest waiting.",
    ),
    "rv_verify_queue_empty": (
        "Tidak ada insiden yang menunggu verifikasi.",
        "No incident is waiting for verification.",
    ),
    "rv_open_verdict": ("Periksa dan beri putusan", "Check it and give the verdict"),
    "rv_reported_at": ("dilaporkan", "reported"),
    "rv_due": ("batas", "due"),
    # The verdict page.
    "rv_verify_title": ("Verifikasi", "Verification"),
    "rv_whole_incident": ("Halaman lengkap insiden", "The incident's full page"),
    "rv_judged": (
        "Penilaian kecocokan arsip tercatat.",
        "Your judgement of the match is recorded.",
    ),
    "rv_reach": ("jangkauan", "reach"),
    "rv_first_seen": ("beredar sejak", "circulating since"),
    "rv_by": ("oleh", "by"),
    "rv_notes": ("Catatan pelapor", "Reporter's notes"),
    "rv_sources": ("Sumber klaim", "Where the claim was seen"),
    "rv_no_sources": ("Pelapor tidak menyertakan tautan.", "The report gave no links."),
    "rv_risk_factors": ("Faktor risiko dari triase", "Risk factors found by triage"),
    "rv_no_factors": ("Triase tidak mencatat faktor risiko.", "Triage recorded no risk factor."),
    "rv_matches": ("Kecocokan", "Matches"),
    "rv_archive_match": (
        "Mirip klarifikasi terdahulu dari arsip",
        "Like an earlier klarifikasi in the archive",
    ),
    "rv_similarity": ("kemiripan", "similarity"),
    "rv_duplicates": (
        "Laporan lain tentang klaim yang sama, digabung ke insiden ini:",
        "Other reports of the same claim, joined to this incident:",
    ),
    "rv_dup_same": ("Ya, hoaks yang sama", "Yes, the same hoax"),
    "rv_dup_why": (
        "Bukan hoaks yang sama? Tulis alasannya; laporan itu lalu ditangani sebagai insiden"
        " tersendiri:",
        "Not the same hoax? Say why; that report is then handled as an incident of its own:",
    ),
    "rv_dup_not_same": ("Bukan hoaks yang sama", "Not the same hoax"),
    "rv_dup_confirmed": ("dibenarkan sebagai hoaks yang sama", "confirmed as the same hoax"),
    "rv_dup_split": ("bukan hoaks yang sama, ditangani sebagai", "not the same hoax, handled as"),
    "rv_joined_to": ("Digabung sebagai duplikat insiden", "Joined as a duplicate of incident"),
    "rv_split_into": (
        "Verifikator menilainya bukan hoaks yang sama; ditangani sebagai insiden",
        "The verifier judged it not the same hoax; it is handled as incident",
    ),
    "rv_split_from": (
        "Dilaporkan lagi dari laporan yang keliru digabung sebagai duplikat:",
        "Reported again from a report wrongly joined as a duplicate:",
    ),
    "rv_no_matches": (
        "Tidak ada kecocokan dengan arsip, laporan lain atau media resmi.",
        "No match in the archive, other reports or official media.",
    ),
    "rv_verify_not_open": (
        "Insiden ini tidak lagi menunggu verifikasi.",
        "This incident is no longer waiting for verification.",
    ),
    # The verdict form.
    "rv_verdict_form": ("Putusan verifikasi", "Verification verdict"),
    "rv_form_has_errors": (
        "Putusan belum tercatat: perbaiki isian yang ditandai merah.",
        "The verdict is not recorded yet: correct the fields marked in red.",
    ),
    "rv_summary": ("Ringkasan fakta", "Summary of the facts"),
    "rv_summary_hint": (
        "(menjadi penjelasan dalam klarifikasi)",
        "(becomes the explanation in the klarifikasi)",
    ),
    "rv_evidence_urls": ("Tautan bukti", "Evidence links"),
    "rv_one_per_line": ("(satu tautan per baris)", "(one link per line)"),
    "rv_authority": ("Instansi berwenang", "Authoritative agency"),
    "rv_authority_hint": ("(mis. KPU Kabupaten Badung)", "(e.g. the regency's election office)"),
    "rv_checklist": ("Daftar periksa", "Checklist"),
    "rv_required": ("wajib", "required"),
    "rv_media_authenticity": ("Apa yang salah pada medianya?", "What was wrong with the media?"),
    "rv_media_hint": ("(untuk foto, video atau audio)", "(for a photo, video or audio)"),
    "rv_record_verdict": ("Catat putusan", "Record the verdict"),
    "rv_needs_verdict": ("Pilih salah satu putusan.", "Choose one of the verdicts."),
    "rv_needs_summary": (
        "Ringkasan fakta wajib diisi (paling banyak 10.000 karakter).",
        "The summary of the facts is required (at most 10,000 characters).",
    ),
    "rv_needs_urls": (
        "Paling banyak 30 tautan bukti, masing-masing tautan http:// atau https://.",
        "At most 30 evidence links, each an http:// or https:// link.",
    ),
    "rv_needs_authority": (
        "Nama instansi: satu baris, paling banyak 300 karakter.",
        "The agency's name: one line, at most 300 characters.",
    ),
    "rv_needs_checklist": (
        "Pilih butir daftar periksa yang tersedia.",
        "Choose among the checklist items offered.",
    ),
    "rv_needs_media": (
        "Pilih salah satu jenis yang tersedia.",
        "Choose one of the kinds offered.",
    ),
    "rv_needs_value": ("Isian ini tidak valid.", "This field is not valid."),
    # The approver's list.
    "rv_approve_list": ("Persetujuan", "Approvals"),
    "rv_waiting_for_you": ("Menunggu Anda", "Waiting for you"),
    "rv_approve_list_order": (
        "Draf yang menunggu keputusan Anda: yang paling gawat dulu, lalu yang paling lama.",
        "Drafts waiting for your decision: the most severe first, then the oldest.",
    ),
    "rv_nothing_waiting": (
        "Tidak ada draf yang menunggu keputusan Anda.",
        "No draft is waiting for your decision.",
    ),
    "rv_others_in_approval": ("Lainnya dalam tahap persetujuan", "Others in approval"),
    "rv_others_why": (
        "Draf yang sudah Anda setujui, yang Anda tulis sendiri (orang lain yang menyetujui), atau"
        " yang masih perlu persetujuan dari peran yang tidak Anda pegang.",
        "Drafts you approved, wrote yourself (someone else approves those), or that still need"
        " an approval from a role you do not hold.",
    ),
    "rv_draft_version": ("draf versi", "draft version"),
    "rv_you_wrote_it": ("Anda penulisnya", "You wrote it"),
    "rv_you_approved_it": ("Anda sudah menyetujui versi ini", "You approved this version"),
    # The approval page.
    "rv_approve_title": ("Persetujuan", "Approval"),
    "rv_diff_heading": (
        "Perubahan sejak versi yang terakhir disetujui",
        "Changes since the version last approved",
    ),
    "rv_diff_legend": (
        "Hijau: ditambahkan. Merah dicoret: dihapus.",
        "Green: added. Red, struck through: removed.",
    ),
    "rv_diff_none": ("Teksnya sama persis.", "The text is exactly the same."),
    "rv_whole_text": ("Teks lengkap klarifikasi", "The whole klarifikasi text"),
    "rv_no_approved_before": (
        "belum ada versi yang pernah disetujui",
        "no version was approved before",
    ),
    "rv_your_own_text": (
        "Anda menulis atau memverifikasi versi ini: orang lain yang harus menyetujuinya.",
        "You wrote or verified this version: someone else must approve it.",
    ),
    "rv_approve_not_open": (
        "Insiden ini tidak lagi menunggu persetujuan.",
        "This incident is no longer waiting for approval.",
    ),
}
