#!/usr/bin/env python3
"""Writes SampleData/xml/: the XML twins (CONTRACT §1.2) of the sample partners' CSV booking files,
plain and gzip, derived from the CSV files themselves.

    python3 SampleData/tools/xml_twins.py        (from anywhere; needs PyYAML)

Each CSV record that the CSV reader can read becomes one <passenger>, in the same order, with the
same field values (untrimmed: the XML reader trims them as the CSV reader does). RECORD_MALFORMED
rows have no twin; the script checks that the rows it leaves out are exactly the RECORD_MALFORMED
rows of EXPECTED.md. Consecutive records with the same system, bookingCode and departureDate share a
<booking>, so a booking that is spread over the CSV file (H3TPZX) is spread over several <booking>
elements with the same key, which CONTRACT §1.1 makes one booking.

Each partner's twin is written in a different style, so that the twins exercise the reader:
- vn-agency: UTF-8, no namespace, fields as child elements, membership and document as attributes
  with the short document names (the example of CONTRACT §1.2).
- eu-gds: declared windows-1252, a default namespace, passenger fields as attributes, membership and
  document as child elements; the partner-only columns become unknown elements and attributes.
- sky-partner: declared ISO-8859-1, a namespace prefix, booking fields as child elements, document
  fields under their canonical names; alternating attribute and element style per passenger.
Every twin also exists gzipped (the 2026-11-24 manifest in two gzip members, like its CSV twin).
"""

import gzip
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check import CANONICAL, tokenize  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "SampleData", "xml")

BOOKING = ["system", "bookingCode", "departureDate"]
MEMBERSHIP = ["airline", "membershipId", "level", "skyTeamLevel"]
DOCUMENT_SHORT = {
    "documentType": "type", "documentNumber": "number", "documentNationality": "national",
    "documentIssueCountry": "issueCountry", "documentIssueDate": "issueDate", "documentExpiryDate": "expiryDate",
}
DOCUMENT = list(DOCUMENT_SHORT)
PASSENGER_OWN = [c for c in CANONICAL if c not in BOOKING + MEMBERSHIP + DOCUMENT]
PYTHON_ENCODING = {"utf-8": "utf-8", "latin1": "latin-1", "windows-1252": "cp1252"}


def read_csv(path, pipeline):
    """[(line, {canonical: value}, {unknown column: value})] for the readable records, and the lines
    of the unreadable ones."""
    inp = pipeline["input"]
    encoding = PYTHON_ENCODING[inp.get("encoding", "utf-8")]
    renames = {k.lower(): v for k, v in (inp.get("columns") or {}).items()}
    data = open(path, "rb").read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    rows = list(tokenize(data, inp.get("delimiter", ",").encode()))
    names = [h.decode(encoding).strip() for h in rows[0][1]]
    mapped = []
    for name in names:
        target = renames.get(name.lower(), name)
        mapped.append(next((c for c in CANONICAL if c.lower() == target.lower()), None))
    records, malformed = [], []
    for line, fields, error in rows[1:]:
        if error is None and len(fields) != len(names):
            error = "field count"
        if error is None:
            try:
                decoded = [f.decode(encoding) for f in fields]
            except UnicodeDecodeError:
                error = "encoding"
        if error:
            malformed.append(line)
            continue
        known = {c: "" for c in CANONICAL}
        unknown = {}
        for name, canon, value in zip(names, mapped, decoded):
            if canon:
                known[canon] = value
            else:
                unknown[name] = value
        for canon, value in known.items():
            # The CSV reader trims spaces and tabs only; XML trims line breaks too. No sample field
            # has a line break at an edge, so the twins hold the same values.
            assert value.strip(" \t") == value.strip(" \t\r\n"), (path, line, canon)
        records.append((line, known, unknown))
    return records, malformed


def expected_malformed(csv_path):
    """The RECORD_MALFORMED lines that EXPECTED.md lists for `csv_path`."""
    text = open(os.path.join(ROOT, "SampleData", "EXPECTED.md"), encoding="utf-8").read()
    rel = os.path.relpath(csv_path, ROOT)
    section = text.split(f"### {rel}\n", 1)[1].split("\n### ", 1)[0].split("\nTotals", 1)[0]
    return [int(m.group(1)) for m in re.finditer(r"^\| (\d+) \|[^\n]*\| RECORD_MALFORMED \|", section, re.M)]


def text(value):
    """Element content: markup characters and CR (which XML would turn into LF) as references."""
    check_chars(value)
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def attr(value):
    """An attribute value: white space other than spaces as references (XML normalises it)."""
    check_chars(value)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    return escaped.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def check_chars(value):
    bad = [c for c in value if ord(c) < 0x20 and c not in "\t\n\r"]
    assert not bad, f"{value!r} holds characters XML 1.0 cannot carry"


def attrs(pairs):
    return "".join(f' {name}="{attr(value)}"' for name, value in pairs if value != "")


def elements(pairs, indent):
    return "".join(f"{indent}<{name}>{text(value)}</{name}>\n" for name, value in pairs if value != "")


def passenger_vn(known, unknown):
    head = [("index", known["index"]), ("passengerId", known["passengerId"]), ("passengerType", known["passengerType"])]
    own = [(c, known[c]) for c in PASSENGER_OWN if c not in ("index", "passengerId", "passengerType")]
    out = f"    <passenger{attrs(head)}>\n" + elements(own, "      ")
    membership = [(c, known[c]) for c in MEMBERSHIP]
    if any(v for _, v in membership):
        out += f"      <membership{attrs(membership)}/>\n"
    document = [(DOCUMENT_SHORT[c], known[c]) for c in DOCUMENT]
    if any(v for _, v in document):
        out += f"      <document{attrs(document)}/>\n"
    return out + "    </passenger>\n"


