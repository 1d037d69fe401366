#!/usr/bin/env python3
"""Independent check of SampleData/EXPECTED.md.

Re-implements CONTRACT.md §1.1, §1.3 and §2 from scratch (it does not read generate.py's expectations),
runs every pipeline of Pipelines/ over its `inputs` against SampleData/members.csv, and compares each
record's outcome, child codes and paths with the tables of EXPECTED.md. Exit status 1 on any difference.

    python3 SampleData/tools/check.py        (from anywhere; needs PyYAML)

This is a reviewer's aid, not the product: where the contract is silent it follows the decisions
listed at the top of EXPECTED.md.
"""

import csv
import datetime
import gzip
import io
import os
import re
import sys
import unicodedata

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ids import luhn_valid, mod7_valid  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

CANONICAL = [
    "system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
    "title", "gender", "givenName", "surname", "dateOfBirth", "email", "phone",
    "airline", "membershipId", "level", "skyTeamLevel",
    "documentType", "documentNumber", "documentNationality", "documentIssueCountry",
    "documentExpiryDate", "documentIssueDate",
]
REQUIRED_IN_HEADER = ["system", "bookingCode", "departureDate", "index", "passengerId", "passengerType",
                      "givenName", "surname"]
DOC_FIELDS = ["documentType", "documentNumber", "documentNationality", "documentIssueCountry",
              "documentExpiryDate", "documentIssueDate"]

# ISO 3166-1 alpha-3 codes that the samples may use (a subset is enough: every code in the files is
# either here, an ICAO code below, or deliberately invalid: GER, IE).
ISO_ALPHA3 = set("""VNM DEU AUT FRA ESP IRL GBR NOR SWE DNK NLD ITA POL CZE NGA SYR USA CAN BEL CHE PRT FIN
ISL LUX JPN KOR CHN THA SGP MYS IDN PHL AUS NZL IND KHM LAO""".split())
ICAO_CODES = {"D", "GBD", "GBN", "GBO", "GBP", "GBS", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC", "XXX", "EUE"}


# --------------------------------------------------------------------------------------------- CSV
def tokenize(data: bytes, delimiter: bytes):
    """RFC 4180 over bytes. Yields (line, fields | None, reason). A broken row ends at the next LF."""
    d = delimiter[0]
    i, n, line = 0, len(data), 1
    while i < n:
        start_line = line
        fields, field, error = [], bytearray(), None
        in_quotes, was_quoted = False, False
        while i < n:
            c = data[i]
            if in_quotes:
                if c == 0x22:
                    if i + 1 < n and data[i + 1] == 0x22:
                        field.append(0x22)
                        i += 2
                        continue
                    in_quotes = False
                    i += 1
                    continue
                if c == 0x0A:
                    line += 1
                field.append(c)
                i += 1
                continue
            if c == d:
                fields.append(bytes(field))
                field, was_quoted = bytearray(), False
                i += 1
                continue
            if c == 0x0A or (c == 0x0D and i + 1 < n and data[i + 1] == 0x0A):
                i += 1 if c == 0x0A else 2
                line += 1
                break
            if c == 0x22:
                if len(field) == 0 and not was_quoted:
                    in_quotes, was_quoted = True, True
                    i += 1
                    continue
                error = "quote inside an unquoted field" if not was_quoted else "text after a closing quote"
            elif was_quoted:
                error = "text after a closing quote"
            if error:
                while i < n and data[i] != 0x0A:
                    i += 1
                i += 1
                line += 1
                break
            field.append(c)
            i += 1
        else:
            if in_quotes:
                error = "unterminated quoted field"
        if error:
            yield start_line, None, error
            continue
        fields.append(bytes(field))
        yield start_line, fields, None


def read_partner_file(path, pipeline):
    inp = pipeline["input"]
    encoding = {"utf-8": "utf-8", "latin1": "latin-1", "windows-1252": "cp1252"}[inp.get("encoding", "utf-8")]
    delimiter = inp.get("delimiter", ",").encode()
    renames = {k.lower(): v for k, v in (inp.get("columns") or {}).items()}
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)  # multi-member streams included
    if encoding == "utf-8" and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    rows = list(tokenize(data, delimiter))
    header_line, header, _ = rows[0]
    names = [h.decode(encoding).strip() for h in header]
    mapped = []
    for name in names:
        target = renames.get(name.lower(), name)
        canon = next((c for c in CANONICAL if c.lower() == target.lower()), None)
        mapped.append(canon)
    present = [m for m in mapped if m]
    assert len(present) == len(set(present)), f"{path}: a column named twice"
    missing = [c for c in REQUIRED_IN_HEADER if c not in present]
    assert not missing, f"{path}: header lacks {missing}"
    records = []
    for line, fields, error in rows[1:]:
        if error is None and len(fields) != len(names):
            error = f"{len(fields)} fields where the header has {len(names)}"
        values = None
        if error is None:
            try:
                decoded = [f.decode(encoding) for f in fields]
            except UnicodeDecodeError:
                error = "bad encoding"
            else:
                values = {c: "" for c in CANONICAL}
                for canon, value in zip(mapped, decoded):
                    if canon:
                        values[canon] = unicodedata.normalize("NFC", value.strip())
        records.append({"line": line, "values": values, "error": error})
    return records


