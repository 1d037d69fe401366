#!/usr/bin/env python3
"""Writes MemberLink's sample data, byte for byte: SampleData/members.csv, the partner booking files
under SampleData/inbox/ and SampleData/EXPECTED.md.

    python3 SampleData/tools/generate.py        (from the repository root)

Each booking record below carries the outcome derived BY HAND from CONTRACT.md (§1.1 rules, §2
precedence). Line numbers are computed from the bytes written. SampleData/tools/check.py is an
independent re-implementation of the contract rules that re-derives every outcome from the files
and compares it with EXPECTED.md; run it after any change.
"""

import gzip
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ids import break_check, luhn_complete, luhn_valid, mod7_complete, mod7_valid  # noqa: E402
from members import BY_KEY, HEADER as MEMBER_HEADER, MEMBERS, ffn  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SAMPLE = os.path.join(ROOT, "SampleData")

CANONICAL = [
    "system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
    "title", "gender", "givenName", "surname", "dateOfBirth", "email", "phone",
    "airline", "membershipId", "level", "skyTeamLevel",
    "documentType", "documentNumber", "documentNationality", "documentIssueCountry",
    "documentExpiryDate", "documentIssueDate",
]

CARD_VN = "4539578763621486"   # Luhn-valid, card-like, fake: must never appear in any output
CARD_EU = "4556737586899855"   # Luhn-valid, card-like, fake: must never appear in any output
assert luhn_valid(CARD_VN) and luhn_valid(CARD_EU)


def vn_unknown(n: int) -> str:
    """A VN id that passes pattern and Luhn but belongs to no member."""
    return luhn_complete(f"9200009{n:02d}")


def af_unknown(n: int) -> str:
    """An AF id that passes pattern and mod7 but belongs to no member."""
    return mod7_complete(f"100000{n:02d}")


AF_SKIPPED_MEMBER = mod7_complete("10000019")   # its members.csv row has a bad status: not imported


# ---------------------------------------------------------------------------------------------
# Records. R(fields..., exp=E(...)) ; fields use canonical names; `extra` holds partner-only columns.
# ---------------------------------------------------------------------------------------------

class E:
    """A hand-derived expectation: outcome code, child errors [(code, path)], how resolved, why."""

    def __init__(self, code, *children, by="", member="", why=""):
        self.code = code
        self.children = list(children)
        self.by = by
        self.member = member
        self.why = why


def R(exp, **fields):
    raw = fields.pop("raw", None)          # callable(line_text) -> bytes/str, for malformed rows
    extra = fields.pop("extra", {})
    raw_cells = fields.pop("raw_cells", {})
    drop = fields.pop("drop", None)        # a column name to leave out (wrong field count)
    add = fields.pop("add", None)          # an extra cell appended (wrong field count)
    for key in fields:
        assert key in CANONICAL, key
    return {"fields": fields, "extra": extra, "exp": exp, "raw": raw, "raw_cells": raw_cells,
            "drop": drop, "add": add}


A = "ATTACHED"
NF = "MEMBERSHIP_NOT_FOUND"
INACT = "MEMBERSHIP_INACTIVE"
AMB = "MEMBER_AMBIGUOUS"
MM = "MEMBER_MISMATCH"
DUP = "DUPLICATE_MEMBERSHIP"
DI = "DATA_INVALID"
RM = "RECORD_MALFORMED"


def doc(t, number, nat, issuer, expiry, issued=""):
    return dict(documentType=t, documentNumber=number, documentNationality=nat, documentIssueCountry=issuer,
                documentExpiryDate=expiry, documentIssueDate=issued)


# --- vn-agency: canonical columns, comma, UTF-8 with BOM, CRLF; strategy ffn-then-document, -----
# --- default programme VN, programmes VN and AF (not KL) ----------------------------------------
def vn(code, date, idx, pid, ptype, given, surname, exp, **kw):
    return R(exp, system="VN", bookingCode=code, departureDate=date, index=str(idx), passengerId=pid,
             passengerType=ptype, givenName=given, surname=surname, **kw)


