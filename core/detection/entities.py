"""The entity a templated hoax hangs on: which bank, company, official, agency, place or flight.

Scam and impersonation hoaxes are templates ("undian berhadiah Bank X", "lowongan kerja PT X",
"akun WhatsApp Bupati X", a crash video of flight X): two claims on one template with different
entities are different hoaxes, and the debunk of one does not answer the other. `slots` reads
the slots from a normalised claim (see `core.detection.text.normalize`); `conflict` says which
slot two claims fill differently. A slot only one claim fills is no conflict: the archived
debunk's title often leaves out what the forwarded message spells out.

The organisation's own officials and agencies come from the policy (`known`: a normalised name
or alias -> the slot it fills), so "Pak Wayan" in a claim is the Bupati of the office's regency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from core.detection.lexicon import STOPWORDS
from core.detection.text import short_names

Slot = tuple[str, str]  # (kind, value): ("bank", "bri"), ("official", "bupati bojonegoro")
Known = tuple[tuple[str, Slot], ...]  # (a normalised name or alias, the slot it fills)

# fmt: off
_BANK_BRANDS = {
    "bri": "bri", "brimo": "bri", "britama": "bri", "bni": "bni", "bca": "bca",
    "mandiri": "mandiri", "livin": "mandiri", "bsi": "bsi", "bjb": "bjb", "btn": "btn",
    "seabank": "seabank",
    "superbank": "superbank", "permata": "permata", "panin": "panin", "danamon": "danamon",
    "cimb": "cimb", "ocbc": "ocbc", "muamalat": "muamalat", "bpr": "bpr", "jenius": "btpn",
    "btpn": "btpn", "allo": "allo", "blu": "bca",
}
# Regional banks are named by their region ("Bank Nagari", "BPD Sumut", "Bank Sumatra Utara"),
# read after the province's short name (`NAMES`): a few go by another name.
_REGION_ALIASES = {"sumbar": "nagari", "malut": "maluku", "sulut": "sulutgo", "jabar": "bjb"}
_AIRLINES = {"lion": "lion", "lionair": "lion", "sriwijaya": "sriwijaya",
             "sriwijayaair": "sriwijaya", "garuda": "garuda", "batik": "batik",
             "batikair": "batik", "citilink": "citilink",
             "airasia": "airasia", "wings": "wings", "wingsair": "wings", "pelita": "pelita",
             "pelitaair": "pelita", "trigana": "trigana", "susi": "susi"}
_FLIGHT_PREFIX = {"sj": "sriwijaya", "jt": "lion", "qz": "airasia", "ga": "garuda", "id": "batik",
                  "qg": "citilink", "iw": "wings", "iu": "superair", "in": "nam", "8b": "transnusa"}
# Titles named by their place ("Bupati Lamongan"); a village head or a rector is too often
# followed by a verb to be read this way.
_TITLES = ("bupati", "walikota", "wakil bupati", "wakil walikota", "gubernur", "wakil gubernur",
           "camat", "sekda", "kapolres", "kapolda", "kapolsek", "dandim", "ketua kpu",
           "ketua bawaslu")
_AGENCIES = ("kpu", "bawaslu", "polres", "polda", "dinkes", "disdukcapil", "bpbd", "dprd", "kejari",
             "pengadilan negeri", "rsud", "puskesmas", "universitas")
_PLACES = ("kabupaten", "kab", "kecamatan", "kec", "provinsi", "kota")
# Words after a slot word that are not the entity: "Bank Indonesia" is one, "bank di" is none.
_GENERIC = frozenset("""
    pj plt wakil kerja pekerjaan karyawan pegawai besar terbaru resmi online baru bumn pt persero
    tbk cabang pusat daerah bpd swasta negeri indonesia group grup tahun periode posisi perum
    perusahaan umum info informasi pengumuman tautan daftar terbaik kesempatan orang nasional
    akun palsu asli whatsapp facebook instagram tiktok nomor mengatasnamakan atas nama kota kab
    kabupaten dinas mobile banking syariah berhadiah hadiah undian promo program gebyar kupon
    semua seluruh nasabah pengguna