# --------------------------------------------------------------------------------------- members
def load_members(path):
    members, bad = [], []
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        assert len(header) == 26
        for row in reader:
            line = reader.line_num
            if len(row) != 26:
                bad.append((line, "field count"))
                continue
            m = dict(zip(header, row))
            if m["status"] not in ("A", "S", "C", "F"):
                bad.append((line, "status"))
                continue
            docs = []
            ok = True
            for item in filter(None, m["documents"].split("|")):
                parts = item.split(":")
                if len(parts) != 3 or not all(parts):
                    ok = False
                    break
                docs.append((parts[0], parts[1].upper(), parts[2]))
            if not ok:
                bad.append((line, "documents"))
                continue
            m["docs"] = docs
            m["line"] = line
            members.append(m)
    return members, bad


# ----------------------------------------------------------------------------------------- rules
def parse_date(text):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return None
    try:
        return datetime.date(int(text[:4]), int(text[5:7]), int(text[8:]))
    except ValueError:
        return None


def age_at(born, day):
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def is_name(text, limit):
    return 1 <= len(text) <= limit and all(ch.isalpha() or ch in "' -" for ch in text)


def valid_email(text):
    if len(text) > 50 or text.count("@") != 1:
        return False
    local, domain = text.split("@")
    return bool(local) and re.fullmatch(r"[A-Za-z0-9.-]+", domain or "-") is not None and "." in domain \
        and not domain.startswith(".") and not domain.endswith(".")


def valid_phone(text):
    return re.fullmatch(r"\+?[0-9]{6,15}", text.replace(" ", "").replace("-", "")) is not None


def valid_country(text):
    return text in ISO_ALPHA3 or text in ICAO_CODES


def check_digit_ok(kind, value):
    return {"none": lambda v: True, "luhn": luhn_valid, "mod7": mod7_valid}[kind](value)