def passenger_eu(known, unknown):
    own = [(c, known[c]) for c in PASSENGER_OWN]
    office = [("officeId", unknown.get("OFFICE_ID", ""))]
    out = f"    <passenger{attrs(own + office)}>\n"
    membership = [(c, known[c]) for c in MEMBERSHIP]
    if any(v for _, v in membership):
        out += "      <membership>\n" + elements(membership, "        ") + "      </membership>\n"
    document = [(DOCUMENT_SHORT[c], known[c]) for c in DOCUMENT]
    if any(v for _, v in document):
        out += "      <document>\n" + elements(document, "        ") + "      </document>\n"
    extra = [("formOfPayment", unknown.get("FOP", "")), ("remarks", unknown.get("REMARKS", ""))]
    return out + elements(extra, "      ") + "    </passenger>\n"


def passenger_sky(known, unknown, number):
    own = [(c, known[c]) for c in PASSENGER_OWN]
    membership = [(c, known[c]) for c in MEMBERSHIP]
    document = [(c, known[c]) for c in DOCUMENT]
    if number % 2 == 0:
        out = f"    <m:passenger{attrs(own)}>\n"
        if any(v for _, v in membership):
            out += f"      <m:membership{attrs(membership)}/>\n"
        if any(v for _, v in document):
            out += f"      <m:document{attrs(document)}/>\n"
        return out + "    </m:passenger>\n"
    out = "    <m:passenger>\n" + elements([(f"m:{c}", v) for c, v in own], "      ")
    if any(v for _, v in membership):
        out += "      <m:membership>\n" + elements([(f"m:{c}", v) for c, v in membership], "        ")
        out += "      </m:membership>\n"
    if any(v for _, v in document):
        out += "      <m:document>\n" + elements([(f"m:{c}", v) for c, v in document], "        ")
        out += "      </m:document>\n"
    return out + "    </m:passenger>\n"


def groups(records):
    """Consecutive records with the same booking fields, as written."""
    out = []
    for record in records:
        key = tuple(record[1][c] for c in BOOKING)
        if out and out[-1][0] == key:
            out[-1][1].append(record)
        else:
            out.append((key, [record]))
    return out


def document_vn(records):
    out = '<?xml version="1.0" encoding="UTF-8"?>\n<bookings>\n'
    for key, members in groups(records):
        out += f"  <booking{attrs(zip(BOOKING, key))}>\n"
        out += "".join(passenger_vn(known, unknown) for _, known, unknown in members)
        out += "  </booking>\n"
    return (out + "</bookings>\n").encode("utf-8")


def document_eu(records):
    out = '<?xml version="1.0" encoding="windows-1252"?>\n<bookings xmlns="urn:example:eu-gds:pax:1">\n'
    for key, members in groups(records):
        out += f"  <booking{attrs(zip(BOOKING, key))} pnrCreated=\"2026-11-20\">\n"
        out += "".join(passenger_eu(known, unknown) for _, known, unknown in members)
        out += "  </booking>\n"
    return (out + "</bookings>\n").encode("cp1252")


def document_sky(records):
    out = '<?xml version="1.0" encoding="ISO-8859-1"?>\n<m:manifest xmlns:m="urn:example:sky:manifest">\n'
    number = 0
    for key, members in groups(records):
        out += "  <m:booking>\n" + elements([(f"m:{c}", v) for c, v in zip(BOOKING, key)], "    ")
        for _, known, unknown in members:
            out += passenger_sky(known, unknown, number)
            number += 1
        out += "  </m:booking>\n"
    return (out + "</m:manifest>\n").encode("latin-1")


def gzip_members(data, members):
    """`data` gzipped in `members` members, split at booking boundaries (mtime 0: reproducible)."""
    if members == 1:
        return gzip.compress(data, mtime=0)
    cut = data.index(b"\n  <", len(data) // 2) + 1  # a line that opens or closes a booking
    return gzip.compress(data[:cut], mtime=0) + gzip.compress(data[cut:], mtime=0)


def main():
    writers = {"vn-agency": document_vn, "eu-gds": document_eu, "sky-partner": document_sky}
    for name, write in writers.items():
        pipeline = yaml.safe_load(open(os.path.join(ROOT, "Pipelines", f"{name}.yaml"), encoding="utf-8"))
        os.makedirs(os.path.join(OUT, name), exist_ok=True)
        for csv_rel in pipeline["inputs"]:
            csv_path = os.path.join(ROOT, csv_rel)
            records, malformed = read_csv(csv_path, pipeline)
            assert malformed == expected_malformed(csv_path), (csv_rel, malformed)
            data = write(records)
            base = re.sub(r"\.(csv|tsv)(\.gz)?$", "", os.path.basename(csv_rel))
            with open(os.path.join(OUT, name, base + ".xml"), "wb") as f:
                f.write(data)
            with open(os.path.join(OUT, name, base + ".xml.gz"), "wb") as f:
                f.write(gzip_members(data, 2 if csv_rel.endswith(".gz") else 1))
            print(f"{csv_rel}: {len(records)} passengers, {len(malformed)} RECORD_MALFORMED rows left out")


if __name__ == "__main__":
    main()
