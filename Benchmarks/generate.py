#!/usr/bin/env python3
"""Large, realistic, deterministic inputs for MemberLink load tests.

    python3 Benchmarks/generate.py --members 1000000 --passengers 1000000 --out Benchmarks/data/X [--seed 1] [--gzip]

Writes into --out:

- members.csv            a member directory extract (CONTRACT §1.3): N members of VN (^[0-9]{10}$, Luhn),
                         AF (^[0-9]{9}$, mod7) and KL (^[A-Z]{2}[0-9]{6}$); statuses mostly A with some
                         S, C and F; passports and identity cards; names with diacritics; quoted addresses.
- bookings.csv           a partner booking file (CONTRACT §1.1): M passengers in bookings of 1-6
                         (ADT, CHD, INF with parentId), UTF-8 with BOM, CRLF, some rows fully quoted,
                         some cells with commas, "" escapes and line breaks, plus a few malformed rows
                         (wrong cell count; CSV only, ~0.1% of passengers, on top of M).
- bookings.xml           the same M passengers as CONTRACT §1.2 XML (namespace, attributes and child
                         elements both used).
- pipeline-csv.yaml, pipeline-xml.yaml   matching pipeline files (CONTRACT §6), ffn-then-document.
- expected.json          the planned outcome of every passenger, counted by outcome and child code.
- expected.csv           (with --expected) bookingCode,passengerId,outcome for every CSV passenger.

Every value is a pure function of --seed and the record's position, so the same arguments write the
same bytes. Members are never kept in memory: member i's attributes are recomputed from i whenever a
passenger refers to it (member(i) below), and files are written in blocks as they are produced.
"""

import argparse
import gzip
import json
import multiprocessing
import os
import shutil
import random
import sys
import time
import unicodedata

MASK = (1 << 64) - 1

# ---------------------------------------------------------------------------------------------
# Check digits (CONTRACT §6)
# ---------------------------------------------------------------------------------------------
_LUHN_DOUBLE = [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]


def luhn_complete(body: str) -> str:
    """body + the Luhn check digit (ISO/IEC 7812)."""
    total = 0
    double = True  # the rightmost body digit is doubled once the check digit is appended
    for ch in reversed(body):
        d = ord(ch) - 48
        total += _LUHN_DOUBLE[d] if double else d
        double = not double
    return body + str((10 - total % 10) % 10)


# Luhn sums of 4-digit chunks whose rightmost digit is doubled: the VN ids below are computed with
# two table look-ups instead of a digit loop (luhn_complete checks them in self_test()).
_LUHN4 = [sum(_LUHN_DOUBLE[int(c)] if k % 2 == 0 else int(c) for k, c in enumerate(reversed(f"{x:04d}")))
          for x in range(10000)]


def vn_ffn(i: int) -> str:
    """The VN id of member i: body 9 + i in eight digits, then the Luhn digit (i < 10^8)."""
    total = 9 + _LUHN4[i % 10000] + _LUHN4[i // 10000 % 10000]   # 9: the leading 9 doubled (18 -> 9)
    return f"9{i:08d}{(10 - total % 10) % 10}"


def luhn_valid(digits: str) -> bool:
    return luhn_complete(digits[:-1]) == digits


def mod7_complete(body: str) -> str:
    return body + str(int(body) % 7)


# ---------------------------------------------------------------------------------------------
# Names: pools per nationality, with the spellings partners and directories use
# ---------------------------------------------------------------------------------------------
SPECIAL = {"Đ": "D", "đ": "D", "Ø": "O", "ø": "O", "Ł": "L", "ł": "L", "ß": "SS", "Æ": "AE", "æ": "AE",
           "Œ": "OE", "œ": "OE", "Þ": "TH", "þ": "TH", "Ð": "D", "ð": "D", "ı": "I"}
ICAO = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Å": "AA", "ä": "AE", "ö": "OE", "ü": "UE", "å": "AA", "Ø": "OE", "ø": "OE"}


def ascii_upper(name: str, icao: bool = False) -> str:
    """The name as an airline system writes it: upper-case ASCII, spaces/hyphens/apostrophes kept."""
    out = []
    for ch in name:
        if icao and ch in ICAO:
            out.append(ICAO[ch])
        elif ch in SPECIAL:
            out.append(SPECIAL[ch])
        else:
            out.append("".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c)))
    return "".join(out).upper()


def match_key(name: str) -> str:
    """CONTRACT §2 step 5 comparison key: letters only, upper, no diacritics, ICAO digraphs read loose."""
    letters = "".join(c for c in ascii_upper(name) if "A" <= c <= "Z")
    out, prev = [], None
    for c in letters:
        if prev is not None and ((c == "E" and prev in "AOU") or (c == "A" and prev == "A")):
            prev = None
            continue
        out.append(c)
        prev = c
    return "".join(out)