""".split())
_COMPANY_CUES = ("pt", "lowongan kerja", "lowongan pekerjaan", "lowongan", "loker", "rekrutmen",
                 "recruitment", "perusahaan", "rs", "rumah sakit", "hotel", "klinik",
                 # A civil-service intake names its agency: "CPNS Kejaksaan", "PPPK Kemenag"
                 # (normalised "pk": three letters in a row are one).
                 "cpns", "pk")
# A name that starts with one of these goes on: "Badan Narkotika" and "Badan Nasional" (BNN,
# BNPB), "Kementerian Imigrasi" and "Kementerian Agama" are different employers.
_ORGANISATION_HEADS = frozenset({"badan", "kementerian", "kementrian", "komisi", "lembaga",
                                 "direktorat", "balai", "kantor", "jasa"})
# What a vacancy names after its cue that is not the company: the job and who may apply
# ("lowongan kerja operator produksi PT …", "loker lulusan SMA").
_JOBS = frozenset("""
    lulusan sma smk smp slta sd d1 d3 d4 s1 s2 fresh graduate freshgraduate pengalaman
    operator produksi kurir staff staf admin administrasi satpam security driver sopir helper
    kasir sales marketing teknisi gudang pabrik customer service cs spg tenaga honorer
    outsourcing magang harian lepas freelance part time full fulltime pria wanita petugas
    cpns pk pns asn p3k pemagangan internship paruh penuh waktu guru tetap calon penempatan
    formasi pendamping mitra petani penggerak requirements requirments besaran dapur jiwa
""".split())
# A hashtag or a glued cue is the vacancy itself, not its employer: "loker #lowongankerja".
_VACANCY_STEMS = ("lowongan", "loker", "rekrut", "karir", "karier", "vacancy", "hiring")
# The name stands before these: "Siloam Hospitals", "Astra Group".
_COMPANY_AFTER = frozenset({"hospital", "hospitals", "group", "grup", "tbk", "corporation", "corp"})
_VERB_PREFIX = re.compile(r"^(?:meng|meny|mem|men|me|di|ber|ter|nge)[a-z]{3,}$")
# fmt: on
_VERBS_EN = frozenset("found finds says said warns warned announced announces asks asked".split())
_PREPOSITIONS = frozenset({"di", "dari", "untuk", "buat", "pada", "oleh", "ke", "bagi"})
_FLIGHT = re.compile(r"^([a-z]{2}|8b)(\d{2,4})$")


@dataclass(frozen=True)
class Conflict:
    kind: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    def describe(self) -> str:
        return f"{self.kind}: {', '.join(self.left)} / {', '.join(self.right)}"


def _after(
    words: list[str], start: int, span: int = 1, skip: frozenset[str] = frozenset()
) -> str | None:
    """The first words after `start` that can be an entity's name (None if there are none);
    `skip`: more words that are not one, for this kind of cue."""
    for index in range(start, min(start + 3, len(words))):
        word = words[index]
        if word in _GENERIC or word in _PREPOSITIONS or word.isdigit() or word in skip:
            continue
        if word in STOPWORDS or len(word) < 2 or _VERB_PREFIX.match(word):
            return None
        return " ".join(words[index : index + span])
    return None


def _cue_positions(words: list[str], cue: str, present: frozenset[str]) -> list[int]:
    """Indexes just past each occurrence of the (one- or two-word) cue; `present` is the set
    of the claim's words, so a cue not in the claim costs one look-up."""
    parts = cue.split()
    if parts[0] not in present:
        return []
    size = len(parts)
    return [i + size for i in range(len(words) - size + 1) if words[i : i + size] == parts]


# A brand's Islamic bank is another bank ("Bank BJB Syariah" is not Bank BJB), but those of
# BRI, BNI and Mandiri merged into BSI in 2021.
_SYARIAH_OF = {"bri": "bsi", "bni": "bsi", "mandiri": "bsi", "bsi": "bsi", "muamalat": "muamalat"}


def _brand_at(words: list[str], index: int) -> str:
    brand = _BANK_BRANDS[words[index]]
    if index + 1 < len(words) and words[index + 1] == "syariah":
        return _SYARIAH_OF.get(brand, f"{brand} syariah")
    return brand