def validate(rec, booking, pipeline):
    """Every §1.1 failure of one record, as [(code, path)] in contract field order."""
    v = rec["values"]
    errs = []

    def add(code, path):
        errs.append((code, path))

    if not v["system"]:
        add("FIELD_REQUIRED", "system")
    elif not re.fullmatch(r"[A-Z0-9]{2,3}", v["system"]):
        add("FIELD_FORMAT", "system")
    if not v["bookingCode"]:
        add("FIELD_REQUIRED", "bookingCode")
    elif not re.fullmatch(r"[A-Za-z0-9]{5,8}", v["bookingCode"]):
        add("FIELD_FORMAT", "bookingCode")
    departure = parse_date(v["departureDate"])
    if departure is None:
        add("DATE_INVALID", "departureDate")
    index_ok = re.fullmatch(r"[0-9]{1,2}", v["index"]) is not None and 1 <= int(v["index"]) <= 99
    if not index_ok:
        add("FIELD_FORMAT", "index")
    else:
        earlier = [r for r in booking if r["seq"] < rec["seq"] and r["values"]["index"] == v["index"]]
        if earlier:
            add("FIELD_FORMAT", "index")
    if not v["passengerId"]:
        add("FIELD_REQUIRED", "passengerId")
    elif not re.fullmatch(r"[A-Za-z0-9_-]{1,20}", v["passengerId"]):
        add("FIELD_FORMAT", "passengerId")
    ptype = v["passengerType"] if v["passengerType"] in ("ADT", "CHD", "INF") else None
    if ptype == "INF":
        parents = [r for r in booking if r["values"]["passengerId"] == v["parentId"]
                   and r["values"]["passengerType"] == "ADT" and r is not rec]
        if not v["parentId"] or not parents:
            add("PARENT_INVALID", "parentId")
    if ptype is None:
        add("PASSENGER_TYPE_INVALID", "passengerType")
    if v["title"] and not (len(v["title"]) <= 30 and all(ch.isalpha() or ch == "." for ch in v["title"])):
        add("FIELD_FORMAT", "title")
    if v["gender"] and v["gender"].lower() not in ("m", "f", "male", "female", "true", "false"):
        add("FIELD_FORMAT", "gender")
    if not v["givenName"]:
        add("FIELD_REQUIRED", "givenName")
    elif not is_name(v["givenName"], 25):
        add("NAME_INVALID", "givenName")
    if not v["surname"]:
        add("FIELD_REQUIRED", "surname")
    elif not is_name(v["surname"], 40):
        add("NAME_INVALID", "surname")
    born = None
    if v["dateOfBirth"]:
        born = parse_date(v["dateOfBirth"])
        if born is None or born < datetime.date(1900, 1, 1) or (departure and born > departure):
            add("DATE_INVALID", "dateOfBirth")
            born = None
        elif departure and ptype:
            age = age_at(born, departure)
            fits = {"INF": age < 2, "CHD": 2 <= age <= 11, "ADT": age >= 12}[ptype]
            if not fits:
                add("AGE_INCONSISTENT", "dateOfBirth")
    if v["email"] and not valid_email(v["email"]):
        add("EMAIL_INVALID", "email")
    if v["phone"] and not valid_phone(v["phone"]):
        add("PHONE_INVALID", "phone")
    programmes = pipeline["programmes"]
    airline_ok = False
    if v["membershipId"] and not v["airline"]:
        add("FIELD_REQUIRED", "airline")
    elif v["airline"]:
        if not re.fullmatch(r"[A-Z0-9]{2}", v["airline"]):
            add("FIELD_FORMAT", "airline")
        elif v["airline"] not in programmes:
            add("PROGRAMME_UNKNOWN", "airline")
        else:
            airline_ok = True
    if v["membershipId"] and airline_ok:
        prog = programmes[v["airline"]]
        if not re.fullmatch(prog["pattern"].strip("^$"), v["membershipId"]) or \
                not check_digit_ok(prog["checkDigit"], v["membershipId"]):
            add("MEMBERSHIP_ID_INVALID", "membershipId")
    for field in ("level", "skyTeamLevel"):
        if len(v[field]) > 20:
            add("FIELD_FORMAT", field)
    has_doc = any(v[f] for f in DOC_FIELDS)
    if has_doc:
        if not v["documentType"]:
            add("FIELD_REQUIRED", "documentType")
        elif v["documentType"] not in ("P", "I"):
            add("DOCUMENT_TYPE_INVALID", "documentType")
        if not v["documentNumber"]:
            add("FIELD_REQUIRED", "documentNumber")
        elif not re.fullmatch(r"[A-Za-z0-9]{1,15}", v["documentNumber"]):
            add("DOCUMENT_NUMBER_INVALID", "documentNumber")
        for field in ("documentNationality", "documentIssueCountry"):
            if not v[field]:
                add("FIELD_REQUIRED", field)
            elif not valid_country(v[field]):
                add("COUNTRY_INVALID", field)
        expiry = None
        if not v["documentExpiryDate"]:
            add("FIELD_REQUIRED", "documentExpiryDate")
        else:
            expiry = parse_date(v["documentExpiryDate"])
            if expiry is None:
                add("DATE_INVALID", "documentExpiryDate")
            elif departure and expiry < departure:
                add("DOCUMENT_EXPIRED", "documentExpiryDate")
        if v["documentIssueDate"]:
            issued = parse_date(v["documentIssueDate"])
            if issued is None or (expiry and issued > expiry) or (departure and issued > departure) \
                    or (born and issued < born):
                add("DATE_INVALID", "documentIssueDate")
    strategy = pipeline["resolve"]["strategy"]
    if strategy == "ffn" and not v["membershipId"]:
        add("FIELD_REQUIRED", "membershipId")
    if strategy == "document" and not has_doc:
        add("FIELD_REQUIRED", "document")
    if strategy == "ffn-then-document" and not v["membershipId"] and not has_doc:
        add("FIELD_REQUIRED", "membership")
    return errs