POOLS = {
    # nationality: (issuer code (ICAO), male given, female given, family, phone cc, email domain)
    "VNM": ("VNM", ["Văn An", "Minh Tuấn", "Hoàng Long", "Đức Thắng", "Quang Huy", "Văn Hải", "Hữu Phước",
                    "Thành Công", "Gia Bảo", "Quốc Khánh"],
            ["Thị Bích", "Thu Trang", "Thanh Hà", "Ngọc Ánh", "Thị Hương", "Bảo Ngọc", "Thị Mai", "Minh Châu",
             "Hồng Nhung", "Khánh Linh"],
            ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
             "Ngô", "Dương", "Lý", "Trịnh", "Đinh"], "+84", "example.com"),
    "FRA": ("FRA", ["François", "Jérôme", "Loïc", "Benoît", "Luc", "Théo", "Noël", "Mathéo"],
            ["Élodie", "Hélène", "Chloé", "Anaïs", "Gaëlle", "Céline", "Marie", "Zoé"],
            ["Lefèvre", "Dubois", "Moreau", "Girard", "Bérenger", "Rousseau", "Fournier", "Mercier", "Lemaître",
             "Faure", "Dupont", "D'Arcy", "Le Guérec"], "+33", "example.fr"),
    "DEU": ("D", ["Jürgen", "Jörg", "Lukas", "Günther", "Matthias", "Björn"],
            ["Sabine", "Käthe", "Anna", "Jürgenia", "Lena", "Marlène"],
            ["Müller", "Schröder", "Schäfer", "Köhler", "Weiß", "Groß", "Schneider", "Becker", "Hoffmann",
             "Meyer-Lüdenscheid"], "+49", "example.de"),
    "ESP": ("ESP", ["José", "Jesús", "Ángel", "Íñigo", "Martín"], ["María", "Begoña", "Lucía", "Inés", "Sofía"],
            ["García López", "Martínez", "Pérez", "Muñoz", "Núñez", "Ibáñez", "Fernández", "Gómez"],
            "+34", "example.es"),
    "NOR": ("NOR", ["Bjørn", "Søren", "Håkon", "Ole"], ["Ingrid", "Solveig", "Åse", "Kari"],
            ["Østergaard", "Sørensen", "Ødegård", "Hansen", "Bråten", "Løvås"], "+47", "example.net"),
    "SWE": ("SWE", ["Åke", "Örjan", "Lars", "Göran"], ["Åsa", "Märta", "Elin", "Karin"],
            ["Lindqvist", "Håkansson", "Öberg", "Ström", "Nyström", "Åberg"], "+46", "example.net"),
    "POL": ("POL", ["Łukasz", "Wojciech", "Paweł", "Piotr"], ["Małgorzata", "Zofia", "Agnieszka", "Alicja"],
            ["Wałęsa", "Kowalski", "Wiśniewski", "Łuczak", "Zieliński"], "+48", "example.net"),
    "CZE": ("CZE", ["Tomáš", "Jiří", "Ondřej"], ["Kateřina", "Tereza", "Lucie"],
            ["Novák", "Dvořák", "Černý", "Procházka", "Kučera"], "+420", "example.net"),
    "IRL": ("IRL", ["Seán", "Pádraig", "Liam"], ["Aoife", "Siobhán", "Niamh"],
            ["O'Brien", "Ní Bhriain", "Mac Giolla", "Kelly", "O'Sullivan"], "+353", "example.net"),
    "GBR": ("GBR", ["James", "Oliver", "Harry"], ["Emma", "Olivia", "Amelia"],
            ["Smith-Jones", "Taylor", "Brown", "Wilson", "Evans"], "+44", "example.com"),
    "NLD": ("NLD", ["Pieter", "Daan", "Sem"], ["Sanne", "Anouk", "Fenna"],
            ["de Vries", "van den Berg", "Jansen", "Bakker", "van 't Hof"], "+31", "example.net"),
    "ITA": ("ITA", ["Niccolò", "Luca", "Matteo"], ["Giulia", "Chiara", "Francesca"],
            ["Rossi", "D'Angelo", "Esposito", "Bianchi", "Ricci"], "+39", "example.net"),
}
NATIONALITY_BY_PROGRAMME = {
    "VN": ["VNM"] * 14 + ["FRA", "DEU", "IRL", "GBR", "ITA", "ESP"],
    "AF": ["FRA"] * 10 + ["DEU", "DEU", "ESP", "ESP", "ITA", "POL", "CZE", "IRL", "GBR", "SWE"],
    "KL": ["NLD"] * 8 + ["NOR", "NOR", "SWE", "SWE", "DEU", "POL", "GBR", "FRA", "CZE", "ITA", "ESP", "IRL"],
}
ADDRESS = {
    "VNM": ("12 Pho Hang Bai|Hoan Kiem|Ha Noi", "100000", "vi|en"),
    "FRA": ("8 rue de l'Exemple|Paris", "75008", "fr|en"),
    "DEU": ("Beispielstraße 12|Berlin", "10115", "de|en"),
    "ESP": ("\"Calle Falsa 123, 2B|Madrid\"", "28013", "es|en"),
    "NOR": ("Eksempelveien 5|Oslo", "0150", "no|en"),
    "SWE": ("Exempelgatan 7|Stockholm", "111 22", "sv|en"),
    "POL": ("ul. Przykładowa 2|Warszawa", "00-001", "pl|en"),
    "CZE": ("Ukázková 8|Praha", "110 00", "cs|en"),
    "IRL": ("4 Sample Terrace|Dublin 4", "D04 X0Y0", "en|ga"),
    "GBR": ("\"1 Example Road, Flat 2|London\"", "SW1A 0AA", "en"),
    "NLD": ("Voorbeeldstraat 10|Amsterdam", "1012 AB", "nl|en"),
    "ITA": ("Via Esempio 4|Roma", "00184", "it|en"),
}
NATS = list(POOLS)


class Name:
    __slots__ = ("orig", "upper", "icao", "key", "local")

    def __init__(self, orig):
        self.orig = orig
        self.upper = ascii_upper(orig)
        self.icao = ascii_upper(orig, icao=True)
        self.key = match_key(orig)
        self.local = "".join(c for c in self.upper.lower() if "a" <= c <= "z")


# Per nationality: (issuer, male [Name], female [Name], family [Name], cc, domain)
P = {nat: (v[0], [Name(n) for n in v[1]], [Name(n) for n in v[2]], [Name(n) for n in v[3]], v[4], v[5])
     for nat, v in POOLS.items()}

# ---------------------------------------------------------------------------------------------
# Dates: precomputed strings, indexed by day number
# ---------------------------------------------------------------------------------------------


def _days(y0, y1):
    out = []
    for y in range(y0, y1 + 1):
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        for m, n in enumerate([31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], 1):
            for d in range(1, n + 1):
                out.append(f"{y:04d}-{m:02d}-{d:02d}")
    return out


ALL_DAYS = _days(1940, 2040)
DAY = {s: i for i, s in enumerate(ALL_DAYS)}
ADULT_DOB = ALL_DAYS[DAY["1945-01-01"]:DAY["2006-12-31"] + 1]
CHILD_DOB = ALL_DAYS[DAY["2015-07-01"]:DAY["2024-06-30"] + 1]     # CHD (2-11) for every departure below
INF_DOB = ALL_DAYS[DAY["2025-04-01"]:DAY["2026-10-31"] + 1]       # INF (under 2) for every departure below
DEPARTURES = ALL_DAYS[DAY["2026-12-01"]:DAY["2027-03-31"] + 1]
ADULT_ISSUE = ALL_DAYS[DAY["2017-05-01"]:DAY["2026-10-31"] + 1]   # +10 years: valid at departure
CHILD_ISSUE = ALL_DAYS[DAY["2024-07-01"]:DAY["2026-10-31"] + 1]   # +5 years
ENROLL = ALL_DAYS[DAY["2005-01-01"]:DAY["2026-06-30"] + 1]


def plus_years(date: str, years: int) -> str:
    y = int(date[:4]) + years
    rest = date[4:]
    return f"{y}{'-02-28' if rest == '-02-29' else rest}"


# ---------------------------------------------------------------------------------------------
# Members: member(i) is a pure function of (seed, i)
# ---------------------------------------------------------------------------------------------
# i % 20 -> programme (VN 50%, AF 35%, KL 15%). Group g = i // 20 -> kind:
#   g % 50 == 0: a "source" adult, always with a passport; g % 50 == 1: its "twin" (the same person
#   enrolled twice: same name, birth date and documents as member i - 20: MEMBER_AMBIGUOUS by document);
#   g % 50 in 2..5: children (8%); otherwise adults.
PROGRAMME = ["VN"] * 10 + ["AF"] * 7 + ["KL"] * 3
RESIDUES = {"VN": list(range(0, 10)), "AF": list(range(10, 17)), "KL": list(range(17, 20))}
TIERS = {
    "VN": [("REGISTER", ""), ("REGISTER", ""), ("SILVER", "ELITE"), ("TITANIUM", "ELITE"), ("GOLD", "ELITE"),
           ("PLATINUM", "ELITE_PLUS")],
    "AF": [("EXPLORER", ""), ("EXPLORER", ""), ("SILVER", "ELITE"), ("GOLD", "ELITE"), ("PLATINUM", "ELITE_PLUS"),
           ("ULTIMATE", "ELITE_PLUS")],
    "KL": [("EXPLORER", ""), ("SILVER", "ELITE"), ("GOLD", "ELITE"), ("PLATINUM", "ELITE_PLUS")],
}
SEED = [0]