VN_RECORDS = [
    vn("K7QW2M", "2026-12-05", 1, "P01", "ADT", "Văn An", "Nguyễn",
       E(A, by="ffn", member="V1", why="ffn found, active; Nguyễn folds to NGUYEN, initials V/V; DOB equal"),
       title="MR", gender="M", dateOfBirth="1980-01-02", email="an.nguyen@example.com", phone="+84 912 000 101",
       airline="VN", membershipId=ffn("V1"), level="GOLD", skyTeamLevel="ELITE",
       **doc("P", "C1234567", "VNM", "VNM", "2030-05-01", "2020-05-01")),
    vn("K7QW2M", "2026-12-05", 2, "P02", "CHD", "Thị Mai", "Nguyễn",
       E(A, by="ffn", member="V11", why="CHD aged 10; child member found by ffn, no document needed"),
       title="MISS", gender="F", dateOfBirth="2016-06-15", airline="VN", membershipId=ffn("V11")),
    vn("k7qw2m", "2026-12-05", 3, "P03", "INF", "Bảo Ngọc", "Nguyễn",
       E(NF, by="", why="lower-case bookingCode joins K7QW2M; INF aged 1 (turns 2 the day after departure), "
                        "parent P01 is ADT; no ffn, document tried in default programme VN: no member"),
       gender="F", dateOfBirth="2024-12-06", parentId="P01",
       **doc("P", "C7654321", "VNM", "VNM", "2029-12-01", "2025-01-10")),
    vn("H3TPZX", "2026-12-08", 2, "OB-2", "ADT", "Aoife", "O'Brien",
       E(DUP, why="same VN ffn as index 1 (Sean, line further down): index order, not file order, decides"),
       title="MRS", gender="F", dateOfBirth="1985-02-11", email="aoife.obrien@example.com",
       airline="VN", membershipId=ffn("V9"), level="PLATINUM"),
    vn("M8VRTD", "2026-12-10", 1, "T1", "ADT", "Thị Bích", "Trần",
       E(A, by="ffn", member="V2", why="ffn found; Trần folds to TRAN"),
       title="MS", gender="F", dateOfBirth="1985-03-14", email="bich.tran@example.com", phone="0912-000-202",
       airline="VN", membershipId=ffn("V2"), level="SILVER",
       **doc("P", "C2345678", "VNM", "VNM", "2028-07-01", "2018-07-02")),
    vn("M8VRTD", "2026-12-10", 2, "T2", "ADT", "Thị Bích", "Trần",
       E(DUP, why="no ffn; identity card resolves V2 (default programme VN), names and DOB match, "
                  "but V2 is already attached to index 1 (step 6)"),
       title="MS", gender="F", dateOfBirth="1985-03-14",
       **doc("I", "001185012345", "VNM", "VNM", "2045-03-14", "2025-03-20")),
    vn("H3TPZX", "2026-12-08", 1, "OB-1", "ADT", "Sean", "OBRIEN",
       E(A, by="ffn", member="V9", why="OBRIEN matches O'Brien (apostrophe dropped); first in index order"),
       title="MR", gender="M", dateOfBirth="1983-08-12", email="sean.obrien@example.com", phone="+353 87 000 1234",
       airline="VN", membershipId=ffn("V9"), level="GOLD", skyTeamLevel="ELITE",
       **doc("P", "PA1234567", "IRL", "IRL", "2031-03-01", "2021-03-02")),
    vn("QF4HNB", "2026-12-02", 1, "H1", "ADT", "Thi Huong", "Do",
       E(A, by="document", member="V6", why="document B7654321 is on V5 (F) and V6 (A): the fraud member is "
                                             "ignored, so one member remains, not ambiguous"),
       title="MS", gender="F", dateOfBirth="1992-09-09", email="huong.do@example.com",
       **doc("P", "B7654321", "VNM", "VNM", "2032-01-01", "2022-01-02")),
    vn("W5XJ7C", "2026-12-04", 1, "K1", "ADT", "Văn Khánh", "Hồ",
       E(NF, why="the ffn belongs to a fraud (F) member: treated as no member; no document to fall back on"),
       title="MR", gender="M", dateOfBirth="1988-05-05", airline="VN", membershipId=ffn("V5"), level="GOLD"),
    vn("N6PLRE", "2026-12-11", 1, "L1", "ADT", "Minh Tuấn", "Lê",
       E(INACT, member="V3", why="member status S (suspended); no document fallback"),
       title="MR", gender="M", dateOfBirth="1979-07-21", airline="VN", membershipId=ffn("V3"),
       **doc("P", "C3456789", "VNM", "VNM", "2029-01-01")),
    vn("N6PLRE", "2026-12-11", 2, "L2", "ADT", "Hoàng Long", "Phạm",
       E(INACT, member="V4", why="member status C (closed)"),
       title="MR", gender="M", dateOfBirth="1990-11-30", airline="VN", membershipId=ffn("V4")),
    vn("B9GTYS", "2026-12-03", 1, "VU1", "ADT", "Đức Thắng", "Vũ",
       E(AMB, why="no ffn; passport C9876543 is on two active VN members (V7, V8)"),
       title="MR", gender="M", dateOfBirth="1975-02-17",
       **doc("P", "C9876543", "VNM", "VNM", "2030-10-10", "2020-10-11")),
    vn("C4KZVA", "2026-12-17", 1, "VU2", "ADT", "Duc Thang", "Vu",
       E(A, by="ffn", member="V7", why="the ffn decides first, so the shared passport is never looked up; "
                                        "document expires ON the departure date, which is allowed"),
       title="MR", gender="M", dateOfBirth="1975-02-17", airline="VN", membershipId=ffn("V7"),
       **doc("P", "C9876543", "VNM", "VNM", "2026-12-17", "2016-12-18")),
    vn("D8FQWU", "2026-12-06", 1, "B1", "ADT", "Quang Huy", "Bùi",
       E(MM, ("DATE_OF_BIRTH_MISMATCH", "dateOfBirth"), member="V12",
         why="partner DOB 1970-01-12, directory 1970-12-01 (day and month swapped)"),
       title="MR", gender="M", dateOfBirth="1970-01-12", airline="VN", membershipId=ffn("V12")),
    vn("E2MRNX", "2026-12-09", 1, "D1", "ADT", "Thu Trang", "Đinh",
       E(MM, ("NAME_MISMATCH", "surname"), member="V13", why="surname DINH, directory DANG"),
       title="MS", gender="F", dateOfBirth="1987-10-10", airline="VN", membershipId=ffn("V13")),
    vn("F7HJSK", "2026-12-12", 1, "SJ1", "ADT", "Emma", "SMITH JONES",
       E(A, by="ffn", member="V10", why="SMITH JONES matches Smith-Jones; level holds a card-like number "
                                         "that must appear in no output (results carry the directory's GOLD)"),
       title="MS", gender="F", dateOfBirth="1991-04-04", email="emma.sj@example.com", phone="+44 7700 900123",
       airline="VN", membershipId=ffn("V10"), level=CARD_VN, skyTeamLevel="ELITE",
       **doc("P", "123456789", "GBR", "GBR", "2033-04-04", "2023-04-05")),
    vn("G5TWLB", "2026-12-15", 1, "LY1", "ADT", "Thanh Hà", "Lý",
       E(A, by="document", member="V14", why="ffn valid but unknown, so the document is tried: found"),
       title="MS", gender="F", dateOfBirth="1995-01-25", airline="VN", membershipId=vn_unknown(1),
       **doc("P", "C5556667", "VNM", "VNM", "2034-02-02", "2024-02-03")),
    vn("L3VCQD", "2026-12-16", 1, "DG1", "ADT", "Văn Hải", "Đặng",
       E(A, by="ffn", member="V16", why="Đặng folds to DANG (Đ has no Unicode decomposition; ICAO 9303 "
                                         "transliterates it D)"),
       title="MR", gender="M", dateOfBirth="1977-03-08", airline="VN", membershipId=ffn("V16")),
    vn("P8XNYF", "2026-02-29", 1, "X1", "ADT", "Minh Châu", "Trịnh",
       E(DI, ("DATE_INVALID", "departureDate"), why="2026 is not a leap year; the age, expiry and issue-date "
                                                    "comparisons with departure are skipped"),
       title="MS", gender="F", dateOfBirth="1990-02-28", airline="VN", membershipId=vn_unknown(2),
       **doc("P", "C1010101", "VNM", "VNM", "2030-01-01", "2020-01-02")),
    vn("S2KMWG", "2026-12-07", 1, "X2", "ADT", "Hoàng Nam", "Nguyễn",
       E(DI, ("MEMBERSHIP_ID_INVALID", "membershipId"), why="V15's id with its Luhn check digit changed"),
       title="MR", gender="M", dateOfBirth="1982-04-18", airline="VN",
       membershipId=break_check(ffn("V15"), luhn_valid)),
    vn("S2KMWG", "2026-12-07", 2, "X3", "ADT", "Aoife", "Kelly",
       E(DI, ("PROGRAMME_UNKNOWN", "airline"), why="KL is in the directory but not in this pipeline's "
                                                   "programmes; the id pattern is then not checked"),
       title="MS", gender="F", dateOfBirth="1990-12-20", airline="KL", membershipId=ffn("K10")),
    vn("T9RBHE", "2026-12-13", 1, "X4", "ADT", "Thị Hoa", "Phạm",
       E(DI, ("FIELD_FORMAT", "gender"), ("EMAIL_INVALID", "email"), ("PHONE_INVALID", "phone"),
         why="gender X; email domain without a dot; phone with parentheses"),
       title="MS", gender="X", dateOfBirth="1993-06-06", email="hoa.pham@example", phone="(028) 3823 4567",
       airline="VN", membershipId=vn_unknown(3)),
    vn("U4CWJP", "2026-12-18", 1, "U1", "ADT", "Hoàng Nam", "Nguyễn",
       E(A, by="ffn", member="V15"),
       title="MR", gender="M", dateOfBirth="1982-04-18", email="nam.nguyen@example.com", phone="+84-903-000-303",
       airline="VN", membershipId=ffn("V15"), level="GOLD", skyTeamLevel="ELITE",
       **doc("P", "C6667778", "VNM", "VNM", "2031-04-18", "2021-04-19")),
    vn("U4CWJP", "2026-12-18", 2, "U2", "CHD", "Minh Khôi", "Nguyễn",
       E(NF, why="CHD aged 8, no ffn, passport not in the directory"),
       title="MSTR", gender="M", dateOfBirth="2018-09-01",
       **doc("P", "C8889990", "VNM", "VNM", "2028-09-01", "2023-09-02")),
    vn("U4CWJP", "2026-12-18", 3, "U3", "INF", "Khánh Linh", "Nguyễn",
       E(DI, ("PARENT_INVALID", "parentId"), why="parentId U2 is a CHD, not an ADT"),
       gender="F", dateOfBirth="2026-01-20", parentId="U2",
       **doc("P", "C8889991", "VNM", "VNM", "2031-01-20", "2026-02-01")),
    vn("V7YHDS", "2026-12-19", 1, "I1", "INF", "Gia Bảo", "Trương",
       E(DI, ("PARENT_INVALID", "parentId"), why="INF without parentId (the parentId row lists only "
                                                 "PARENT_INVALID, so an empty one is PARENT_INVALID)"),
       gender="M", dateOfBirth="2025-10-10",
       **doc("P", "C9990001", "VNM", "VNM", "2030-10-10", "2025-11-01")),
    vn("X3NBQT", "2026-12-14", 1, "Y1", "ADT", "Minh Anh", "Võ",
       E(DI, ("AGE_INCONSISTENT", "dateOfBirth"), why="ADT aged 10 at departure"),
       gender="F", dateOfBirth="2016-03-03", airline="VN", membershipId=vn_unknown(4)),
    vn("Y6JDMR", "2026-12-01", 1, "=1+2", "ADT", "Quang", "Lâm",
       E(DI, ("FIELD_FORMAT", "passengerId"), why="formula-like passengerId: errors.csv must write it as '=1+2"),
       gender="M", dateOfBirth="1984-01-01", airline="VN", membershipId=vn_unknown(5)),
    vn("Z8KFTN", "2026-12-20", 1, "Z1", "ADT", "Quốc Bảo", "Huỳnh",
       E(DI, ("FIELD_REQUIRED", "membership"), why="neither membershipId nor document (ffn-then-document)"),
       title="MR", gender="M", dateOfBirth="1989-09-19", email="bao.huynh@example.com"),
    vn("A5HRWQ", "2026-12-20", 1, "Z2", "ADT", "Thanh Hà", "Lý",
       E(DI, ("FIELD_REQUIRED", "airline"), why="membershipId without airline; its pattern is not checked"),
       title="MS", gender="F", dateOfBirth="1995-01-25", membershipId=ffn("V14")),
    vn("B6JSXE", "2026-12-02", 1, "M1", "ADT", "Thanh Tùng", "Đoàn",
       E(RM, why="23 fields where the header has 24 (skyTeamLevel left out)"),
       gender="M", dateOfBirth="1986-08-08", airline="VN", membershipId=vn_unknown(6), drop="skyTeamLevel"),
    vn("H3TPZX", "2026-12-08", 3, "OB-3", "CHD", "Liam", "O'Brien",
       E(NF, why="third passenger of the non-contiguous booking H3TPZX; CHD aged 7; passport unknown"),
       title="MSTR", gender="M", dateOfBirth="2019-05-20",
       **doc("P", "PA7654321", "IRL", "IRL", "2029-05-20", "2024-05-21")),
    vn("C7KTYF", "2026-12-05", 1, "M2", "ADT", "Hélène", "Roux",
       E(RM, why="bad encoding: é and è written as Latin-1 bytes 0xE9 0xE8 in a UTF-8 file"),
       title="MME", gender="F", dateOfBirth="1969-05-30", airline="VN", membershipId=ffn("V17"),
       raw=lambda text: text.encode("utf-8").replace("é".encode(), b"\xe9").replace("è".encode(), b"\xe8")),
    vn("R5TQJD", "2026-12-04", 1, "X5", "ADT", "Thu Hằng", "Mai",
       E(DI, ("DOCUMENT_EXPIRED", "documentExpiryDate"), why="passport expires 2026-11-30, before departure"),
       gender="F", dateOfBirth="1979-12-12", airline="VN", membershipId=vn_unknown(7),
       **doc("P", "C2020202", "VNM", "VNM", "2026-11-30", "2016-12-01")),
    vn("D9LUZG", "2026-12-09", 1, "MD1", "ADT", "Marie", "Dupont",
       E(A, by="ffn", member="A16", why="an AF (mod7) member in a VN agency file: AF is a known programme"),
       title="MME", gender="female", dateOfBirth="1960-01-15", email="marie.dupont@example.net",
       airline="AF", membershipId=ffn("A16"), **doc("P", "14LM56789", "FRA", "FRA", "2029-01-15")),
]


