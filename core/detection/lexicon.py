"""Word lists for matching Indonesian social-media claims: data, not logic.

Slang and spelling variants map to the standard form; synonyms (including English words that
mixed Indonesian-English posts use) map to one canonical term; stopwords, hoax framing words
("viral", "sebarkan") and dates carry no identity of a claim and are dropped.
"""

from __future__ import annotations

# fmt: off
SLANG = {
    "yg": "yang", "gak": "tidak", "ga": "tidak", "gk": "tidak", "nggak": "tidak",
    "ngga": "tidak", "enggak": "tidak", "engga": "tidak", "tak": "tidak", "tdk": "tidak",
    "dgn": "dengan", "utk": "untuk", "krn": "karena", "karna": "karena", "sdh": "sudah",
    "udah": "sudah", "udh": "sudah", "blm": "belum", "jgn": "jangan", "dr": "dari",
    "pd": "pada", "dlm": "dalam", "tsb": "tersebut", "bpk": "bapak", "sy": "saya",
    "aja": "saja", "aj": "saja", "bgt": "banget", "org": "orang", "skrg": "sekarang",
    "sm": "sama", "kalo": "kalau", "klo": "kalau", "bkn": "bukan", "emg": "memang",
    "bs": "bisa", "tau": "tahu", "lg": "lagi", "hrs": "harus",
    "trs": "terus", "tp": "tapi", "sblm": "sebelum", "stlh": "setelah", "byk": "banyak",
    "bener": "benar", "beneran": "benar", "pake": "pakai", "dipake": "dipakai",
    "nyebar": "sebar", "ngasih": "kasih", "dikasih": "kasih", "bocah": "anak",
    "bocil": "anak", "pemkab": "pemerintah", "pemkot": "pemerintah", "pemda": "pemerintah",
    "pemprov": "pemerintah", "duit": "uang", "gratiss": "gratis", "vaksinnya": "vaksin",
    "vaxin": "vaksin", "faksin": "vaksin", "hoaks": "hoax", "hoks": "hoax", "dibagiin": "dibagi",
    "diculik": "culik", "nyulik": "culik", "pdhl": "padahal", "jd": "jadi", "sampe": "sampai",
    "ampe": "sampai", "nyoblos": "coblos", "dicoblosin": "coblos", "ntar": "nanti",
    "malem": "malam", "gede": "besar", "gedean": "besar", "disuruh": "diminta",
    "cuman": "cuma", "doang": "saja", "gimana": "bagaimana", "nyuruh": "diminta",
    "ramadhan": "ramadan", "romadhon": "ramadan", "ngajak": "ajak",
    "ngomong": "bilang", "ngaku": "mengaku", "wa": "whatsapp", "rame": "ramai",
    "hutang": "utang", "jkw": "jokowi", "bikin": "buat", "dibikin": "dibuat", "bikinan": "buatan",
}