# ------------------------------------------------------------------------------------ resolution
TRANSLIT = {"Ä": "AE", "Ö": "OE", "Ü": "UE", "Ø": "OE", "Æ": "AE", "Å": "AA", "ß": "SS", "Þ": "TH", "Đ": "D",
            "Œ": "OE", "Ð": "D", "Ł": "L", "Ŀ": "L", "Ħ": "H", "Ŧ": "T", "I": "I"}
BARE = {"Ø": "O", "Æ": "AE", "Đ": "D", "Ł": "L", "Ð": "D", "Œ": "OE", "Ħ": "H", "Ŧ": "T", "Ŀ": "L", "I": "I",
        "ß": "SS", "Þ": "TH"}


def fold_variants(name):
    """Every spelling a name may take: ICAO transliteration or bare letter, letters A-Z only."""
    text = unicodedata.normalize("NFC", name).upper()
    variants = {""}
    for ch in text:
        options = set()
        if ch in TRANSLIT:
            options.add(TRANSLIT[ch])
        base = BARE.get(ch) or "".join(c for c in unicodedata.normalize("NFD", ch) if not unicodedata.combining(c))
        options.add(base)
        options = {"".join(c for c in o if "A" <= c <= "Z") for o in options}
        variants = {v + o for v in variants for o in options}
    return variants


def names_match(a, b):
    return bool(fold_variants(a) & fold_variants(b))


def initials_match(a, b):
    return bool({v[:1] for v in fold_variants(a)} & {v[:1] for v in fold_variants(b)})


def resolve(rec, pipeline, members):
    v = rec["values"]
    strategy = pipeline["resolve"]["strategy"]
    default = pipeline["resolve"]["programme"]

    def by_ffn():
        found = [m for m in members if m["programme"] == v["airline"] and m["ffn"] == v["membershipId"]
                 and m["status"] != "F"]
        return found[0] if found else None

    def by_document():
        programme = v["airline"] or default
        key = (v["documentType"], v["documentNumber"].upper(), v["documentIssueCountry"])
        return [m for m in members if m["programme"] == programme and m["status"] != "F" and key in m["docs"]]

    if strategy in ("ffn", "ffn-then-document") and v["membershipId"]:
        m = by_ffn()
        if m:
            return ("MEMBERSHIP_INACTIVE", m, "ffn") if m["status"] in "SC" else ("FOUND", m, "ffn")
        if strategy == "ffn" or not any(v[f] for f in DOC_FIELDS):
            return ("MEMBERSHIP_NOT_FOUND", None, "")
    found = by_document()
    if not found:
        return ("MEMBERSHIP_NOT_FOUND", None, "")
    if len(found) > 1:
        return ("MEMBER_AMBIGUOUS", None, "")
    m = found[0]
    return ("MEMBERSHIP_INACTIVE", m, "document") if m["status"] in "SC" else ("FOUND", m, "document")