# --- eu-gds: renamed columns, ';', windows-1252, LF; strategy ffn, default programme AF, ---------
# --- programmes AF, KL, VN; unknown columns OFFICE_ID, FOP, REMARKS -------------------------------
def eu(code, date, idx, pid, ptype, given, surname, exp, system="1A", **kw):
    return R(exp, system=system, bookingCode=code, departureDate=date, index=str(idx), passengerId=pid,
             passengerType=ptype, givenName=given, surname=surname, **kw)


MULTILINE = 'Vegetarian meal; aisle seat\nPax said "call before 9am"'

EU_RECORDS = [
    eu("QZ5T8P", "2026-12-12", 1, "JM", "ADT", "Jürgen", "Müller",
       E(A, by="ffn", member="A1", why="Müller/Jürgen match MUELLER/JUERGEN (ICAO ü = UE); ICAO code D"),
       title="DR", gender="male", dateOfBirth="1968-10-03", email="juergen.mueller@example.com",
       phone="+49 151 0000 0001", airline="AF", membershipId=ffn("A1"), level="PLATINUM",
       skyTeamLevel="ELITE_PLUS", **doc("P", "C01X00T47", "D", "D", "2031-06-30", "2021-07-01"),
       extra={"OFFICE_ID": "MUCL12345", "REMARKS": "Family trip"}),
    eu("QZ5T8P", "2026-12-12", 2, "SM", "ADT", "Sabine", "MUELLER",
       E(A, by="ffn", member="A2", why="MUELLER matches the directory's Müller"),
       title="MRS", gender="female", dateOfBirth="1971-02-28", airline="AF", membershipId=ffn("A2"),
       **doc("P", "C01X00T58", "D", "D", "2030-02-28", "2020-03-01"), extra={"OFFICE_ID": "MUCL12345"}),
    eu("QZ5T8P", "2026-12-12", 3, "LM", "CHD", "Lukas", "Müller",
       E(A, by="ffn", member="A3", why="CHD aged 9"),
       title="MSTR", gender="M", dateOfBirth="2017-05-09", airline="AF", membershipId=ffn("A3"),
       extra={"OFFICE_ID": "MUCL12345"}),
    eu("QZ5T8P", "2026-12-12", 4, "MM", "INF", "Mia", "Müller",
       E(DI, ("FIELD_REQUIRED", "membershipId"), why="strategy ffn and no membershipId; parent JM is a valid ADT"),
       gender="F", dateOfBirth="2025-11-30", parentId="JM",
       **doc("P", "C01X00T81", "D", "D", "2031-11-30", "2025-12-10"), extra={"OFFICE_ID": "MUCL12345"}),
    eu("GZ8RPD", "2026-12-03", 1, "JG", "ADT", "José", "García López",
       E(A, by="ffn", member="A4", why="José/García López match JOSE/GARCIA LOPEZ; REMARKS is quoted with "
                                        "';', '\"\"' and a line break, so the next record starts 2 lines later"),
       title="MR", gender="true", dateOfBirth="1977-06-30", email="jose.garcia@example.es", airline="AF",
       membershipId=ffn("A4"), **doc("P", "PAA123456", "ESP", "ESP", "2030-06-30", "2020-07-01"),
       extra={"OFFICE_ID": "MADL22222", "REMARKS": MULTILINE}),
    eu("VH2MXA", "2026-12-05", 1, "ED", "ADT", "ELODIE", "DUBOIS",
       E(A, by="ffn", member="A5", why="ELODIE matches Élodie; FOP holds a card-like number, never written"),
       title="MME", gender="F", dateOfBirth="1989-12-24", email="elodie.dubois@example.fr",
       phone="+33 6-12-34-56-78", airline="AF", membershipId=ffn("A5"), level="GOLD",
       **doc("I", "X4RTBPFW4", "FRA", "FRA", "2033-05-05", "2018-05-06"),
       extra={"OFFICE_ID": "PARL33333", "FOP": CARD_EU}),
    eu("JT6WQN", "2026-12-07", 1, "FL", "ADT", "François", "Lefèvre",
       E(INACT, member="A6", why="status S; REMARKS has ’ (0x92 in windows-1252)"),
       title="M", gender="M", dateOfBirth="1965-03-03", airline="AF", membershipId=ffn("A6"),
       extra={"OFFICE_ID": "PARL33333", "REMARKS": "Pax’s wheelchair (WCHR)"}),
    eu("JT6WQN", "2026-12-07", 2, "CM", "ADT", "Camille", "Moreau",
       E(INACT, member="A7", why="status C"),
       title="MLLE", gender="F", dateOfBirth="1993-07-14", airline="AF", membershipId=ffn("A7")),
    eu("KP3ZLE", "2026-12-08", 1, "LB", "ADT", "Luc", "Bernard",
       E(NF, why="fraud member (F): treated as no member, never disclosed"),
       title="M", gender="M", dateOfBirth="1980-08-08", airline="AF", membershipId=ffn("A8")),
    eu("KP3ZLE", "2026-12-08", 2, "HB", "ADT", "Hugo", "Bernard",
       E(NF, why="valid AF id whose members.csv row (bad status X) was skipped at import"),
       title="M", gender="M", dateOfBirth="1982-02-02", airline="AF", membershipId=AF_SKIPPED_MEMBER),
    eu("DX4YNC", "2026-12-09", 1, "X1", "ADT", "Chloé", "Fontaine",
       E(DI, ("MEMBERSHIP_ID_INVALID", "membershipId"), why="mod7 check digit wrong"),
       gender="F", dateOfBirth="1991-01-01", airline="AF", membershipId=break_check(af_unknown(90), mod7_valid)),
    eu("DX4YNC", "2026-12-09", 2, "X2", "ADT", "Paul", "Fontaine",
       E(DI, ("PROGRAMME_UNKNOWN", "airline"), why="DL is not a programme of this pipeline"),
       gender="M", dateOfBirth="1990-01-01", airline="DL", membershipId="9012345678"),
    eu("WB7KQS", "2026-12-10", 1, "PK", "ADT", "Piotr", "Kowalski",
       E(A, by="ffn", member="K9", why="KL programme, no check digit"),
       title="MR", gender="M", dateOfBirth="1988-11-19", phone="+48 600-000-111", airline="KL",
       membershipId=ffn("K9"), **doc("P", "EA1234567", "POL", "POL", "2032-11-19", "2022-11-20")),
    eu("RS5LVM", "2026-12-11", 1, "GR1", "ADT", "Giulia", "Rossi",
       E(DI, ("EMAIL_INVALID", "email"), why="two @"),
       title="MS", gender="F", dateOfBirth="1994-08-21", email="giulia.rossi@@example.com", airline="AF",
       membershipId=ffn("A15")),
    eu("RS5LVM", "2026-12-11", 2, "GR2", "ADT", "Giulia", "Rossi",
       E(A, by="ffn", member="A15", why="same ffn as index 1, but index 1 failed step 2, so no duplicate"),
       title="MS", gender="F", dateOfBirth="1994-08-21", email="giulia.rossi@example.com", airline="AF",
       membershipId=ffn("A15")),
    eu("MN8TGH", "2026-12-14", 1, "NA", "ADT", "Nour", "Abadi",
       E(A, by="ffn", member="A12", why="nationality XXA (stateless, ICAO 9303) is valid"),
       title="MS", gender="F", dateOfBirth="1986-02-02", airline="AF", membershipId=ffn("A12"),
       **doc("P", "TD0123456", "XXA", "FRA", "2029-02-02", "2024-02-03")),
    eu("MN8TGH", "2026-12-14", 2, "CO", "ADT", "Chidi", "Okafor",
       E(A, by="ffn", member="A13", why="issuer UNO (United Nations laissez-passer) is valid"),
       title="MR", gender="M", dateOfBirth="1972-05-19", airline="AF", membershipId=ffn("A13"),
       **doc("P", "UN0045678", "NGA", "UNO", "2028-05-19", "2023-05-20")),
    eu("MN8TGH", "2026-12-14", 2, "PP", "ADT", "Priya", "Patel",
       E(DI, ("FIELD_FORMAT", "index"), why="index 2 repeated in MN8TGH: the later record fails; GBD is valid"),
       title="MS", gender="F", dateOfBirth="1990-03-03", airline="AF", membershipId=ffn("A14"),
       **doc("P", "GD1234567", "GBD", "GBD", "2030-03-03", "2020-03-04")),
    eu("PL2WSX", "2026-12-14", 1, "TN", "ADT", "Tomáš", "Novák",
       E(A, by="ffn", member="A17", why="š is 0x9A in windows-1252 (not in Latin-1)"),
       title="MR", gender="M", dateOfBirth="1981-06-06", airline="AF", membershipId=ffn("A17")),
    eu("PL2WSX", "2026-12-14", 2, "EN", "CHD", "Eliška", "Nováková",
       E(DI, ("AGE_INCONSISTENT", "dateOfBirth"), why="turns 12 on the departure date: 12 is not CHD"),
       gender="F", dateOfBirth="2014-12-14", airline="AF", membershipId=af_unknown(91)),
    eu("HB9CRT", "2026-12-15", 1, "X3", "ADT", "Lena", "Weber",
       E(DI, ("DATE_INVALID", "dateOfBirth"), ("DATE_INVALID", "documentIssueDate"),
         why="born after departure; issued after expiry and after departure (age and issue-vs-birth "
             "checks skipped: dateOfBirth failed)"),
       gender="F", dateOfBirth="2027-01-05", airline="AF", membershipId=af_unknown(92),
       **doc("P", "C01X00T92", "DEU", "DEU", "2031-12-31", "2032-01-01")),
    eu("HB9CRT", "2026-12-15", 2, "X4", "ADT", "Jonas", "Weber",
       E(DI, ("DOCUMENT_EXPIRED", "documentExpiryDate"), why="expired 2026-11-30"),
       gender="M", dateOfBirth="1988-04-04", airline="AF", membershipId=af_unknown(93),
       **doc("P", "C01X00T93", "DEU", "DEU", "2026-11-30", "2016-12-01")),
    eu("TC6DPF", "2026-12-16", 1, "X5", "ADT", "Karl", "Schulz",
       E(DI, ("COUNTRY_INVALID", "documentNationality"), ("COUNTRY_INVALID", "documentIssueCountry"),
         why="GER is neither ISO 3166-1 alpha-3 nor an ICAO code (Germany is DEU or D)"),
       gender="M", dateOfBirth="1970-07-07", airline="AF", membershipId=af_unknown(94),
       **doc("P", "C01X00T94", "GER", "GER", "2030-07-07")),
    eu("TC6DPF", "2026-12-16", 2, "X6", "ADT", "Greta", "Schulz",
       E(DI, ("DOCUMENT_TYPE_INVALID", "documentType"), ("DOCUMENT_NUMBER_INVALID", "documentNumber"),
         why="type V (a visa) and a hyphen in the number"),
       gender="F", dateOfBirth="1972-08-08", airline="AF", membershipId=af_unknown(95),
       **doc("V", "C01X-00T4", "DEU", "DEU", "2030-08-08")),
    eu("YG3HMV", "2026-12-17", 1, "X7", "ADT", "J4ne", "Wolfeschlegelsteinhausenbergerdorffvoralternwaren",
       E(DI, ("NAME_INVALID", "givenName"), ("NAME_INVALID", "surname"), why="a digit; 49 letters (max 40)"),
       gender="F", dateOfBirth="1966-06-16", airline="AF", membershipId=af_unknown(96)),
    eu("YG3HMV", "2026-12-17", 2, "X8", "ADT", "", "",
       E(DI, ("FIELD_REQUIRED", "givenName"), ("FIELD_REQUIRED", "surname")),
       gender="M", dateOfBirth="1967-07-17", airline="AF", membershipId=af_unknown(97)),
    eu("ZK7NBW", "2026-12-18", 1, "X9", "ADT", "Felix", "Braun",
       E(DI, ("FIELD_REQUIRED", "system"), why="empty system"), system="",
       gender="M", dateOfBirth="1975-05-05", airline="AF", membershipId=af_unknown(98)),
    eu("AB12", "2026-12-18", 1, "Y0", "ADT", "Lea", "Braun",
       E(DI, ("FIELD_FORMAT", "system"), ("FIELD_FORMAT", "bookingCode"), ("FIELD_FORMAT", "title"),
         ("FIELD_FORMAT", "level"), why="4-character system; 4-character booking code; '&' and spaces in title; "
                                        "level of 23 characters"),
       title="Mr & Mrs", gender="F", dateOfBirth="1977-07-07", airline="AF", membershipId=af_unknown(99),
       level="PLATINUM FOR LIFE ELITE", system="1AXX"),
    eu("ZK7NBW", "2026-12-18", 2, "Y1", "YTH", "Ben", "Braun",
       E(DI, ("PASSENGER_TYPE_INVALID", "passengerType"), why="YTH is not a type; no age check without a type"),
       gender="M", dateOfBirth="2009-04-04", airline="AF", membershipId=af_unknown(89)),
    eu("ZK7NBW", "2026-12-18", 3, "Y2", "ADT", "Otto", "Braun",
       E(DI, ("DATE_INVALID", "dateOfBirth"), why="born before 1900-01-01"),
       gender="M", dateOfBirth="1899-12-31", airline="AF", membershipId=af_unknown(88)),
    eu("FR2QXM", "2026-12-18", 1, "Y3", "ADT", "Inès", "Girard",
       E(DI, ("FIELD_REQUIRED", "documentNationality"), ("FIELD_REQUIRED", "documentIssueCountry"),
         ("FIELD_REQUIRED", "documentExpiryDate"), why="a document is given, so its other fields are required"),
       gender="F", dateOfBirth="1983-03-13", airline="AF", membershipId=af_unknown(87),
       documentType="P", documentNumber="20AB99887"),
    eu("FR2QXM", "2026-12-18", 2, "Y4", "ADT", "Hugo", "Girard",
       E(RM, why='REMARKS is "Window"seat: text after a closing quote'),
       gender="M", dateOfBirth="1982-02-12", airline="AF", membershipId=af_unknown(86),
       raw_cells={"REMARKS": '"Window"seat'}),
    eu("FR2QXM", "2026-12-18", 3, "Y5", "ADT", "Zoé", "Girard",
       E(RM, why='OFFICE_ID is PAR"1A: a quote inside an unquoted field'),
       gender="F", dateOfBirth="1985-05-15", airline="AF", membershipId=af_unknown(85),
       raw_cells={"OFFICE_ID": 'PAR"1A'}),
    eu("GS3RYN", "2026-12-19", 1, "Y6", "ADT", "Noah", "Lambert",
       E(RM, why="REMARKS 'late check-in;ok' is not quoted: 28 fields where the header has 27"),
       gender="M", dateOfBirth="1999-09-09", airline="AF", membershipId=af_unknown(84),
       raw_cells={"REMARKS": "late check-in;ok"}),
    eu("XS4LPN", "2026-12-19", 1, "AS", "ADT", "Hanna", "Schneider",
       E(MM, ("NAME_MISMATCH", "givenName"), member="A18", why="initial H, directory Anna"),
       title="FRAU", gender="F", dateOfBirth="1976-09-30", airline="AF", membershipId=ffn("A18")),
    eu("XS4LPN", "2026-12-19", 2, "KS", "ADT", "Klaus", "Schneider",
       E(DI, ("PHONE_INVALID", "phone"), why="5 digits; the quoted multi-line REMARKS goes to rejects as is"),
       title="HERR", gender="M", dateOfBirth="1974-04-14", phone="12345", airline="AF",
       membershipId=af_unknown(83), extra={"REMARKS": 'Needs "meet & assist";\nat CDG T2E'}),
    eu("VJ8WNA", "2026-12-20", 1, "HR", "ADT", "Hélène", "Roux",
       E(A, by="ffn", member="V17", why="a VN member in the EU file (VN is one of this pipeline's programmes)"),
       title="MME", gender="false", dateOfBirth="1969-05-30", email="helene.roux@example.fr", airline="VN",
       membershipId=ffn("V17"), **doc("P", "15CD67890", "FRA", "FRA", "2030-05-30", "2020-05-31")),
]