# Canonical term for words of the same meaning, after slang and before stemming.
SYNONYMS = {
    "election": "pemilu", "elections": "pemilu", "pemilihan": "pemilu", "pileg": "pemilu",
    "pilpres": "pemilu", "ballot": "suara", "ballots": "suara", "vote": "suara",
    "votes": "suara", "voting": "suara", "vaccine": "vaksin", "vaccines": "vaksin",
    "vaccinated": "vaksin", "vaksinasi": "vaksin", "divaksin": "vaksin", "earthquake": "gempa",
    "quake": "gempa", "flood": "banjir", "flooding": "banjir", "kidnap": "culik",
    "kidnapping": "culik", "kidnapped": "culik", "kidnapper": "culik", "kidnappers": "culik",
    "penculik": "culik", "penculikan": "culik", "menculik": "culik", "child": "anak",
    "children": "anak", "kids": "anak", "kid": "anak", "police": "polisi", "polri": "polisi",
    "aparat": "polisi", "hospital": "rumahsakit", "rs": "rumahsakit", "free": "gratis",
    "fake": "palsu", "postponed": "tunda", "delayed": "tunda", "diundur": "tunda",
    "cancelled": "batal", "canceled": "batal", "died": "meninggal", "dead": "meninggal",
    "death": "meninggal", "tewas": "meninggal", "wafat": "meninggal", "mati": "meninggal",
    "microchip": "chip", "magnetic": "magnet", "magnetis": "magnet", "poison": "racun",
    "poisoned": "racun", "money": "uang", "cash": "tunai", "government": "pemerintah",
    "gov": "pemerintah", "register": "daftar", "registration": "daftar", "fuel": "bbm",
    "bensin": "bbm", "pertalite": "bbm", "solar": "bbm", "price": "harga", "school": "sekolah",
    "mosque": "masjid", "church": "gereja", "water": "air", "electricity": "listrik",
    "aid": "bantuan", "subsidy": "subsidi", "tax": "pajak", "fine": "denda", "clinic": "klinik",
    "teacher": "guru", "students": "siswa", "student": "siswa", "murid": "siswa",
    "pelajar": "siswa", "mayor": "walikota", "regent": "bupati", "governor": "gubernur",
    "gubenur": "gubernur", "counted": "hitung", "count": "hitung", "penghitungan": "hitung",
    "perhitungan": "hitung", "rigged": "curang", "fraud": "curang", "kecurangan": "curang",
    "dicurangi": "curang", "village": "desa", "kampung": "desa", "kelurahan": "desa",
    "van": "mobil", "car": "mobil", "minivan": "mobil", "bridge": "jembatan", "dam": "bendungan",
    "collapsed": "jebol", "broke": "jebol", "ambruk": "jebol", "runtuh": "jebol",
    "drowned": "tenggelam", "sunk": "tenggelam", "warning": "peringatan", "alert": "peringatan",
    "dangerous": "bahaya", "berbahaya": "bahaya", "contains": "mengandung", "pork": "babi",
    "halal": "halal", "ditangkap": "tangkap", "arrested": "tangkap", "diciduk": "tangkap",
    "diamankan": "tangkap", "dilarang": "larang", "banned": "larang", "closed": "tutup",
    "ditutup": "tutup", "shut": "tutup", "cut": "potong", "dipotong": "potong",
    "transfer": "transfer", "ditransfer": "transfer", "cair": "cair", "dicairkan": "cair",
    "pencairan": "cair", "disbursed": "cair", "bansos": "bansos", "blt": "bansos",
    "sembako": "bansos", "pkh": "bansos",
    # An order to do something, however it is put; choosing a candidate is voting for one.
    "perintah": "suruh", "minta": "suruh", "diminta": "suruh", "instruksi": "suruh",
    "mengarahkan": "suruh", "arah": "suruh", "pilih": "coblos", "memilih": "coblos",
    # Scam templates say the same thing many ways: the link, the prize draw, the vacancy.
    "link": "tautan", "laman": "tautan", "url": "tautan", "situs": "tautan", "website": "tautan",
    "undian": "hadiah", "berhadiah": "hadiah", "giveaway": "hadiah", "prize": "hadiah",
    "gebyar": "hadiah", "doorprize": "hadiah", "loker": "lowongan", "rekrutmen": "lowongan",
    "recruitment": "lowongan", "vacancy": "lowongan", "lowker": "lowongan",
    "registrasi": "daftar", "pendaftaran": "daftar", "mendaftar": "daftar",
    "china": "cina", "tiongkok": "cina", "chinese": "cina", "slot": "judol",
    # Paraphrases seen on real debunks: a voucher for a token, a fee for a tariff, a cut.
    "voucher": "token", "iuran": "tarif", "pangkas": "potong", "dipangkas": "potong",
}

# fmt: on