def _bank(words: list[str], present: frozenset[str]) -> set[str]:
    named = present & _BANK_BRANDS.keys()
    found = (
        {_brand_at(words, i) for i, word in enumerate(words) if word in named} if named else set()
    )
    for cue in ("bank", "bpd"):
        for position in _cue_positions(words, cue, present):
            name = _after(words, position)
            name = _REGION_ALIASES.get(name, name) if name is not None else None
            if name is not None and name not in named:  # a brand is read where it stands
                found.add(name)
    return found


def _named(words: list[str], present: frozenset[str]) -> set[Slot]:
    """Companies, officials, agencies and places: the name after its cue word."""
    found: set[Slot] = set()
    for cue in _COMPANY_CUES:
        for position in _cue_positions(words, cue, present):
            name = _after(words, position, skip=_JOBS)
            if name in _ORGANISATION_HEADS:
                name = _after(words, position, span=2, skip=_JOBS)
            # "Rekrutmen, tawarkan gaji …": a verb, not a name.
            if name is None or name in _BANK_BRANDS or name == "bank" or name.endswith("kan"):
                continue
            if name.startswith(_VACANCY_STEMS):
                continue
            found.add(("company", name))
    if present & _COMPANY_AFTER:
        for index, word in enumerate(words[1:], start=1):
            previous = words[index - 1]
            if word in _COMPANY_AFTER and previous not in _GENERIC and previous not in STOPWORDS:
                found.add(("company", previous))
    for title in _TITLES:
        for position in _cue_positions(words, title, present):
            name = _after(words, position)
            if name is not None and not any(name == t.split()[0] for t in _TITLES):
                found.add(("official", f"{title} {name}"))
    for agency in _AGENCIES:
        for position in _cue_positions(words, agency, present):
            name = _after(words, position)
            # "KPU Mimika", but not "Bawaslu temukan", "Bawaslu found".
            if name is not None and not name.endswith(("kan", "nya")) and name not in _VERBS_EN:
                found.add(("agency", f"{agency} {name}"))
    for cue in _PLACES:
        for position in _cue_positions(words, cue, present):
            name = _after(words, position)
            if name is not None:
                found.add(("place", name))
    return found


def _flights(words: list[str], present: frozenset[str]) -> set[Slot]:
    found: set[Slot] = {("airline", _AIRLINES[w]) for w in present & _AIRLINES.keys()}
    for index, word in enumerate(words):
        if not (word[:2] in _FLIGHT_PREFIX or word[:2] == "8b"):
            continue
        code = _FLIGHT.match(word)
        if code is None and word in _FLIGHT_PREFIX and index + 1 < len(words):
            following = words[index + 1]
            code = _FLIGHT.match(word + following) if following.isdigit() else None
        if code is not None and code.group(1) in _FLIGHT_PREFIX:
            found.add(("flight", code.group(1) + code.group(2)))
            found.add(("airline", _FLIGHT_PREFIX[code.group(1)]))
    return found


def _slots(normalized: str) -> frozenset[Slot]:
    words = short_names(normalized).split()
    present = frozenset(words)
    found = {("bank", bank) for bank in _bank(words, present)}
    return frozenset(found | _named(words, present) | _flights(words, present))


# Triage reads the slots of every open incident on each scan: cached with the terms.
@lru_cache(maxsize=8192)
def slots(normalized: str, known: Known = ()) -> frozenset[Slot]:
    """The entities the claim names; `known` adds the policy's officials and agencies."""
    found = _slots(normalized)
    if not known:
        return found
    padded = f" {normalized} "
    extra = {slot for name, slot in known if f" {name} " in padded}
    return found | extra if extra else found


def conflict(left: frozenset[Slot], right: frozenset[Slot]) -> Conflict | None:
    """The first kind both claims fill with different entities (None when none is)."""
    if not left or not right or left == right:
        return None
    for kind in ("flight", "airline", "bank", "company", "official", "agency", "place"):
        mine = {value for k, value in left if k == kind}
        theirs = {value for k, value in right if k == kind}
        if mine and theirs and not mine & theirs:
            return Conflict(kind, tuple(sorted(mine)), tuple(sorted(theirs)))
    return None