# --- sky-partner: lower-case canonical header, tab, latin1, CRLF, fewer optional columns; ----------
# --- strategy document, default programme KL, programmes KL and AF; matchName false --------------
SKY_COLUMNS = ["system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
               "gender", "givenName", "surname", "dateOfBirth", "airline", "documentType", "documentNumber",
               "documentNationality", "documentIssueCountry", "documentExpiryDate"]


def sky(code, date, idx, pid, ptype, given, surname, exp, **kw):
    return R(exp, system="1G", bookingCode=code, departureDate=date, index=str(idx), passengerId=pid,
             passengerType=ptype, givenName=given, surname=surname, **kw)


def sdoc(number, country, expiry, t="P"):
    return dict(documentType=t, documentNumber=number, documentNationality=country,
                documentIssueCountry=country, documentExpiryDate=expiry)


SKY_RECORDS = [
    sky("7XKQ2B", "2026-12-02", 1, "IO", "ADT", "Ingrid", "Øster",
        E(A, by="document", member="K1", why="default programme KL; Øster matches OESTER (ICAO Ø = OE)"),
        gender="F", dateOfBirth="1978-04-22", **sdoc("27654321", "NOR", "2031-01-01")),
    sky("8MZL4D", "2026-12-03", 1, "AL1", "ADT", "Åsa", "Lindqvist",
        E(A, by="document", member="A9", why="airline AF: the passport is looked up among AF members only"),
        gender="F", dateOfBirth="1984-09-17", airline="AF", **sdoc("AA1234567", "SWE", "2030-09-17")),
    sky("9PRV6F", "2026-12-10", 1, "AL2", "ADT", "Åsa", "Lindqvist",
        E(A, by="document", member="K2", why="same passport, no airline: default programme KL (AASA)"),
        gender="F", dateOfBirth="1984-09-17", **sdoc("AA1234567", "SWE", "2030-09-17")),
    sky("2HNW8T", "2026-12-04", 1, "LH", "ADT", "Lars", "Hansen",
        E(AMB, why="passport on two active AF members (A10, A11)"),
        gender="M", dateOfBirth="1979-11-11", airline="AF", **sdoc("206123456", "DNK", "2029-11-11")),
    sky("3JTX5K", "2026-12-05", 1, "PV", "ADT", "Pieter", "de Vries",
        E(INACT, member="K3", why="found by document, status C"),
        gender="M", dateOfBirth="1966-12-12", **sdoc("NY8CF2JK1", "NLD", "2030-12-12")),
    sky("4BQY7M", "2026-12-06", 1, "KJ", "ADT", "Kees", "Jansen",
        E(NF, why="the only member with this passport is F"),
        gender="M", dateOfBirth="1985-05-25", airline="KL", **sdoc("NX4DG7LM2", "NLD", "2031-05-25")),
    sky("5CSZ9N", "2026-12-07", 1, "MI", "ADT", "María", "Ibáñez",
        E(NF, why="passport not in the directory"),
        gender="FEMALE", dateOfBirth="1992-02-22", **sdoc("PAB654321", "ESP", "2032-02-22")),
    sky("6DUA3P", "2026-12-08", 1, "NB", "ADT", "Niels", "Bæk",
        E(DI, ("FIELD_REQUIRED", "document"), why="strategy document and no document fields"),
        gender="m", dateOfBirth="1980-10-10"),
    sky("7EVB4Q", "2026-12-09", 1, "RB", "ADT", "Bob", "van den Berg",
        E(A, by="document", member="K8", why="initial B vs ROBERT would be NAME_MISMATCH, but this pipeline "
                                             "has matchName: false; no dateOfBirth given"),
        gender="M", **sdoc("NZ5EH8NP3", "NLD", "2032-03-03")),
    sky("8FWC5R", "2026-12-11", 1, "MS", "ADT", "Mette", "Sørensen",
        E(DI, ("DOCUMENT_EXPIRED", "documentExpiryDate"), why="expires 2026-12-01, before 2026-12-11"),
        gender="F", dateOfBirth="1985-07-07", **sdoc("207654321", "DNK", "2026-12-01")),
    sky("8FWC5R", "2026-12-11", 2, "ES", "CHD", "Emil", "Sørensen",
        E(A, by="document", member="K7", why="CHD aged 8; Sørensen matches SORENSEN (bare letter)"),
        gender="M", dateOfBirth="2018-02-14", **sdoc("207654322", "DNK", "2028-02-14")),
    sky("8FWC5R", "2026-12-11", 3, "FS", "INF", "Freja", "Sørensen",
        E(NF, why="parent MS is an ADT of the booking: valid whatever MS's own outcome; passport unknown"),
        gender="F", dateOfBirth="2026-03-03", parentId="MS", **sdoc("207654323", "DNK", "2028-03-03")),
    sky("9GXD6S", "2026-12-12", 1, "JS", "ADT", "Johann", "Strauß",
        E(A, by="document", member="K5", why="lower-case p1234567 matches P1234567; Strauß matches STRAUSS"),
        gender="M", dateOfBirth="1969-01-31", **sdoc("p1234567", "AUT", "2029-06-30")),
    sky("AHYE7T", "2026-12-13", 1, "TN", "ADT", "Thanh", "Nguyen",
        E(DI, ("PROGRAMME_UNKNOWN", "airline"), why="VN is not a programme of this pipeline (airline is "
                                                    "checked even without a membershipId)"),
        gender="M", dateOfBirth="1991-09-09", airline="VN", **sdoc("C3030303", "VNM", "2030-01-01")),
    sky("BJZF8U", "2026-12-14", 1, "X1", "ADT", "Sofie", "Dahl",
        E(RM, why="a tab inside the given name: 18 fields where the header has 17"),
        gender="F", dateOfBirth="1990-01-01", **sdoc("208000001", "DNK", "2031-01-01"),
        raw_cells={"givenName": "Sofie\tMarie"}),
    sky("BJZF8U", "2026-12-14", 2, "X2", "ADT", "Ole", "Dahl",
        E(DI, ("DATE_INVALID", "documentExpiryDate"), why="month 13; so no expiry-vs-departure check"),
        gender="M", dateOfBirth="1989-01-01", **sdoc("208000002", "DNK", "2031-13-01")),
    sky("BJZF8U", "2026-12-14", 0, "X3", "CHD", "Ida", "Dahl",
        E(DI, ("FIELD_FORMAT", "index"), why="index 0 is outside 1-99"),
        gender="F", dateOfBirth="2019-01-01", **sdoc("208000003", "DNK", "2029-01-01")),
    sky("CKAG9V", "2026-12-15", 1, "X4", "ADT", "Kari", "Nordmann",
        E(NF, why="passport not in the directory"),
        gender="F", dateOfBirth="1987-07-17", **sdoc("28765432", "NOR", "2033-07-17")),
    sky("CKAG9V", "2026-12-15", 2, "X5", "INF", "Nora", "Nordmann",
        E(DI, ("AGE_INCONSISTENT", "dateOfBirth"), why="INF aged 3"),
        gender="F", dateOfBirth="2023-06-01", parentId="X4", **sdoc("28765433", "NOR", "2028-06-01")),
    sky("DLBH2W", "2026-12-16", 1, "PAX-00000000000000001", "ADT", "Jens", "Holm",
        E(DI, ("FIELD_FORMAT", "passengerId"), why="passengerId of 21 characters (max 20)"),
        gender="M", dateOfBirth="1970-10-10", **sdoc("208000004", "DNK", "2031-10-10")),
    sky("EMCJ3X", "2026-12-17", 1, "IO2", "ADT", "Ingrid", "Øster",
        E(NF, why="airline AF: Ingrid's passport is only on a KL member"),
        gender="F", dateOfBirth="1978-04-22", airline="AF", **sdoc("27654321", "NOR", "2031-01-01")),
    sky("FNDK4Y", "2026-12-18", 1, "AK", "ADT", "Aoife", "Kelly",
        E(A, by="document", member="K10"),
        gender="F", dateOfBirth="1990-12-20", airline="KL", **sdoc("PB7654321", "IRL", "2030-12-20")),
    sky("FNDK4Y", "2026-12-18", 2, "EK", "ADT", "Éamon", "Kelly",
        E(DI, ("DOCUMENT_TYPE_INVALID", "documentType"), ("COUNTRY_INVALID", "documentNationality"),
          ("COUNTRY_INVALID", "documentIssueCountry"), why="type X (only P or I); IE is alpha-2, not alpha-3"),
        gender="M", dateOfBirth="1989-03-17", **sdoc("PB7654322", "IE", "2030-03-17", t="X")),
]