# What people call an agency, a bank, a programme or a province for short: the full name is
# read as the short one, by the terms and by the entity slots alike ("Badan Narkotika Nasional"
# is BNN, "Bank Tabungan Negara" is BTN, "Gubernur Jawa Tengah" is the Gubernur of Jateng).
# fmt: off
NAMES = {
    "komisi pemilihan umum": "kpu", "badan pengawas pemilihan umum": "bawaslu",
    "badan pengawas pemilu": "bawaslu", "komisi pemberantasan korupsi": "kpk",
    "badan narkotika nasional": "bnn", "badan pusat statistik": "bps",
    "badan meteorologi klimatologi dan geofisika": "bmkg",
    "badan nasional penanggulangan bencana": "bnpb",
    "badan penanggulangan bencana daerah": "bpbd", "badan gizi nasional": "bgn",
    "makan bergizi gratis": "mbg", "makan siang gratis": "mbg",
    "perusahaan listrik negara": "pln", "badan penyelenggara jaminan sosial": "bpjs",
    "bahan bakar minyak": "bbm", "kartu tanda penduduk": "ktp", "surat izin mengemudi": "sim",
    "dewan perwakilan rakyat daerah": "dprd",
    "dewan perwakilan rakyat": "dpr", "tentara nasional indonesia": "tni",
    "kepolisian republik indonesia": "polri", "kepolisian negara republik indonesia": "polri",
    "kementerian kesehatan": "kemenkes", "kementerian sosial": "kemensos",
    "kementerian agama": "kemenag", "kementerian keuangan": "kemenkeu",
    "kementerian komunikasi dan digital": "komdigi",
    "kementerian komunikasi dan informatika": "kominfo",
    "kementerian dalam negeri": "kemendagri", "kementerian luar negeri": "kemenlu",
    "kementerian perhubungan": "kemenhub", "kementerian ketenagakerjaan": "kemnaker",
    "kementerian hukum dan ham": "kemenkumham", "pegawai negeri sipil": "pns",
    "calon pegawai negeri sipil": "cpns", "aparatur sipil negara": "asn",
    "kereta api indonesia": "kai", "pelabuhan indonesia": "pelindo",
    "j t express": "jnt express", "badan sar nasional": "basarnas",
    "badan search and rescue nasional": "basarnas",
    "kejaksaan agung": "kejagung", "kejaksaan negeri": "kejari", "kepolisian resor": "polres",
    "kepolisian daerah": "polda", "pusat kesehatan masyarakat": "puskesmas",
    "rumah sakit umum daerah": "rsud", "kartu indonesia pintar": "kip",
    "kartu indonesia sehat": "kis", "program keluarga harapan": "pkh",
    "bantuan pangan non tunai": "bpnt", "judi online": "judol",
    "bank tabungan negara": "bank btn", "bank rakyat indonesia": "bank bri",
    "bank negara indonesia": "bank bni", "bank central asia": "bank bca",
    "bank syariah indonesia": "bank bsi",
    "sumatera utara": "sumut", "sumatra utara": "sumut", "sumatera barat": "sumbar",
    "sumatra barat": "sumbar", "sumatera selatan": "sumsel", "sumatra selatan": "sumsel",
    "jawa barat": "jabar", "jawa tengah": "jateng", "jawa timur": "jatim",
    "sulawesi selatan": "sulsel", "sulawesi utara": "sulut", "kalimantan timur": "kaltim",
    "kalimantan selatan": "kalsel", "kalimantan barat": "kalbar", "maluku utara": "malut",
    "nusa tenggara barat": "ntb", "nusa tenggara timur": "ntt",
    "daerah istimewa yogyakarta": "diy", "dki jakarta": "jakarta",
}
# fmt: on

# Multi-word expressions joined before tokens are split.
# fmt: off
PHRASES = {
    "surat suara": "suara", "rumah sakit": "rumahsakit", "bantuan sosial": "bansos",
    "social aid": "bansos", "bantuan langsung tunai": "bansos", "kotak suara": "kotaksuara",
    "ballot box": "kotaksuara", "ballot boxes": "kotaksuara", "quick count": "quickcount",
    "hitung cepat": "quickcount", "tidak dikenal": "misterius", "orang asing": "misterius",
    "unknown people": "misterius", "orang tak dikenal": "misterius", "kartu keluarga": "kk",
    "air bersih": "air", "dinas tenaga kerja": "disnaker", "dinas kesehatan": "dinkes",
    "dinas sosial": "dinsos", "dinas pendidikan": "disdik", "meninggal dunia": "meninggal",
    "serangan fajar": "politikuang", "politik uang": "politikuang", "money politic": "politikuang",
    "money politics": "politikuang", "bagi bagi uang": "bagiuang", "daftar pemilih tetap": "dpt",
    "formulir c1": "formulirc1", "form c1": "formulirc1", "wali kota": "walikota",
    "kepala desa": "kades", "lion air": "lionair", "sriwijaya air": "sriwijayaair",
    "batik air": "batikair", "garuda indonesia": "garuda", "air asia": "airasia",
    "pelita air": "pelitaair", "wings air": "wingsair", "grand prize": "hadiah",
    "lowongan kerja": "lowongan", "pasangan calon": "paslon", "nomor urut": "nomor",
    "grup whatsapp": "grup", "grup wa": "grup", "lowongan pekerjaan": "lowongan",
    "open recruitment": "lowongan", "joko widodo": "jokowi", "penerimaan karyawan": "lowongan",
    "penerimaan pegawai": "lowongan", "kesempatan kerja": "lowongan",
}
# fmt: on

