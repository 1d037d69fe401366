#!/usr/bin/env python3
"""Reads a partner booking XML file (CONTRACT §1.2) into passenger records with lxml: the "read XML
into records" peer that Benchmarks/run.sh measures MemberLink's XML reading against.

    lxml_peer.py bookings.xml [--check bookings.csv]

Streams the file with lxml.etree.iterparse (end events on `passenger` elements), and for every
passenger builds one tuple of the 24 canonical fields of CONTRACT §1.1, in the order of that table:
system, bookingCode and departureDate from the enclosing `booking`; the passenger's own fields; airline,
membershipId, level and skyTeamLevel from `membership`; documentType … documentIssueDate from
`document` (the short names type, number, national, issueCountry, issueDate, expiryDate, or the
canonical ones). As MemberLink does: every field may be an attribute or a child element, names match
ignoring namespaces and case, values are trimmed of XML white space (space, tab, CR, LF), an empty value
counts as absent, and fields inside unknown elements are ignored. Each passenger is cleared from the
tree once read, and earlier bookings are dropped, so memory stays flat whatever the file's size.

It only reads: no field rules, no member lookups, no outputs. It does not report what MemberLink
reports as RECORD_MALFORMED (a field given twice with different values: the first value wins here;
markup inside a field; nested bookings or passengers), and the `passenger` element itself must be
spelled so (any namespace), since iterparse filters on it. Prints the number of records and the
seconds taken.

`--check bookings.csv` compares every record with the CSV twin that Benchmarks/generate.py writes
(rows with the wrong cell count, RECORD_MALFORMED, are CSV-only and skipped; line breaks and tabs
compare as spaces, since XML turns them into spaces inside attribute values) and exits 1 on a
difference: a test of this peer, not part of the measurement.
"""

import argparse
import csv
import gzip
import sys
import time

from lxml import etree

# CONTRACT §1.1, in the order of its table (and of CanonicalField.swift).
FIELDS = ("system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
          "title", "gender", "givenName", "surname", "dateOfBirth", "email", "phone",
          "airline", "membershipId", "level", "skyTeamLevel",
          "documentType", "documentNumber", "documentNationality", "documentIssueCountry",
          "documentExpiryDate", "documentIssueDate")
CANONICAL = {name.lower(): i for i, name in enumerate(FIELDS)}
BOOKING_FIELDS = range(0, 3)
MEMBERSHIP_FIELDS = range(14, 18)
DOCUMENT_FIELDS = range(18, 24)
# CONTRACT §1.2: `document` attributes map to documentType, documentNumber, documentNationality,
# documentIssueCountry, documentIssueDate, documentExpiryDate.
DOCUMENT_SHORT = {"type": 18, "number": 19, "national": 20, "issuecountry": 21, "issuedate": 23,
                  "expirydate": 22}
XML_SPACE = " \t\r\n"
EMPTY = ("",) * len(FIELDS)

OTHER, BOOKING, PASSENGER, MEMBERSHIP, DOCUMENT = range(5)
KINDS = {"booking": BOOKING, "passenger": PASSENGER, "membership": MEMBERSHIP, "document": DOCUMENT}


def local(name):
    """`{urn:…}givenName` → `givenname`: the local name, lower-cased."""
    return name.rpartition("}")[2].lower()


class Names(dict):
    """Raw lxml name (namespace included) → its meaning in one place, computed once per distinct name."""

    def __init__(self, meaning):
        super().__init__()
        self.meaning = meaning

    def __missing__(self, raw):
        value = self[raw] = self.meaning(local(raw))
        return value


def in_range(fields, lowered):
    i = CANONICAL.get(lowered)
    return i if i is not None and i in fields else None


KIND = Names(lambda n: KINDS.get(n, OTHER))
PASSENGER_FIELD = Names(CANONICAL.get)  # a passenger may restate any canonical field
BOOKING_FIELD = Names(lambda n: in_range(BOOKING_FIELDS, n))
MEMBERSHIP_FIELD = Names(lambda n: in_range(MEMBERSHIP_FIELDS, n))
DOCUMENT_FIELD = Names(lambda n: DOCUMENT_SHORT.get(n, in_range(DOCUMENT_FIELDS, n)))