SKY_GZ_RECORDS = [
    sky("GPEL5Z", "2026-12-19", 1, "PK2", "ADT", "Piotr", "Kowalski",
        E(A, by="document", member="K9", why="default programme KL"),
        gender="M", dateOfBirth="1988-11-19", **sdoc("EA1234567", "POL", "2032-11-19")),
    sky("GPEL5Z", "2026-12-19", 2, "ZK", "ADT", "Zofia", "Kowalska",
        E(DI, ("FIELD_REQUIRED", "document"), why="no document fields"),
        gender="F", dateOfBirth="1990-12-12"),
    sky("HQFM6A", "2026-12-20", 1, "JM2", "ADT", "Jürgen", "Müller",
        E(A, by="document", member="A1", why="second gzip member starts here; airline AF; issuer D"),
        gender="M", dateOfBirth="1968-10-03", airline="AF",
        documentType="P", documentNumber="C01X00T47", documentNationality="D", documentIssueCountry="D",
        documentExpiryDate="2031-06-30"),
    sky("HQFM6A", "2026-12-20", 2, "LM2", "CHD", "Lukas", "Müller",
        E(DI, ("FIELD_REQUIRED", "document"), why="airline given but no document"),
        gender="M", dateOfBirth="2017-05-09", airline="AF"),
    sky("HQFM6A", "2026-12-20", 3, "SM2", "ADT", "Sabine", "Müller",
        E(A, by="document", member="A2"),
        gender="F", dateOfBirth="1971-02-28", airline="AF",
        documentType="P", documentNumber="C01X00T58", documentNationality="D", documentIssueCountry="D",
        documentExpiryDate="2030-02-28"),
]