def mix(x: int) -> int:
    """splitmix64 finaliser: a well-spread 64-bit hash of x."""
    x = (x + SEED[0]) & MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK
    return x ^ (x >> 31)


def ffn_of(programme: str, i: int) -> str:
    if programme == "VN":
        return vn_ffn(i)
    if programme == "AF":
        return f"{10000000 + i:08d}{(10000000 + i) % 7}"
    q, r = divmod(i, 1000000)                    # NL000000 .. : two letters, six digits
    return f"{chr(65 + (13 + q // 26) % 26)}{chr(65 + (11 + q % 26) % 26)}{r:06d}"


def kind_of(i: int) -> int:
    """0 source, 1 twin, 2 child, 3 adult."""
    g = (i // 20) % 50
    return g if g < 2 else (2 if g < 6 else 3)


class M:
    __slots__ = ("i", "programme", "ffn", "status", "nat", "male", "given", "family", "dob", "docs", "h",
                 "upper_names")


STATUS_SALT = 0x5DEECE66D


def account_bits(i: int) -> int:
    """Bits of member i's account (status, tier, balance...): one multiplicative (Fibonacci) hash,
    cheaper than mix() and good enough for these fields."""
    return (((i ^ STATUS_SALT) + SEED[0]) * 0x9E3779B97F4A7C15 & MASK) >> 8


def status_of(i: int) -> str:
    """Member i's status, without building the member (92% A, 3.5% S, 2.5% C, 2% F)."""
    r = (account_bits(i) >> 40) % 1000
    return "A" if r < 920 else "S" if r < 955 else "C" if r < 980 else "F"


def member(i: int) -> M:
    kind = kind_of(i)
    person = i - 20 if kind == 1 else i          # a twin is the same person as member i - 20
    h = mix(person)
    hs = account_bits(i)                         # the account's own bits: status, tier...
    m = M()
    m.i = i
    m.h = hs
    m.programme = PROGRAMME[i % 20]
    m.ffn = ffn_of(m.programme, i)
    r = (hs >> 40) % 1000
    m.status = "A" if r < 920 else "S" if r < 955 else "C" if r < 980 else "F"
    nats = NATIONALITY_BY_PROGRAMME[PROGRAMME[person % 20]]
    m.nat = nats[(h >> 8) % len(nats)]
    issuer, male_pool, female_pool, family_pool, _, _ = P[m.nat]
    m.male = (h >> 13) & 1 == 0
    pool = male_pool if m.male else female_pool
    m.given = pool[(h >> 14) % len(pool)]
    m.family = family_pool[(h >> 20) % len(family_pool)]
    child = kind_of(person) == 2
    m.dob = CHILD_DOB[(h >> 26) % len(CHILD_DOB)] if child else ADULT_DOB[(h >> 26) % len(ADULT_DOB)]
    m.upper_names = (hs >> 36) % 10 < 4          # 40% of directories keep names as upper-case ASCII
    docs = []
    d = (h >> 42) % 100
    if kind_of(person) == 0 or d < (60 if child else 85):
        docs.append(("P", passport_number(m.nat, person), issuer))
        if not child and d < 13:
            docs.append(("I", id_number(m.nat, person), issuer))
    m.docs = docs
    return m


def passport_number(nat: str, person: int) -> str:
    s = (person * 7919 + 1234567) % 100000000     # a bijection on 0..10^8-1: unique per person
    if nat == "VNM":
        return f"C{s:08d}"
    if nat == "FRA":
        return f"{s // 1000000:02d}{chr(65 + s % 26)}{chr(65 + s // 26 % 26)}{s % 1000000:06d}"
    if nat == "DEU":
        return f"C{s:08d}".replace("0", "F")
    if nat == "NLD":
        return f"N{chr(65 + s % 23)}{s:08d}"
    return f"{chr(65 + s % 26)}{chr(65 + (s // 26) % 26)}{s:08d}"


def id_number(nat: str, person: int) -> str:
    s = (person * 104729 + 7654321) % 100000000
    return f"0011{s:08d}" if nat == "VNM" else f"X{s:08d}T"


def member_row(m: M, line_n: int) -> str:
    hs = m.h
    tier, alliance = TIERS[m.programme][(hs >> 4) % len(TIERS[m.programme])]
    expiry = "" if alliance == "" else "2027-03-31"
    issuer, _, _, _, cc, domain = P[m.nat]
    address, post, langs = ADDRESS[m.nat]
    given = m.given.upper if m.upper_names else m.given.orig
    family = m.family.upper if m.upper_names else m.family.orig
    child = m.dob >= "2015"
    title = ("MSTR" if m.male else "MISS") if child else ("MR" if m.male else ("MRS" if hs & 64 else "MS"))
    email = "" if child else f"{m.given.local[:12]}.{m.family.local[:16]}{m.i}@{domain}"
    documents = "|".join(f"{t}:{n}:{c}" for t, n, c in m.docs)
    segments = ("FAMILY", "LEISURE", "BUSINESS|FREQUENT", "LEISURE|FAMILY")[(hs >> 8) & 3]
    coalition = ("", "", "", "VPBANK", "AMEX", "")[(hs >> 10) % 6]
    return (f"{m.programme},{m.ffn},{m.status},{tier},{expiry},{alliance},{ENROLL[(hs >> 12) % len(ENROLL)]},"
            f"{(hs >> 20) % 250000},{coalition},{langs},{segments},{title},{given},{family},{m.dob},"
            f"{'M' if m.male else 'F'},{'SMD'[(hs >> 30) % 3]},{m.nat},{email},{cc},"
            f"555{(hs >> 34) % 10000000:07d},MOBILE,{address},{post},{m.nat},{documents}\n")


MEMBER_HEADER = ("programme,ffn,status,tier,tierExpiry,allianceTier,enrollmentDate,balance,coalition,languages,"
                 "segments,title,firstName,familyName,dateOfBirth,gender,maritalStatus,nationality,email,"
                 "phoneCountryCode,phoneNumber,phoneType,addressLines,postCode,country,documents\n")


# ---------------------------------------------------------------------------------------------
# Passengers
# ---------------------------------------------------------------------------------------------
COLUMNS = ["system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
           "title", "gender", "givenName", "surname", "dateOfBirth", "email", "phone",
           "airline", "membershipId", "level", "skyTeamLevel",
           "documentType", "documentNumber", "documentNationality", "documentIssueCountry",
           "documentExpiryDate", "documentIssueDate"]
C = {name: n for n, name in enumerate(COLUMNS)}
SYSTEMS = ["1A", "1A", "1A", "1S", "1S", "1G", "VN", "AF"]
B36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
B36_PAIRS = [a + b for b in B36 for a in B36]

# The plan of an ADT/CHD passenger, by share (per mille). INF passengers are planned apart.
PLANS = [("ffn", 790), ("doc", 80), ("invalid", 55), ("notfound", 20), ("inactive", 18), ("ambiguous", 6),
         ("mismatch", 18), ("dup", 8), ("dupdoc", 3), ("nomember", 2)]
PLAN_TABLE = [name for name, share in PLANS for _ in range(share)]
assert len(PLAN_TABLE) == 1000

INVALIDS = [  # (child code, path, weight)
    ("FIELD_REQUIRED", "surname", 3), ("FIELD_REQUIRED", "givenName", 2), ("FIELD_REQUIRED", "passengerId", 1),
    ("FIELD_REQUIRED", "airline", 2), ("FIELD_REQUIRED", "documentExpiryDate", 2),
    ("FIELD_FORMAT", "gender", 3), ("FIELD_FORMAT", "title", 1), ("FIELD_FORMAT", "passengerId", 1),
    ("FIELD_FORMAT", "index", 1), ("FIELD_FORMAT", "level", 1),
    ("DATE_INVALID", "dateOfBirth", 3), ("DATE_INVALID", "documentExpiryDate", 1),
    ("DATE_INVALID", "departureDate", 1), ("DATE_INVALID", "documentIssueDate", 1),
    ("PASSENGER_TYPE_INVALID", "passengerType", 2), ("NAME_INVALID", "surname", 2), ("NAME_INVALID", "givenName", 1),
    ("AGE_INCONSISTENT", "dateOfBirth", 2), ("EMAIL_INVALID", "email", 4), ("PHONE_INVALID", "phone", 4),
    ("PROGRAMME_UNKNOWN", "airline", 2), ("MEMBERSHIP_ID_INVALID", "membershipId", 5),
    ("DOCUMENT_TYPE_INVALID", "documentType", 1), ("DOCUMENT_NUMBER_INVALID", "documentNumber", 2),
    ("COUNTRY_INVALID", "documentIssueCountry", 1), ("COUNTRY_INVALID", "documentNationality", 1),
    ("DOCUMENT_EXPIRED", "documentExpiryDate", 3),
]
INVALID_TABLE = [(code, path) for code, path, w in INVALIDS for _ in range(w)]


def fast_random(seed: int) -> random.Random:
    """A seeded Random whose randrange(n) and choice(seq) are one multiply: random.Random's own are
    several times slower, and the small bias of int(random() * n) does not matter here."""
    rng = random.Random(seed)
    rnd = rng.random
    rng.randrange = lambda n: int(rnd() * n)
    rng.choice = lambda seq: seq[int(rnd() * len(seq))]
    return rng


class Generator:
    def __init__(self, seed, members, rng):
        self.n = members
        self.rng = rng
        self.counts = {}
        self.children = {}
        self.booking_no = 0
        self.adult_groups = [g for g in range(50) if g >= 6]
        self.groups = max(1, members // 20 // 50)  # blocks of 50 groups (1000 members)

    # --- picking members --------------------------------------------------------------------
    def pick(self, kinds, programme=None, status="A", need_doc=False, tries=64):
        rng = self.rng
        for _ in range(tries):
            block = rng.randrange(self.groups)
            if kinds == "adult":
                g = rng.choice(self.adult_groups)
            elif kinds == "child":
                g = 2 + rng.randrange(4)
            else:
                g = kinds
            prog = programme or PROGRAMME[rng.randrange(20)]
            i = (block * 50 + g) * 20 + rng.choice(RESIDUES[prog])
            if i >= self.n:
                continue
            if status is not None:
                st = status_of(i)
                if st != status and not (status == "SC" and st in "SC"):
                    continue
            m = member(i)
            if need_doc and not m.docs:
                continue
            return m
        return None

    def unknown_ffn(self, programme):
        # ids past the directory's last member: valid pattern and check digit, no member
        limit = {"VN": 100000000, "AF": 90000000, "KL": 26000000}[programme]
        i = self.n + self.rng.randrange(max(1, min(limit - self.n, 5000000)))
        return ffn_of(programme, i)

    def count(self, outcome, child=None):
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if child:
            self.children[child] = self.children.get(child, 0) + 1

    # --- one booking ------------------------------------------------------------------------
    def booking(self, room):
        """Returns ([row list], [expected outcome]) of one booking of at most `room` passengers; a row
        is a list of 24 strings."""
        rng = self.rng
        self.booking_no += 1
        code_n = (self.booking_no * 1000003 + 12345) % (36 ** 6)
        code = B36_PAIRS[code_n % 1296] + B36_PAIRS[code_n // 1296 % 1296] + B36_PAIRS[code_n // 1679616]
        if code[0].isdigit():
            code = "QWERTYUPAS"[int(code[0])] + code[1:]
        system = SYSTEMS[rng.randrange(len(SYSTEMS))]
        departure = DEPARTURES[rng.randrange(len(DEPARTURES))]
        r = rng.random()
        size = 1 if r < 0.55 else 2 if r < 0.80 else 3 if r < 0.90 else 4 if r < 0.97 else 5 if r < 0.99 else 6
        size = min(size, room)
        types = ["ADT"]
        infants = 0
        for _ in range(size - 1):
            t = rng.random()
            if t < 0.6:
                types.append("ADT")
            elif t < 0.95 or infants >= types.count("ADT"):
                types.append("CHD")
            else:
                types.append("INF")
                infants += 1
        rows, expected = [], []
        pid_style = rng.randrange(3)
        adult_ids = []
        attached = []   # (airline, ffn, member i) of earlier ATTACHED passengers
        indices = []
        for k, ptype in enumerate(types, 1):
            pid = (f"P{k:02d}", f"{code}-{k}", f"PAX_{self.booking_no % 100000}_{k}")[pid_style]
            row = [""] * 24
            row[0] = system
            row[1] = code if rng.random() > 0.02 else code.lower()
            row[2] = departure
            row[3] = str(k)
            row[4] = pid
            row[6] = ptype
            indices.append(k)
            is_parent = ptype == "ADT" and len(adult_ids) < infants
            if ptype == "ADT":
                adult_ids.append(pid)
            if ptype == "INF":
                outcome = self.infant(row, adult_ids, types)
            else:
                outcome = self.passenger(row, ptype, departure, attached, is_parent)
            rows.append(row)
            expected.append(outcome)
        # INF parentIds: the first ADTs, one infant each
        parents = iter(adult_ids)
        for row, outcome in zip(rows, expected):
            if row[6] == "INF" and row[5] == "":
                row[5] = next(parents, "")
        for outcome in expected:
            self.count(outcome[0], outcome[1])
        # realistic ordering: 3% of multi-passenger bookings list their rows out of index order
        if len(rows) > 1 and rng.random() < 0.03:
            order = list(range(len(rows)))
            rng.shuffle(order)
            rows = [rows[j] for j in order]
            expected = [expected[j] for j in order]
        return rows, expected

    def infant(self, row, adult_ids, types):
        rng = self.rng
        dob = INF_DOB[rng.randrange(len(INF_DOB))]
        nat = NATS[rng.randrange(len(NATS))]
        issuer, male, female, family, _, _ = P[nat]
        male_infant = rng.random() < 0.5
        pool = male if male_infant else female
        row[7] = ""
        row[8] = "M" if male_infant else "F"
        row[9] = pool[rng.randrange(len(pool))].orig
        row[10] = family[rng.randrange(len(family))].orig
        row[11] = dob
        r = rng.random()
        if r < 0.05:
            row[5] = "NOPARENT"   # no ADT of that id in the booking
            self._doc(row, ("P", f"Z{rng.randrange(10 ** 8):08d}", issuer), dob, child=True)
            return ("DATA_INVALID", "PARENT_INVALID")
        if r < 0.15:
            return ("DATA_INVALID", "FIELD_REQUIRED")   # neither membership nor document (path membership)
        # an infant's own passport, never in the directory
        self._doc(row, ("P", f"Z{rng.randrange(10 ** 8):08d}", issuer), dob, child=True)
        return ("MEMBERSHIP_NOT_FOUND", None)

    def _doc(self, row, doc, dob, child=False, nat=None):
        t, number, issuer = doc
        issue_pool = CHILD_ISSUE if child else ADULT_ISSUE
        issued = issue_pool[self.rng.randrange(len(issue_pool))]
        if issued < dob:
            issued = dob
        row[18] = t
        row[19] = number if self.rng.random() > 0.03 else number.lower()
        row[20] = nat or ("D" if issuer == "D" else issuer)
        row[21] = issuer
        row[22] = plus_years(issued, 5 if child else 10)
        row[23] = issued if self.rng.random() < 0.8 else ""

    def _person(self, row, m: M, ptype, contact=True):
        """Fills the passenger's personal fields as the partner writes them for member m."""
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            given, family = m.given.orig, m.family.orig
        elif r < 0.93:
            given, family = m.given.upper, m.family.upper
        elif r < 0.97:
            given, family = m.given.icao, m.family.icao       # ICAO 9303 transliteration (MUELLER)
        else:
            given, family = m.given.orig.lower(), m.family.orig.upper()
        child = ptype == "CHD"
        row[7] = ("MSTR" if m.male else "MISS") if child else ("MR" if m.male else ("MRS", "MS", "Mrs.")[rng.randrange(3)])
        row[8] = ("M", "F") if rng.random() < 0.9 else ("MALE", "FEMALE") if rng.random() < 0.5 else ("true", "false")
        row[8] = row[8][0] if m.male else row[8][1]
        row[9] = given
        row[10] = family
        row[11] = m.dob if rng.random() < 0.9 else ""
        if contact and not child:
            _, _, _, _, cc, domain = P[m.nat]
            if rng.random() < 0.6:
                row[12] = f"{m.given.local[:10]}.{m.family.local[:12]}@{domain}"
            if rng.random() < 0.6:
                n = rng.randrange(10 ** 9)
                row[13] = (f"{cc} {n // 1000000:03d} {n // 1000 % 1000:03d} {n % 1000:03d}",
                           f"{cc}{n:09d}", f"0{n // 1000000:03d}-{n // 1000 % 1000:03d}-{n % 1000:03d}")[rng.randrange(3)]

    def _membership(self, row, m: M, claim=True):
        row[14] = m.programme
        row[15] = m.ffn
        if claim and self.rng.random() < 0.5:
            tier, alliance = TIERS[m.programme][(m.h >> 4) % len(TIERS[m.programme])]
            row[16] = tier
            row[17] = alliance

    def passenger(self, row, ptype, departure, attached, is_parent):
        rng = self.rng
        plan = PLAN_TABLE[rng.randrange(1000)]
        kinds = "child" if ptype == "CHD" else "adult"
        if plan == "dup" and not attached:
            plan = "ffn"
        if plan == "dupdoc" and not any(a[3] for a in attached):
            plan = "ffn"
        if plan == "ffn" or plan == "invalid":
            m = self.pick(kinds)
            self._person(row, m, ptype)
            self._membership(row, m)
            if m.docs and rng.random() < 0.5:
                self._doc(row, m.docs[0], m.dob, child=ptype == "CHD", nat=m.nat if m.nat != "DEU" else "D")
            if plan == "invalid" and not is_parent:
                code = self.invalidate(row, ptype, departure, m)
                return ("DATA_INVALID", code)
            if any(a[2] == m.i for a in attached):     # the same member twice in a booking (rare)
                return ("DUPLICATE_MEMBERSHIP", None)
            attached.append((m.programme, m.ffn, m.i, bool(m.docs) and row[18] != ""))
            return ("ATTACHED", "ffn")
        if plan == "doc":
            m = self.pick(kinds if kinds == "child" else "adult", need_doc=True)
            if m is None or any(a[2] == m.i for a in attached):
                row[9], row[10] = "Ana", "Test"
                return self.passenger(row, ptype, departure, attached, is_parent)
            self._person(row, m, ptype)
            self._doc(row, m.docs[rng.randrange(len(m.docs))], m.dob, child=ptype == "CHD",
                      nat="D" if m.nat == "DEU" else m.nat)
            r = rng.random()
            if m.programme == "VN" and r < 0.5:
                pass                                       # no airline: the default programme VN
            elif r < 0.8:
                row[14] = m.programme                      # airline, no membershipId
            else:
                row[14] = m.programme
                row[15] = self.unknown_ffn(m.programme)    # unknown id: the document is tried next
            attached.append((m.programme, "", m.i, False))
            return ("ATTACHED", "document")
        if plan == "notfound":
            r = rng.random()
            m = self.pick(kinds)
            self._person(row, m, ptype)
            if r < 0.5:
                row[14] = m.programme
                row[15] = self.unknown_ffn(m.programme)
            elif r < 0.75:
                f = self.pick(kinds, status="F", tries=400)
                if f is None:
                    row[14] = m.programme
                    row[15] = self.unknown_ffn(m.programme)
                else:                                      # a fraud member's id: as if there were none
                    self._person(row, f, ptype)
                    self._membership(row, f)
            else:                                          # a document nobody in the directory holds
                row[14] = m.programme if rng.random() < 0.5 else ""
                if row[14] == "" and m.programme != "VN":
                    row[14] = m.programme
                issuer = P[m.nat][0]
                self._doc(row, ("P", f"Y{rng.randrange(10 ** 8):08d}", issuer), m.dob, child=ptype == "CHD")
            return ("MEMBERSHIP_NOT_FOUND", None)
        if plan == "inactive":
            m = self.pick(kinds, status="SC", tries=400)
            if m is None:
                return self.passenger(row, ptype, departure, attached, is_parent)
            self._person(row, m, ptype)
            if m.docs and rng.random() < 0.3:             # found by document, suspended or closed
                self._doc(row, m.docs[0], m.dob, child=ptype == "CHD")
                row[14] = m.programme
            else:
                self._membership(row, m)
            return ("MEMBERSHIP_INACTIVE", None)
        if plan == "ambiguous" and ptype == "ADT":
            for _ in range(50):
                twin = self.pick(1, status=None)
                if twin is None:
                    continue
                source = member(twin.i - 20)
                if twin.status != "F" and source.status != "F" and twin.docs:
                    self._person(row, twin, ptype)
                    self._doc(row, twin.docs[0], twin.dob)
                    row[14] = twin.programme
                    return ("MEMBER_AMBIGUOUS", None)
            return self.passenger(row, ptype, departure, attached, is_parent)
        if plan == "mismatch":
            m = self.pick(kinds)
            self._person(row, m, ptype)
            self._membership(row, m)
            r = rng.random()
            if r < 0.5:
                family = P[m.nat][3]
                other = [f for f in family if f.key != m.family.key]
                row[10] = other[rng.randrange(len(other))].upper
                return ("MEMBER_MISMATCH", "NAME_MISMATCH")
            if r < 0.6:
                letter = match_key(m.given.orig)[:1]
                row[9] = "Xavier" if letter != "X" else "Yann"
                return ("MEMBER_MISMATCH", "NAME_MISMATCH")
            d = DAY[m.dob]
            other = ALL_DAYS[d + rng.choice((-366, -31, -1, 1, 30, 365))]
            if kinds == "child" and not (CHILD_DOB[0] <= other <= CHILD_DOB[-1]):
                other = ALL_DAYS[d + 1] if ALL_DAYS[d + 1] <= CHILD_DOB[-1] else ALL_DAYS[d - 1]
            row[11] = other
            return ("MEMBER_MISMATCH", "DATE_OF_BIRTH_MISMATCH")
        if plan == "dup":                                  # the same id as an earlier passenger (step 3)
            programme, ffn, i, _ = attached[rng.randrange(len(attached))]
            if ffn == "":
                return self.passenger(row, ptype, departure, attached, is_parent)
            m = self.pick(kinds)
            self._person(row, m, ptype)
            row[14], row[15] = programme, ffn
            return ("DUPLICATE_MEMBERSHIP", None)
        if plan == "dupdoc":                               # the same member again, by document (step 6)
            cands = [a for a in attached if a[3]]
            programme, ffn, i, _ = cands[0]
            m = member(i)
            if (ptype == "CHD") != (kind_of(i if kind_of(i) != 1 else i - 20) == 2) or not m.docs:
                return self.passenger(row, ptype, departure, attached, is_parent)
            self._person(row, m, ptype, contact=False)
            self._doc(row, m.docs[0], m.dob, child=ptype == "CHD")
            row[14] = programme
            return ("DUPLICATE_MEMBERSHIP", None)
        # nomember / fallbacks: a passenger who is not a member, with a passport
        if plan == "ambiguous":
            plan = "nomember"
        m = self.pick(kinds)
        self._person(row, m, ptype)
        issuer = P[m.nat][0]
        row[14] = "" if rng.random() < 0.6 else "VN"
        self._doc(row, ("P", f"W{rng.randrange(10 ** 8):08d}", issuer), m.dob, child=ptype == "CHD")
        return ("MEMBERSHIP_NOT_FOUND", None)

    def invalidate(self, row, ptype, departure, m):
        """Breaks one field rule (sometimes two) of an otherwise attachable passenger; returns the first code."""
        rng = self.rng
        code, path = INVALID_TABLE[rng.randrange(len(INVALID_TABLE))]
        if code == "PASSENGER_TYPE_INVALID":
            row[6] = ("ADULT", "A", "CHILD", "")[rng.randrange(4)]
        elif code == "FIELD_REQUIRED":
            if path in ("surname", "givenName", "passengerId"):
                row[C[path]] = ""
            elif path == "airline":
                row[14] = ""
            else:                                          # a document without its expiry date
                if row[18] == "":
                    self._doc(row, m.docs[0] if m.docs else ("P", "C0000001", "VNM"), m.dob, child=ptype == "CHD")
                row[22] = ""
        elif code == "FIELD_FORMAT":
            if path == "gender":
                row[8] = ("X", "U", "MR", "2")[rng.randrange(4)]
            elif path == "title":
                row[7] = ("Mr/Mrs", "DR MED 2")[rng.randrange(2)]
            elif path == "passengerId":
                row[4] = row[4] + ("#", " ", "/", ".")[rng.randrange(4)] + "1"
            elif path == "index":
                row[3] = ("0", "100", "1.5", "x")[rng.randrange(4)]
            else:
                row[16] = "PLATINUM ELITE PLUS FOR LIFE"     # level: more than 20 characters
        elif code == "DATE_INVALID":
            if path == "dateOfBirth":
                row[11] = ("1985-02-30", "1985-13-01", "02/03/1985", "1899-12-31")[rng.randrange(4)]
            elif path == "documentExpiryDate":
                if row[18] == "":
                    self._doc(row, m.docs[0] if m.docs else ("P", "C0000001", "VNM"), m.dob, child=ptype == "CHD")
                row[22] = "2031-04-31"
            elif path == "documentIssueDate":
                if row[18] == "":
                    self._doc(row, m.docs[0] if m.docs else ("P", "C0000001", "VNM"), m.dob, child=ptype == "CHD")
                row[23] = "2035-01-01"                       # after departure and expiry
                row[22] = "2036-01-01" if row[22] < "2035-01-01" else row[22]
                row[22] = "2036-01-01" if row[22] < "2036-01-01" else row[22]
            else:
                row[2] = "2027-02-29"
        elif code == "NAME_INVALID":
            if path == "surname":
                row[10] = (row[10] + "2", row[10] + ".", "X" * 41)[rng.randrange(3)]
            else:
                row[9] = (row[9] + "!", "A" * 26)[rng.randrange(2)]
        elif code == "AGE_INCONSISTENT":
            row[11] = ADULT_DOB[-1] if ptype == "CHD" else CHILD_DOB[len(CHILD_DOB) // 2]
            row[23] = ""                                     # (an issue date before birth would add DATE_INVALID)
        elif code == "EMAIL_INVALID":
            row[12] = ("an.nguyen@example", "a@@example.com", "@example.com", "an.nguyen@exa_mple.com",
                       "x" * 45 + "@example.com")[rng.randrange(5)]
        elif code == "PHONE_INVALID":
            row[13] = ("(028) 3823 4567", "12345", "+84 91234567890123", "+84 912 ABC 678")[rng.randrange(4)]
        elif code == "PROGRAMME_UNKNOWN":
            row[14] = ("DL", "QR", "LH")[rng.randrange(3)]
        elif code == "MEMBERSHIP_ID_INVALID":
            ffn = row[15]
            r = rng.random()
            if m.programme == "KL":
                r = 0.6 + r * 0.4
            if r < 0.6:
                last = ffn[-1]
                for d in "0123456789":
                    cand = ffn[:-1] + d
                    ok = luhn_valid(cand) if m.programme == "VN" else int(cand[-1]) == int(cand[:-1]) % 7
                    if d != last and not ok:
                        row[15] = cand
                        break
            elif r < 0.8:
                row[15] = ffn[:-1]
            else:
                row[15] = ffn + "X"
        elif code in ("DOCUMENT_TYPE_INVALID", "DOCUMENT_NUMBER_INVALID", "COUNTRY_INVALID", "DOCUMENT_EXPIRED"):
            if row[18] == "":
                self._doc(row, m.docs[0] if m.docs else ("P", "C0000001", "VNM"), m.dob, child=ptype == "CHD")
            if code == "DOCUMENT_TYPE_INVALID":
                row[18] = ("V", "PP", "X")[rng.randrange(3)]
            elif code == "DOCUMENT_NUMBER_INVALID":
                row[19] = (row[19][:3] + "-" + row[19][3:], "C" * 16, row[19] + "/")[rng.randrange(3)]
            elif code == "COUNTRY_INVALID":
                row[C[path]] = ("VIE", "GER", "FR", "XYZ1")[rng.randrange(4)]
            else:
                row[22] = ALL_DAYS[DAY[departure] - 1 - rng.randrange(300)]
                if row[23] and row[23] > row[22]:
                    row[23] = ""
        if rng.random() < 0.15 and row[12] == "" and ptype == "ADT":
            row[12] = "no-at-sign.example.com"               # a second broken rule
        return code


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

def q(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def xml_escape(text: str) -> str:
    if "&" in text or "<" in text or '"' in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text


PASSENGER_ATTRS = [("title", 7), ("gender", 8), ("givenName", 9), ("surname", 10), ("dateOfBirth", 11),
                   ("email", 12), ("phone", 13)]
DOC_ATTRS = [("type", 18), ("number", 19), ("national", 20), ("issueCountry", 21), ("issueDate", 23),
             ("expiryDate", 22)]


def xml_passenger(row, style) -> str:
    """One <passenger> element. Only level/skyTeamLevel can hold XML specials (names, ids, dates and
    codes cannot, even when invalid), so only they are escaped."""
    out = f'    <passenger index="{row[3]}" passengerId="{row[4]}" passengerType="{row[6]}"'
    if row[5]:
        out += f' parentId="{row[5]}"'
    out += ">\n      "
    for name, k in PASSENGER_ATTRS:
        if row[k]:
            out += f"<{name}>{row[k]}</{name}>"
    if row[14] or row[15] or row[16] or row[17]:
        level, alliance = row[16], row[17]
        if '"' in level or "<" in level or "&" in level:
            level = xml_escape(level)
        if style == 0:
            out += "\n      <membership"
            if row[14]:
                out += f' airline="{row[14]}"'
            if row[15]:
                out += f' membershipId="{row[15]}"'
            if level:
                out += f' level="{level}"'
            if alliance:
                out += f' skyTeamLevel="{alliance}"'
            out += "/>"
        else:
            out += "\n      <membership>"
            if row[14]:
                out += f"<airline>{row[14]}</airline>"
            if row[15]:
                out += f"<membershipId>{row[15]}</membershipId>"
            if level:
                out += f"<level>{level}</level>"
            if alliance:
                out += f"<skyTeamLevel>{alliance}</skyTeamLevel>"
            out += "</membership>"
    if row[18] or row[19] or row[20] or row[21] or row[22] or row[23]:
        out += "\n      <document"
        for name, k in DOC_ATTRS:
            if row[k]:
                out += f' {name}="{row[k]}"'
        out += "/>"
    return out + "\n    </passenger>\n"


def write_pipelines(out, gz):
    suffix = ".gz" if gz else ""
    for fmt, name in (("csv", "bookings.csv"), ("xml", "bookings.xml")):
        text = f"""# Load-test pipeline written by Benchmarks/generate.py (CONTRACT §6).
name: bench-{fmt}
input: {{ format: {fmt} }}
directory: {{ sqlite: {os.path.join(out, 'members.sqlite')} }}
resolve: {{ strategy: ffn-then-document, programme: VN, matchName: true }}
programmes:
  VN: {{ pattern: "^[0-9]{{10}}$", checkDigit: luhn }}
  AF: {{ pattern: "^[0-9]{{9}}$", checkDigit: mod7 }}
  KL: {{ pattern: "^[A-Z]{{2}}[0-9]{{6}}$", checkDigit: none }}
scopes: [member-tier, member-status, member-name]
consent: BENCH-DPA-1
out: {os.path.join(out, 'out-' + fmt)}
inputs:
  - {os.path.join(out, name + suffix)}
"""
        with open(os.path.join(out, f"pipeline-{fmt}.yaml"), "w") as f:
            f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--members", type=int, default=1000000)
    ap.add_argument("--passengers", type=int, default=1000000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--gzip", action="store_true", help="write members.csv.gz, bookings.csv.gz, bookings.xml.gz")
    ap.add_argument("--expected", action="store_true", help="also write expected.csv (one line per passenger)")
    ap.add_argument("--no-xml", action="store_true", help="skip bookings.xml")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="worker processes (output is the same)")
    args = ap.parse_args()
    if not 1000 <= args.members <= 20000000:
        ap.error("--members must be between 1000 and 20000000")
    if args.passengers < 1:
        ap.error("--passengers must be at least 1")
    SEED[0] = (args.seed * 0x9E3779B97F4A7C15) & MASK
    out = os.path.abspath(args.out)
    parts = os.path.join(out, ".parts")
    os.makedirs(parts, exist_ok=True)
    started = time.time()

    # Work in fixed-size chunks, whatever --jobs is, so that the bytes depend on the arguments only:
    # member i is a pure function of (seed, i); passenger chunk c has its own seeded generator and
    # booking numbers. Each chunk writes its own part files, concatenated in order at the end
    # (gzip parts concatenate into one multi-member gzip stream, which gzip readers accept).
    tasks = [("members", start, min(start + MEMBER_CHUNK, args.members))
             for start in range(0, args.members, MEMBER_CHUNK)]
    tasks += [("passengers", c, min(PASSENGER_CHUNK, args.passengers - c * PASSENGER_CHUNK))
              for c in range((args.passengers + PASSENGER_CHUNK - 1) // PASSENGER_CHUNK)]
    context = multiprocessing.get_context("fork")
    with context.Pool(max(1, args.jobs)) as pool:
        results = pool.map(run_task, [(task, parts, args) for task in tasks], chunksize=1)
    generated = time.time()

    counts, children, bookings, malformed = {}, {}, 0, 0
    for result in results:
        if result is None:
            continue
        for k, v in result["counts"].items():
            counts[k] = counts.get(k, 0) + v
        for k, v in result["children"].items():
            children[k] = children.get(k, 0) + v
        bookings += result["bookings"]
        malformed += result["malformed"]

    gz = ".gz" if args.gzip else ""
    member_parts = [os.path.join(parts, f"members.{start}") for kind, start, _ in tasks if kind == "members"]
    passenger_chunks = [c for kind, c, _ in tasks if kind == "passengers"]
    concatenate(os.path.join(out, "members.csv" + gz), MEMBER_HEADER, member_parts, "", args.gzip)
    concatenate(os.path.join(out, "bookings.csv" + gz), "\ufeff" + ",".join(COLUMNS) + "\r\n",
                [os.path.join(parts, f"bookings.csv.{c}") for c in passenger_chunks], "", args.gzip)
    if not args.no_xml:
        concatenate(os.path.join(out, "bookings.xml" + gz),
                    '<?xml version="1.0" encoding="UTF-8"?>\n<bookings xmlns="urn:example:partner-bookings:1">\n',
                    [os.path.join(parts, f"bookings.xml.{c}") for c in passenger_chunks], "</bookings>\n", args.gzip)
    if args.expected:
        concatenate(os.path.join(out, "expected.csv"), "",
                    [os.path.join(parts, f"expected.csv.{c}") for c in passenger_chunks], "", False)
    os.rmdir(parts)
    write_pipelines(out, args.gzip)
    done = time.time()

    total = args.passengers
    counts = {k: v for k, v in sorted(counts.items(), key=lambda kv: -kv[1]) if v}
    rejected = total - counts.get("ATTACHED", 0)
    summary = {
        "seed": args.seed, "members": args.members, "passengers": total, "bookings": bookings,
        "csvMalformedRowsExtra": malformed,
        "planned": counts,
        "attachedBy": {k: v for k, v in children.items() if k in ("ffn", "document") and v},
        "childCodes": {k: v for k, v in sorted(children.items()) if k not in ("ffn", "document") and v},
        "rejectedShare": round(rejected / total, 4),
        "seconds": round(done - started, 1),
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    print(f"wrote {out} in {done - started:.1f}s ({generated - started:.1f}s generating, {args.jobs} jobs): "
          f"{args.members} members; {total} passengers in {bookings} bookings, CSV{'' if args.no_xml else ' and XML'}")
    print("planned outcomes (share of passengers):")
    for k, v in counts.items():
        print(f"  {k:<22} {v:>9}  {100 * v / total:6.2f}%")
    print(f"  rejected share: {100 * rejected / total:.2f}%   (+{malformed} RECORD_MALFORMED rows, CSV only)")
    print("  attached by: " + ", ".join(f"{k} {v}" for k, v in summary["attachedBy"].items()))
    print("  child codes: " + ", ".join(f"{k} {v}" for k, v in summary["childCodes"].items()))


MEMBER_CHUNK = 100000
PASSENGER_CHUNK = 100000


def part_opener(path, gz):
    if gz:
        return gzip.open(path, "wt", encoding="utf-8", newline="", compresslevel=1)
    return open(path, "w", encoding="utf-8", newline="")


def concatenate(path, head, part_paths, tail, gz):
    """Writes head, the parts (then deleted) and tail into path, byte for byte."""
    with open(path, "wb") as f:
        if head:
            f.write(gzip.compress(head.encode(), 1, mtime=0) if gz else head.encode())
        for part in part_paths:
            with open(part, "rb") as p:
                shutil.copyfileobj(p, f, 1 << 20)
            os.remove(part)
        if tail:
            f.write(gzip.compress(tail.encode(), 1, mtime=0) if gz else tail.encode())


def run_task(job):
    (kind, a, b), parts, args = job
    if kind == "members":
        with part_opener(os.path.join(parts, f"members.{a}"), args.gzip) as f:
            buf = []
            for i in range(a, b):
                buf.append(member_row(member(i), i + 2))
                if len(buf) == 20000:
                    f.write("".join(buf))
                    buf.clear()
            f.write("".join(buf))
        return None
    return passengers_chunk(a, b, parts, args)


def passengers_chunk(chunk, size, parts, args):
    """Writes `size` passengers of chunk `chunk` as CSV (and XML, and expected lines)."""
    rng = fast_random(args.seed * 1000003 + chunk)
    gen = Generator(args.seed, args.members, rng)
    gen.booking_no = chunk * 10000000
    csv_f = part_opener(os.path.join(parts, f"bookings.csv.{chunk}"), args.gzip)
    xml_f = None if args.no_xml else part_opener(os.path.join(parts, f"bookings.xml.{chunk}"), args.gzip)
    exp_f = open(os.path.join(parts, f"expected.csv.{chunk}"), "w") if args.expected else None
    csv_buf, xml_buf, exp_buf = [], [], []
    written = 0
    malformed = 0
    while written < size:
        rows, expected = gen.booking(size - written)
        written += len(rows)
        style = rng.random()
        for row, outcome in zip(rows, expected):
            if style < 0.05:
                line = ",".join(q(c) for c in row)                    # a partner that quotes every cell
            elif row[16] and len(row[16]) <= 20 and rng.random() < 0.02:
                row[16] = (row[16] + ", " + row[17])[:20] if row[17] else row[16]
                if rng.random() < 0.3:
                    row[16] = row[16][:12] + '\n"A"'                   # a line break and "" in a cell
                line = ",".join(q(c) if ("," in c or '"' in c or "\n" in c) else c for c in row)
            else:
                line = ",".join(row)
            csv_buf.append(line + "\r\n")
            if exp_f:
                exp_buf.append(f"{row[1]},{row[4]},{outcome[0]}\n")
        if rng.random() < 0.001:                                         # a row with one cell too many
            bad = list(rows[0])
            bad[4] = bad[4] + "X"
            csv_buf.append(",".join(q(c) if ("," in c or '"' in c or "\n" in c) else c for c in bad) + ",EXTRA\r\n")
            malformed += 1
            if exp_f:
                exp_buf.append(f"{bad[1]},{bad[4]},RECORD_MALFORMED\n")
        if xml_f:
            xstyle = 0 if style < 0.9 else 1
            start = 0
            while start < len(rows):
                key = (rows[start][0], rows[start][1], rows[start][2])
                end = start + 1
                while end < len(rows) and (rows[end][0], rows[end][1], rows[end][2]) == key:
                    end += 1
                xml_buf.append(f'  <booking system="{key[0]}" bookingCode="{key[1]}" departureDate="{key[2]}">\n')
                for row in rows[start:end]:
                    xml_buf.append(xml_passenger(row, xstyle))
                xml_buf.append("  </booking>\n")
                start = end
        if len(csv_buf) >= 20000:
            csv_f.write("".join(csv_buf))
            csv_buf.clear()
            if xml_f:
                xml_f.write("".join(xml_buf))
                xml_buf.clear()
            if exp_f:
                exp_f.write("".join(exp_buf))
                exp_buf.clear()
    csv_f.write("".join(csv_buf))
    csv_f.close()
    if xml_f:
        xml_f.write("".join(xml_buf))
        xml_f.close()
    if exp_f:
        exp_f.write("".join(exp_buf))
        exp_f.close()
    return {"counts": gen.counts, "children": gen.children, "bookings": gen.booking_no - chunk * 10000000,
            "malformed": malformed}


if __name__ == "__main__":
    main()