def give_all(values, table, element):
    """Fills the empty slots of `values` from `element`'s attributes and its field child elements."""
    for name, value in element.attrib.items():
        i = table[name]
        if i is not None and not values[i]:
            values[i] = value.strip(XML_SPACE)
    for child in element:
        tag = child.tag
        if tag.__class__ is not str:  # comment or processing instruction
            continue
        i = table[tag]
        if i is not None and not values[i] and child.text:
            values[i] = child.text.strip(XML_SPACE)


def booking_of(element):
    """The nearest `booking` ancestor (a `<passengers>` wrapper may sit in between), or None."""
    while element is not None and KIND[element.tag] != BOOKING:
        element = element.getparent()
    return element


def records(source):
    """Yields one 24-tuple per `passenger` element of `source`, in document order."""
    parent = booking = None
    booking_values = EMPTY
    for _, el in etree.iterparse(source, events=("end",), tag="{*}passenger",
                                 resolve_entities=False, no_network=True, huge_tree=True):
        up = el.getparent()
        if up is not parent:
            parent = up
            found = booking_of(up)
            if found is not booking:
                booking = found
                values = list(EMPTY)
                if booking is not None:
                    give_all(values, BOOKING_FIELD, booking)
                    # Bookings already read are dropped: only the open one stays in the tree.
                    while booking.getprevious() is not None:
                        del booking.getparent()[0]
                booking_values = tuple(values)
        values = list(booking_values)
        for name, value in el.attrib.items():
            i = PASSENGER_FIELD[name]
            if i is not None and not values[i]:
                values[i] = value.strip(XML_SPACE)
        for child in el:
            tag = child.tag
            if tag.__class__ is not str:
                continue
            kind = KIND[tag]
            if kind == MEMBERSHIP:
                give_all(values, MEMBERSHIP_FIELD, child)
            elif kind == DOCUMENT:
                give_all(values, DOCUMENT_FIELD, child)
            else:
                i = PASSENGER_FIELD[tag]
                if i is not None and not values[i] and child.text:
                    values[i] = child.text.strip(XML_SPACE)
        yield tuple(values)
        # Memory stays flat: the passenger's subtree goes, and so do the passengers before it.
        el.clear(keep_tail=False)
        while el.getprevious() is not None:
            del up[0]


def csv_records(path):
    """The CSV twin's records as 24-tuples (rows with the wrong cell count skipped)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = csv.reader(f)
        header = [h.lower() for h in next(rows)]
        where = [header.index(name.lower()) if name.lower() in header else None for name in FIELDS]
        for row in rows:
            if len(row) != len(header):
                continue
            yield tuple(row[k].strip(XML_SPACE) if k is not None else "" for k in where)


def normalized(record):
    """A record with line breaks and tabs read as spaces: an XML parser turns them into spaces in
    attribute values (XML 1.0 §3.3.3), so a CSV cell with a line break has an attribute twin with a
    space."""
    return tuple(v.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
                 for v in record)


def check(xml_records, csv_path):
    differences = 0
    count = 0
    twin = csv_records(csv_path)
    for count, mine in enumerate(xml_records, 1):
        theirs = next(twin, None)
        if mine != theirs and (theirs is None or normalized(mine) != normalized(theirs)):
            differences += 1
            if differences <= 5:
                if theirs is None:
                    print(f"record {count}: only in the XML file: {mine}")
                else:
                    diff = {FIELDS[i]: (a, b) for i, (a, b) in enumerate(zip(mine, theirs)) if a != b}
                    print(f"record {count}: (xml, csv) differ in {diff}")
    extra = sum(1 for _ in twin)
    if extra:
        differences += extra
        print(f"{extra} records only in the CSV file")
    print(f"check against {csv_path}: {count} records, {differences} differences")
    return count, differences


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("bookings", help="bookings.xml (or .xml.gz)")
    ap.add_argument("--check", metavar="CSV", help="compare every record with this CSV twin (a test)")
    args = ap.parse_args()
    started = time.perf_counter()
    with (gzip.open if args.bookings.endswith(".gz") else open)(args.bookings, "rb") as source:
        if args.check:
            count, differences = check(records(source), args.check)
        else:
            count, differences = sum(1 for _ in records(source)), 0
    seconds = time.perf_counter() - started
    print(f"lxml {etree.__version__} (libxml2 {'.'.join(map(str, etree.LIBXML_VERSION))}) iterparse: "
          f"{count} records in {seconds:.2f} s ({count / seconds if seconds else 0:,.0f} records/s)")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