STOPWORDS = frozenset(
    """
    yang dan di ke dari ini itu dengan untuk akan pada adalah sudah karena dalam juga ada oleh
    kita kami bahwa atau saat telah bisa jadi harus tidak bukan belum jangan para sang si nya
    lagi masih sedang sangat banyak semua mereka dia ia kamu anda saya aku kalian tersebut
    sebagai agar supaya namun tetapi tapi lalu kemudian hingga sampai sama serta bagi tentang
    seperti karena jika kalau maka pun dong deh kok sih loh lho yah ya nih tuh wah banget
    saja cuma hanya mau ingin sekarang baru langsung terus setelah sebelum ketika yaitu yakni
    katanya konon bilang kata menurut sebuah seorang beberapa setiap tiap oleh tahu kasih
    beredar viral info informasi berita kabar waspada hati awas sebarkan sebar share bagikan
    segera penting tolong mohon pesan berantai broadcast hoax fakta cek benar klik
    video foto gambar rekaman unggahan postingan warganet netizen heboh geger breaking
    the a an and or is are was were be been being of to in on at for with by from that this
    it its as will would has have had not no they their them he she we you your our said
    says news please all new just now urgent forward forwarded via about after before over
    mulai ditemukan terjadi usai semalam sepekan innalillahi mengandung contains sementara
    bakal buruan ramai rame urut bagaimana gimana gaes gais guys apa kenapa mengapa
    januari februari maret april mei juni juli agustus september oktober november desember
    jan feb mar apr jun jul agu agt ags sep sept okt nov des
    january february march june july august october december aug oct dec
    senin selasa rabu kamis jumat sabtu minggu ahad monday tuesday wednesday thursday friday
    saturday sunday tahun tanggal tgl hari pukul jam wib wita wit besok kemarin lusa nanti
    malam pagi siang sore tadi today tomorrow yesterday week minggu bulan year month
    ribu juta miliar triliun rupiah rp persen ratusan ribuan puluhan
    """.split()
)

# The kind of scam a term names (after synonyms): a vacancy, a prize draw, an aid programme, a
# loan, a scholarship. Two scams of different kinds are two hoaxes, whoever they name (a bank's
# fake vacancy is not its fake prize draw): measured on real debunks (bench.detection).
SCAM_KINDS = {
    "lowongan": "lowongan kerja",
    "cpns": "lowongan kerja",
    "hadiah": "undian berhadiah",
    "bansos": "bansos",
    "pinjam": "pinjaman",
    "kredit": "pinjaman",
    "paylater": "pinjaman",
    "beasiswa": "beasiswa",
}

# Terms of the scam and impersonation templates (after synonyms): two claims sharing one of
# them and naming the same bank, company, agency, official or flight are one hoax.
TEMPLATE_TERMS = frozenset(
    """
    hadiah lowongan tautan daftar akun bantuan bansos promo pinjam kredit beasiswa cpns pppk
    """.split()
)

# Words the stemmer must leave alone (they look affixed but are roots or names).
STEM_EXCEPTIONS = frozenset(
    """
    pemilu pilkada perppu pertalite pemerintah pendidikan pelajar peringatan penduduk bendungan
    pertamina kemenkes kominfo kemendagri menteri mengandung berita bencana demo dinkes
    keracunan kesehatan keamanan kecamatan kabupaten kelurahan ketua pertama terbaru ternyata
    sekolah selatan semarang sembako makan minum teman tanah bupati bantuan bantul pantai
    pasien pakan taman jalan ikan kendaraan pendatang pedagang pengemis jokowi pegawai karyawan
    periode pingsan sembuh ramadan tautan lowongan hadiah pertanian pemutihan perusahaan
    pesawat penumpang serangan pemilih perampasan pensiun pertamax pertalite pengumuman
    kejagung kejari kejati pelindo pegadaian kemensos kemenag kemenkeu kemenhub kemenlu
    kemnaker kemenkumham kemendikbud kemenpan
    """.split()
)