def run_pipeline(pipeline, members):
    outcomes = {}
    for rel in pipeline["inputs"]:
        records = read_partner_file(os.path.join(ROOT, rel), pipeline)
        for seq, rec in enumerate(records):
            rec["seq"] = seq
        bookings = {}
        for rec in records:
            if rec["values"]:
                key = (rec["values"]["system"].upper(), rec["values"]["bookingCode"].upper())
                bookings.setdefault(key, []).append(rec)
        result = {}
        for rec in records:
            if rec["error"]:
                result[rec["line"]] = ("RECORD_MALFORMED", [], "")
                continue
            key = (rec["values"]["system"].upper(), rec["values"]["bookingCode"].upper())
            errs = validate(rec, bookings[key], pipeline)
            rec["errs"] = errs
            if errs:
                result[rec["line"]] = ("DATA_INVALID", errs, "")
        for key, booking in bookings.items():
            valid = [r for r in booking if not r["errs"]]
            valid.sort(key=lambda r: int(r["values"]["index"]))
            given, attached = set(), set()
            for rec in valid:
                v = rec["values"]
                if v["membershipId"]:
                    ident = (v["airline"], v["membershipId"])
                    if ident in given:
                        result[rec["line"]] = ("DUPLICATE_MEMBERSHIP", [], "")
                        continue
                    given.add(ident)
                code, m, by = resolve(rec, pipeline, members)
                if code != "FOUND":
                    result[rec["line"]] = (code, [], "")
                    continue
                mism = []
                if pipeline["resolve"].get("matchName", True):
                    if not initials_match(v["givenName"], m["firstName"]):
                        mism.append(("NAME_MISMATCH", "givenName"))
                    if not names_match(v["surname"], m["familyName"]):
                        mism.append(("NAME_MISMATCH", "surname"))
                if v["dateOfBirth"] and m["dateOfBirth"] and v["dateOfBirth"] != m["dateOfBirth"]:
                    mism.append(("DATE_OF_BIRTH_MISMATCH", "dateOfBirth"))
                if mism:
                    result[rec["line"]] = ("MEMBER_MISMATCH", mism, "")
                    continue
                ident = (m["programme"], m["ffn"])
                if ident in attached:
                    result[rec["line"]] = ("DUPLICATE_MEMBERSHIP", [], "")
                    continue
                attached.add(ident)
                result[rec["line"]] = ("ATTACHED", [], by)
        outcomes[rel] = result
    return outcomes


# ------------------------------------------------------------------------------------ EXPECTED.md
def parse_expected(path):
    tables, current = {}, None
    for raw in open(path, encoding="utf-8"):
        line = raw.rstrip("\n")
        if line.startswith("### "):
            current = line[4:].strip()
            tables[current] = {}
            continue
        if current and line.startswith("| ") and not line.startswith("| line") and line[2:3].isdigit():
            cells = [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            row_line, outcome, codes, paths, by = int(cells[0]), cells[4], cells[5], cells[6], cells[7]
            children = list(zip(codes.split("|"), paths.split("|"))) if codes else []
            tables[current][row_line] = (outcome, children, by)
    return tables


def main():
    members, bad = load_members(os.path.join(ROOT, "SampleData", "members.csv"))
    print(f"members.csv: {len(members)} imported, malformed lines {[b[0] for b in bad]}")
    expected = parse_expected(os.path.join(ROOT, "SampleData", "EXPECTED.md"))
    failures = 0
    checked = 0
    for name in sorted(os.listdir(os.path.join(ROOT, "Pipelines"))):
        if not name.endswith(".yaml") or name == "reference.yaml":
            continue
        pipeline = yaml.safe_load(open(os.path.join(ROOT, "Pipelines", name)))
        for rel, result in run_pipeline(pipeline, members).items():
            table = expected.get(rel)
            if table is None:
                print(f"{rel}: no table in EXPECTED.md")
                failures += 1
                continue
            for line in sorted(set(result) | set(table)):
                got = result.get(line)
                want = table.get(line)
                checked += 1
                if got != want:
                    failures += 1
                    print(f"{rel}:{line}: expected {want}, check.py derives {got}")
    print(f"{checked} records checked, {failures} differences")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