# ---------------------------------------------------------------------------------------------
# Writers
# ---------------------------------------------------------------------------------------------

class Layout:
    def __init__(self, header, mapping, delimiter, encoding, newline, bom=False, quote_always=(),
                 final_newline=True):
        self.header = header          # partner column names, in file order
        self.mapping = mapping        # partner column -> canonical name (or None for unknown columns)
        self.delimiter = delimiter
        self.encoding = encoding
        self.newline = newline
        self.bom = bom
        self.quote_always = set(quote_always)
        self.final_newline = final_newline

    def cell(self, column, value):
        needs = any(ch in value for ch in (self.delimiter, '"', "\r", "\n")) or (column in self.quote_always and value)
        if needs:
            return '"' + value.replace('"', '""') + '"'
        return value

    def row_text(self, record):
        cells = []
        for column in self.header:
            canonical = self.mapping[column]
            if column in record["raw_cells"]:
                cells.append(record["raw_cells"][column])
                continue
            if canonical is not None and canonical in record["raw_cells"]:
                cells.append(record["raw_cells"][canonical])
                continue
            if canonical is not None and canonical == record["drop"]:
                continue
            value = record["fields"].get(canonical, "") if canonical else record["extra"].get(column, "")
            cells.append(self.cell(column, value))
        return self.delimiter.join(cells)

    def render(self, records):
        """Returns (bytes, [line of each record])."""
        out = bytearray()
        if self.bom:
            out += b"\xef\xbb\xbf"
        out += self.delimiter.join(self.header).encode(self.encoding) + self.newline
        lines = []
        for n, record in enumerate(records):
            lines.append(out.count(b"\n") + 1)
            text = self.row_text(record)
            if record["raw"]:
                data = record["raw"](text)
            else:
                data = text.encode(self.encoding)
            out += data
            if n < len(records) - 1 or self.final_newline:
                out += self.newline
        return bytes(out), lines


VN_LAYOUT = Layout(CANONICAL, {c: c for c in CANONICAL}, ",", "utf-8", b"\r\n", bom=True)

EU_HEADER = ["GDS", "PNR", "DEP_DATE", "PAX_NO", "PAX_ID", "PARENT_PAX", "PAX_TYPE", "TITLE", "SEX",
             "LAST_NAME", "FIRST_NAME", "BIRTH_DATE", "EMAIL", "MOBILE", "FF_AIRLINE", "FF_NUMBER", "FF_TIER",
             "ALLIANCE_TIER", "DOC_TYPE", "DOC_NUMBER", "DOC_NATIONALITY", "DOC_ISSUER", "DOC_EXPIRY",
             "DOC_ISSUED", "OFFICE_ID", "FOP", "REMARKS"]
EU_RENAMES = {
    "GDS": "system", "PNR": "bookingCode", "DEP_DATE": "departureDate", "PAX_NO": "index", "PAX_ID": "passengerId",
    "PARENT_PAX": "parentId", "PAX_TYPE": "passengerType", "SEX": "gender", "LAST_NAME": "surname",
    "FIRST_NAME": "givenName", "BIRTH_DATE": "dateOfBirth", "MOBILE": "phone", "FF_AIRLINE": "airline",
    "FF_NUMBER": "membershipId", "FF_TIER": "level", "ALLIANCE_TIER": "skyTeamLevel", "DOC_TYPE": "documentType",
    "DOC_NUMBER": "documentNumber", "DOC_NATIONALITY": "documentNationality", "DOC_ISSUER": "documentIssueCountry",
    "DOC_EXPIRY": "documentExpiryDate", "DOC_ISSUED": "documentIssueDate",
}
EU_MAPPING = {c: EU_RENAMES.get(c, {"TITLE": "title", "EMAIL": "email"}.get(c)) for c in EU_HEADER}
EU_LAYOUT = Layout(EU_HEADER, EU_MAPPING, ";", "cp1252", b"\n", quote_always=("LAST_NAME", "FIRST_NAME"))

SKY_HEADER = [c.lower() for c in SKY_COLUMNS]
SKY_LAYOUT = Layout(SKY_HEADER, dict(zip(SKY_HEADER, SKY_COLUMNS)), "\t", "latin-1", b"\r\n", final_newline=False)
SKY_GZ_LAYOUT = Layout(SKY_HEADER, dict(zip(SKY_HEADER, SKY_COLUMNS)), "\t", "latin-1", b"\n")

FILES = [
    # (path relative to repo root, layout, records, pipeline)
    ("SampleData/inbox/vn-agency/bookings-2026-11-23.csv", VN_LAYOUT, VN_RECORDS, "vn-agency"),
    ("SampleData/inbox/eu-gds/pax_20261123.csv", EU_LAYOUT, EU_RECORDS, "eu-gds"),
    ("SampleData/inbox/sky-partner/manifest_20261123.tsv", SKY_LAYOUT, SKY_RECORDS, "sky-partner"),
    ("SampleData/inbox/sky-partner/manifest_20261124.tsv.gz", SKY_GZ_LAYOUT, SKY_GZ_RECORDS, "sky-partner"),
]


def write_members():
    rows = [",".join(MEMBER_HEADER)]

    def cell(value):
        if any(ch in value for ch in ',"\r\n'):
            return '"' + value.replace('"', '""') + '"'
        return value

    bad = []
    for m in MEMBERS:
        rows.append(",".join(cell(m[h]) for h in MEMBER_HEADER))
        m["line"] = len(rows)
        if m["key"] == "A8":
            # Malformed: status X is not A/S/C/F. This member (Hugo Bernard) must not be imported.
            skipped = dict(m, ffn=AF_SKIPPED_MEMBER, status="X", firstName="Hugo", dateOfBirth="1982-02-02",
                           email="hugo.bernard@example.com", phoneNumber="5550099001", documents="P:16JK45699:FRA")
            rows.append(",".join(cell(skipped[h]) for h in MEMBER_HEADER))
            bad.append((len(rows), "status X is not one of A, S, C, F"))
        if m["key"] == "V17":
            # Malformed: 25 fields (maritalStatus left out).
            short = dict(BY_KEY["V16"], ffn=luhn_complete("920000018"), phoneNumber="5550099002", firstName="MINH", familyName="QUACH",
                         dateOfBirth="1994-04-04", email="minh.quach@example.com", documents="P:C4040404:VNM")
            rows.append(",".join(cell(short[h]) for h in MEMBER_HEADER if h != "maritalStatus"))
            bad.append((len(rows), "25 fields where the header has 26"))
        if m["key"] == "K10":
            # Malformed: a documents item without its issue country.
            nodoc = dict(m, ffn="NL100011", firstName="Sanne", familyName="Visser", dateOfBirth="1991-11-01",
                         nationality="NLD", country="NLD", email="sanne.visser@example.com",
                         phoneCountryCode="+31", phoneNumber="5550099003", languages="nl|en",
                         addressLines="Voorbeeldstraat 10|Amsterdam", postCode="1012 AB",
                         documents="P:NV6FJ9QR4:NLD|I:IX1234567")
            rows.append(",".join(cell(nodoc[h]) for h in MEMBER_HEADER))
            bad.append((len(rows), "documents item I:IX1234567 has no issue country (TYPE:NUMBER:ISSUECOUNTRY)"))
    data = ("\n".join(rows) + "\n").encode("utf-8")
    with open(os.path.join(SAMPLE, "members.csv"), "wb") as f:
        f.write(data)
    return bad


def write_bookings():
    results = []
    for path, layout, records, pipeline in FILES:
        data, lines = layout.render(records)
        full = os.path.join(ROOT, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        if path.endswith(".gz"):
            # Two gzip members: the header and the first booking, then the second booking.
            split = data.index(b"\nHQFM6A".replace(b"HQFM6A", b"1G\tHQFM6A")) + 1
            blob = gzip.compress(data[:split], mtime=0) + gzip.compress(data[split:], mtime=0)
            with open(full, "wb") as f:
                f.write(blob)
        else:
            with open(full, "wb") as f:
                f.write(data)
        results.append((path, pipeline, records, lines, data))
    return results


def md_escape(text):
    return text.replace("|", "\\|").replace("\n", " ")


def write_expected(bad_members, files):
    out = []
    w = out.append
    w("# Expected outcomes of the sample data")
    w("")
    w("Derived by hand from CONTRACT.md (§1.1 field rules, §2 order of precedence), then re-checked by an")
    w("independent script (`python3 SampleData/tools/check.py`, which re-implements the rules and compares")
    w("its results with the tables below). Files are written by `SampleData/tools/generate.py`; change the")
    w("records there, never the data files by hand, and keep this file and the data in step.")
    w("")
    w("Conventions used in the tables:")
    w("")
    w("- `line` is the 1-based physical line where the record starts (the header is line 1).")
    w("- `childCodes` and `paths` are listed in contract field order (§1.1 table order), joined by `|`.")
    w("- `by` is `resolvedBy` for ATTACHED rows; `member` is the directory member behind the outcome")
    w("  (for information: fraud members are never disclosed in any output).")
    w("- Bookings are per file (system + bookingCode, case-insensitive); index order decides duplicates.")
    w("- Each booking code is used by one partner file only, and systems differ per partner (VN, 1A, 1G),")
    w("  so the runs of the three pipelines do not interact through the attachment ledger.")
    w("")
    w("## Decisions where the contract is silent (assumed by these tables)")
    w("")
    w("1. NAME_MISMATCH has path `surname` when the family names differ and `givenName` when the first")
    w("   letters of the given names differ; DATE_OF_BIRTH_MISMATCH has path `dateOfBirth`.")
    w("2. AGE_INCONSISTENT has path `dateOfBirth`; PARENT_INVALID `parentId`; DOCUMENT_EXPIRED")
    w("   `documentExpiryDate`; a repeated index `index`; PROGRAMME_UNKNOWN `airline`.")
    w("3. An INF with an empty parentId is PARENT_INVALID (the parentId row lists no FIELD_REQUIRED), and")
    w("   an index outside 1-99 is FIELD_FORMAT (the only code of the index row).")
    w("4. The resolution requirement (FIELD_REQUIRED `membershipId`/`document`/`membership`) counts fields")
    w("   that are present, valid or not; no sample record combines it with other failures.")
    w("5. `matchName: false` (sky-partner) turns off NAME_MISMATCH only; DATE_OF_BIRTH_MISMATCH would still")
    w("   apply (no sky-partner record depends on it: every dateOfBirth given there equals the directory's).")
    w("6. Names are compared after NFC, upper-casing, ICAO 9303 transliteration or bare letter, and")
    w("   dropping non-letters. Pairs used: Müller/MUELLER, MUELLER/Müller, Øster/OESTER, Sørensen/SORENSEN,")
    w("   Strauß/STRAUSS, José/JOSE, García López/GARCIA LOPEZ, OBRIEN/O'Brien, SMITH JONES/Smith-Jones,")
    w("   ELODIE/Élodie, Nguyễn/NGUYEN, Đặng/DANG (Đ → D: ICAO 9303 Part 3; Đ has no Unicode")
    w("   decomposition, so stripping combining marks alone is not enough). MULLER vs MUELLER (two ASCII")
    w("   spellings) is deliberately not used.")
    w("7. A malformed CSV row ends at the first line break that is not inside a properly quoted field")
    w("   (`\"Window\"seat` and `PAR\"1A` each spoil one line only). Its system, bookingCode, passengerId")
    w("   and index in errors.* are whatever the reader could recover; only `line` and the code are fixed.")
    w("8. Both card-like numbers (`" + CARD_VN[:4] + "…" + CARD_VN[-4:] + "` in a `level`, `" + CARD_EU[:4] + "…"
      + CARD_EU[-4:] + "` in the unknown column FOP) sit on ATTACHED")
    w("   records, so they never reach `rejects/` (whose byte-for-byte rule would clash with \"never written")
    w("   anywhere\"). Neither may appear in any output, log or message.")
    w("9. Typographic ’ (0x92 in windows-1252, U+2019) appears only in an unknown column (REMARKS): whether")
    w("   it counts as the apostrophe of the name rule is not settled by the contract.")
    w("")
    w("## members.csv")
    w("")
    w(f"{len(MEMBERS)} members are imported; {len(bad_members)} rows are malformed, reported with their line")
    w("and skipped:")
    w("")
    w("| line | reason |")
    w("|---|---|")
    for line, reason in bad_members:
        w(f"| {line} | {md_escape(reason)} |")
    w("")
    counts = {}
    for m in MEMBERS:
        counts.setdefault(m["programme"], {}).setdefault(m["status"], 0)
        counts[m["programme"]][m["status"]] += 1
    w("| programme | A | S | C | F |")
    w("|---|---|---|---|---|")
    for p in ("VN", "AF", "KL"):
        c = counts[p]
        w(f"| {p} | {c.get('A', 0)} | {c.get('S', 0)} | {c.get('C', 0)} | {c.get('F', 0)} |")
    w("")
    w("Members named in the tables below (`key` is only a name used in this file):")
    w("")
    w("| key | line | programme | ffn | status | tier | allianceTier | firstName | familyName | dateOfBirth | documents |")
    w("|---|---|---|---|---|---|---|---|---|---|---|")
    for m in MEMBERS:
        w("| " + " | ".join(md_escape(str(x)) for x in (
            m["key"], m["line"], m["programme"], m["ffn"], m["status"], m["tier"], m["allianceTier"],
            m["firstName"], m["familyName"], m["dateOfBirth"], m["documents"])) + " |")
    w("")
    w("ATTACHED rows carry the member's ffn, `tier` as `level` and `allianceTier` as `skyTeamLevel`,")
    w("whatever the partner claimed.")
    w("")
    w("Shared documents: `P:B7654321:VNM` (V5 fraud, V6 active), `P:C9876543:VNM` (V7, V8 active),")
    w("`P:206123456:DNK` (AF A10, A11 active), `P:AA1234567:SWE` (AF A9 and KL K2: one per programme).")
    w("")
    by_pipeline = {}
    for path, pipeline, records, lines, data in files:
        by_pipeline.setdefault(pipeline, []).append((path, records, lines, data))
    for pipeline, entries in by_pipeline.items():
        w(f"## Pipeline `{pipeline}` (Pipelines/{pipeline}.yaml)")
        w("")
        total = {}
        n_in = 0
        for path, records, lines, data in entries:
            w(f"### {path}")
            w("")
            w("| line | bookingCode | index | passengerId | outcome | childCodes | paths | by | member | why |")
            w("|---|---|---|---|---|---|---|---|---|---|")
            for record, line in zip(records, lines):
                f = record["fields"]
                e = record["exp"]
                codes = "|".join(c for c, _ in e.children)
                paths = "|".join(p for _, p in e.children)
                w("| " + " | ".join([
                    str(line), md_escape(f.get("bookingCode", "")), md_escape(f.get("index", "")),
                    md_escape(f.get("passengerId", "")), e.code, md_escape(codes), md_escape(paths), e.by,
                    e.member, md_escape(e.why)]) + " |")
                total[e.code] = total.get(e.code, 0) + 1
                n_in += 1
            w("")
        attached = total.get(A, 0)
        rejected = n_in - attached
        w(f"Totals for one run of `{pipeline}` (first run, empty ledger): in {n_in}, attached {attached}, "
          f"alreadyAttached 0, rejected {rejected} (rejected share {rejected / n_in:.3f}).")
        w("")
        w("| code | count |")
        w("|---|---|")
        for code in ["RECORD_MALFORMED", "DATA_INVALID", "DUPLICATE_MEMBERSHIP", "MEMBERSHIP_NOT_FOUND",
                     "MEMBERSHIP_INACTIVE", "MEMBER_AMBIGUOUS", "MEMBER_MISMATCH", "ATTACHED"]:
            if code in total:
                w(f"| {code} | {total[code]} |")
        w("")
        w("A second run with the same inputs and directory gives ALREADY_ATTACHED for every ATTACHED row above,")
        w("every other row unchanged, and no new request in `attachments.jsonl`.")
        w("")
    w("## What the outputs must not contain")
    w("")
    w(f"- `{CARD_VN}` and `{CARD_EU}` (card-like numbers) anywhere, in any output or log.")
    w("- An unmasked document number, email or phone in `errors.*` or logs.")
    w("- Anything about a fraud (F) member: V5 and A8 and K4 appear as MEMBERSHIP_NOT_FOUND, and V5's")
    w("  shared passport resolves to V6 as if V5 did not exist.")
    w("- A cell beginning with `+` unguarded: members' phoneCountryCode (`+84`, `+353`…) appears in vn-agency's")
    w("  results.csv (scope member-phone) as `'+84`.")
    w("- A cell beginning with `=`: `errors.csv` writes the passengerId of vn-agency line "
      + str(_line_of(files, "=1+2")) + " as `'=1+2`.")
    w("")
    with open(os.path.join(SAMPLE, "EXPECTED.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def _line_of(files, pid):
    for path, pipeline, records, lines, data in files:
        for record, line in zip(records, lines):
            if record["fields"].get("passengerId") == pid:
                return line
    return "?"


def main():
    bad = write_members()
    files = write_bookings()
    write_expected(bad, files)
    for path, pipeline, records, lines, data in files:
        print(f"{path}: {len(records)} records, {len(data)} bytes")


if __name__ == "__main__":
    main()
