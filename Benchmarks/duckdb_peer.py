#!/usr/bin/env python3
"""The MemberLink job as DuckDB SQL: the peer that Benchmarks/run.sh measures MemberLink against.

    duckdb_peer.py import --members members.csv --db peer.duckdb
    duckdb_peer.py run --db peer.duckdb --bookings bookings.csv --out DIR [--countries Countries.swift]

`import` loads the member extract (CONTRACT §1.3) into a DuckDB database file, with one row per
member document in a second table (what `memberlink members import` does into SQLite). `run` reads
the partner CSV, applies the field rules of CONTRACT §1.1 as SQL expressions and regular
expressions, resolves each passenger by FFN then by document (§2 step 4, strategy
ffn-then-document, default programme VN, fraud members ignored), compares names (upper-cased,
diacritics stripped with strip_accents, letters only, ICAO digraphs read loose) and dates of birth,
applies both duplicate rules, and writes results.csv and errors.csv.

It is a peer, not a second implementation: it writes no errors.jsonl, attachments, reconciliation
or rejects, masks nothing, keeps no ledger and computes no SHA-256; rows with the wrong cell count
are dropped by DuckDB's reader instead of being reported. Its counts by outcome are printed so that
run.sh can show how close it comes to MemberLink's.
"""

import argparse
import os
import re
import sys
import time

import duckdb

PROGRAMMES = ("VN", "AF", "KL")
DEFAULT_PROGRAMME = "VN"


def country_codes(path):
    """The codes Countries.swift accepts (ISO 3166-1 alpha-3 + ICAO 9303), read from its source so the
    peer applies exactly the same table."""
    text = open(path, encoding="utf-8").read()
    body = text[text.index("iso3166Alpha3"):]
    return sorted(set(re.findall(r'"([A-Z]{1,3})"', body)))


def fold(expr):
    """SQL: a name as CONTRACT §2 step 5 compares it: upper, no diacritics, letters only, and the ICAO
    digraphs AE/OE/UE/AA read as one letter (MUELLER = MULLER, OESTER = OSTER)."""
    special = expr
    for a, b in (("Đ", "D"), ("đ", "D"), ("Ø", "O"), ("ø", "O"), ("Ł", "L"), ("ł", "L"), ("ß", "SS"),
                 ("Æ", "AE"), ("æ", "AE"), ("Œ", "OE"), ("œ", "OE"), ("Þ", "TH"), ("þ", "TH"), ("ı", "I")):
        special = f"replace({special}, '{a}', '{b}')"
    letters = f"regexp_replace(upper(strip_accents({special})), '[^A-Z]', '', 'g')"
    return f"regexp_replace({letters}, '(A)A|([AOU])E', '\\1\\2', 'g')"


def do_import(args):
    started = time.time()
    if os.path.exists(args.db):
        os.remove(args.db)
    con = duckdb.connect(args.db)
    con.execute(f"SET threads = {args.threads}") if args.threads else None
    con.execute(f"""
        CREATE TABLE members AS
        SELECT row_number() OVER () AS id, *
        FROM read_csv('{args.members}', header = true, all_varchar = true, quote = '"', escape = '"',
                      ignore_errors = true)
        WHERE coalesce(programme, '') <> '' AND coalesce(ffn, '') <> '' AND status IN ('A', 'S', 'C', 'F')
    """)
    con.execute("""
        CREATE TABLE documents AS
        SELECT id, programme, status, upper(split_part(item, ':', 1)) AS type, upper(split_part(item, ':', 2)) AS number,
               upper(split_part(item, ':', 3)) AS issueCountry
        FROM (SELECT id, programme, status, unnest(string_split(documents, '|')) AS item
              FROM members WHERE coalesce(documents, '') <> '')
    """)
    members = con.execute("SELECT count(*) FROM members").fetchone()[0]
    con.close()
    print(f"duckdb import: {members} members in {time.time() - started:.2f}s")


def do_run(args):
    started = time.time()
    con = duckdb.connect(args.db)
    con.execute(f"SET threads = {args.threads}") if args.threads else None
    codes = country_codes(args.countries)
    con.execute("CREATE TEMP TABLE countries AS SELECT unnest(?::VARCHAR[]) AS code", [codes])
    os.makedirs(args.out, exist_ok=True)
    date = "'^[0-9]{4}-[0-9]{2}-[0-9]{2}$'"

    def valid_date(col):
        return f"(regexp_matches({col}, {date}) AND try_cast({col} AS DATE) IS NOT NULL)"

    con.execute(f"""
        CREATE TEMP TABLE raw AS
        SELECT row_number() OVER () AS seq, *
        FROM read_csv('{args.bookings}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"',
                      ignore_errors = true, null_padding = false, strict_mode = false)
    """)
    # Normalised cells: NULL -> '' and the derived values the rules share.
    con.execute(f"""
        CREATE TEMP TABLE p AS
        SELECT seq,
               coalesce(system, '') AS system, coalesce(bookingCode, '') AS bookingCode,
               upper(coalesce(bookingCode, '')) AS bookingKey, coalesce(departureDate, '') AS departureDate,
               coalesce("index", '') AS idx, coalesce(passengerId, '') AS passengerId,
               coalesce(parentId, '') AS parentId, coalesce(passengerType, '') AS passengerType,
               coalesce(title, '') AS title, coalesce(gender, '') AS gender,
               coalesce(givenName, '') AS givenName, coalesce(surname, '') AS surname,
               coalesce(dateOfBirth, '') AS dateOfBirth, coalesce(email, '') AS email, coalesce(phone, '') AS phone,
               coalesce(airline, '') AS airline, coalesce(membershipId, '') AS membershipId,
               coalesce(level, '') AS level, coalesce(skyTeamLevel, '') AS skyTeamLevel,
               coalesce(documentType, '') AS documentType, upper(coalesce(documentNumber, '')) AS documentNumber,
               coalesce(documentNationality, '') AS documentNationality,
               coalesce(documentIssueCountry, '') AS documentIssueCountry,
               coalesce(documentExpiryDate, '') AS documentExpiryDate,
               coalesce(documentIssueDate, '') AS documentIssueDate
        FROM raw
    """)
    con.execute(f"""
        CREATE TEMP TABLE v AS
        WITH d AS (
            SELECT *,
                   CASE WHEN {valid_date('departureDate')} THEN departureDate::DATE END AS dep,
                   CASE WHEN {valid_date('dateOfBirth')} AND dateOfBirth >= '1900-01-01' THEN dateOfBirth::DATE END AS dob,
                   CASE WHEN {valid_date('documentExpiryDate')} THEN documentExpiryDate::DATE END AS expiry,
                   CASE WHEN {valid_date('documentIssueDate')} THEN documentIssueDate::DATE END AS issued,
                   (documentType || documentNumber || documentNationality || documentIssueCountry
                    || documentExpiryDate || documentIssueDate) <> '' AS hasDocument,
                   row_number() OVER (PARTITION BY system, bookingKey, idx ORDER BY seq) AS idxRepeat,
                   airline IN {PROGRAMMES} AS knownAirline
            FROM p
        ),
        adults AS (SELECT DISTINCT system AS aSystem, bookingKey AS aKey, passengerId AS aId FROM p WHERE passengerType = 'ADT')
        SELECT d.*, list_filter([
            CASE WHEN system = '' THEN 'FIELD_REQUIRED:system'
                 WHEN NOT regexp_matches(system, '^[A-Z0-9]{{2,3}}$') THEN 'FIELD_FORMAT:system' END,
            CASE WHEN bookingCode = '' THEN 'FIELD_REQUIRED:bookingCode'
                 WHEN NOT regexp_matches(bookingKey, '^[A-Z0-9]{{5,8}}$') THEN 'FIELD_FORMAT:bookingCode' END,
            CASE WHEN dep IS NULL THEN 'DATE_INVALID:departureDate' END,
            CASE WHEN NOT regexp_matches(idx, '^[0-9]{{1,2}}$') OR try_cast(idx AS INT) NOT BETWEEN 1 AND 99 OR idxRepeat > 1
                 THEN 'FIELD_FORMAT:index' END,
            CASE WHEN passengerId = '' THEN 'FIELD_REQUIRED:passengerId'
                 WHEN NOT regexp_matches(passengerId, '^[A-Za-z0-9_-]{{1,20}}$') THEN 'FIELD_FORMAT:passengerId' END,
            CASE WHEN passengerType NOT IN ('ADT', 'CHD', 'INF') THEN 'PASSENGER_TYPE_INVALID:passengerType' END,
            CASE WHEN passengerType = 'INF' AND a.aId IS NULL THEN 'PARENT_INVALID:parentId' END,
            CASE WHEN title <> '' AND NOT regexp_matches(title, '^[\\p{{L}}.]{{1,30}}$') THEN 'FIELD_FORMAT:title' END,
            CASE WHEN gender <> '' AND upper(gender) NOT IN ('M', 'F', 'MALE', 'FEMALE', 'TRUE', 'FALSE')
                 THEN 'FIELD_FORMAT:gender' END,
            CASE WHEN givenName = '' THEN 'FIELD_REQUIRED:givenName'
                 WHEN NOT regexp_matches(givenName, '^[\\p{{L}}\\p{{M}}'' -]{{1,25}}$') THEN 'NAME_INVALID:givenName' END,
            CASE WHEN surname = '' THEN 'FIELD_REQUIRED:surname'
                 WHEN NOT regexp_matches(surname, '^[\\p{{L}}\\p{{M}}'' -]{{1,40}}$') THEN 'NAME_INVALID:surname' END,
            CASE WHEN dateOfBirth <> '' AND (dob IS NULL OR (dep IS NOT NULL AND dob > dep)) THEN 'DATE_INVALID:dateOfBirth'
                 WHEN dob IS NOT NULL AND dep IS NOT NULL AND NOT (
                      (passengerType = 'INF' AND date_sub('year', dob, dep) < 2)
                   OR (passengerType = 'CHD' AND date_sub('year', dob, dep) BETWEEN 2 AND 11)
                   OR (passengerType = 'ADT' AND date_sub('year', dob, dep) >= 12)
                   OR passengerType NOT IN ('ADT', 'CHD', 'INF')) THEN 'AGE_INCONSISTENT:dateOfBirth' END,
            CASE WHEN email <> '' AND NOT (length(email) <= 50 AND regexp_matches(email,
                 '^[^@]+@[A-Za-z0-9-]([A-Za-z0-9.-]*[A-Za-z0-9-])?$') AND regexp_matches(split_part(email, '@', 2),
                 '^[A-Za-z0-9-][A-Za-z0-9.-]*\\.[A-Za-z0-9.-]*[A-Za-z0-9-]$')) THEN 'EMAIL_INVALID:email' END,
            CASE WHEN phone <> '' AND NOT regexp_matches(regexp_replace(phone, '[ -]', '', 'g'), '^\\+?[0-9]{{6,15}}$')
                 THEN 'PHONE_INVALID:phone' END,
            CASE WHEN airline = '' AND membershipId <> '' THEN 'FIELD_REQUIRED:airline'
                 WHEN airline <> '' AND NOT regexp_matches(airline, '^[A-Z0-9]{{2}}$') THEN 'FIELD_FORMAT:airline'
                 WHEN airline <> '' AND NOT knownAirline THEN 'PROGRAMME_UNKNOWN:airline' END,
            CASE WHEN membershipId <> '' AND knownAirline AND NOT (
                   (airline = 'VN' AND regexp_matches(membershipId, '^[0-9]{{10}}$') AND list_sum(list_transform(
                        range(1, 11), lambda k: CASE WHEN k % 2 = 0
                            THEN [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][coalesce(try_cast(substr(membershipId, 11 - k, 1) AS INT), 0) + 1]
                            ELSE coalesce(try_cast(substr(membershipId, 11 - k, 1) AS INT), 0) END)) % 10 = 0)
                OR (airline = 'AF' AND regexp_matches(membershipId, '^[0-9]{{9}}$')
                    AND try_cast(left(membershipId, 8) AS BIGINT) % 7 = try_cast(right(membershipId, 1) AS INT))
                OR (airline = 'KL' AND regexp_matches(membershipId, '^[A-Z]{{2}}[0-9]{{6}}$')))
                 THEN 'MEMBERSHIP_ID_INVALID:membershipId' END,
            CASE WHEN length(level) > 20 THEN 'FIELD_FORMAT:level' END,
            CASE WHEN length(skyTeamLevel) > 20 THEN 'FIELD_FORMAT:skyTeamLevel' END,
            CASE WHEN hasDocument AND documentType = '' THEN 'FIELD_REQUIRED:documentType'
                 WHEN hasDocument AND documentType NOT IN ('P', 'I') THEN 'DOCUMENT_TYPE_INVALID:documentType' END,
            CASE WHEN hasDocument AND documentNumber = '' THEN 'FIELD_REQUIRED:documentNumber'
                 WHEN hasDocument AND NOT regexp_matches(documentNumber, '^[A-Z0-9]{{1,15}}$')
                 THEN 'DOCUMENT_NUMBER_INVALID:documentNumber' END,
            CASE WHEN hasDocument AND documentNationality = '' THEN 'FIELD_REQUIRED:documentNationality'
                 WHEN hasDocument AND documentNationality NOT IN (SELECT code FROM countries)
                 THEN 'COUNTRY_INVALID:documentNationality' END,
            CASE WHEN hasDocument AND documentIssueCountry = '' THEN 'FIELD_REQUIRED:documentIssueCountry'
                 WHEN hasDocument AND documentIssueCountry NOT IN (SELECT code FROM countries)
                 THEN 'COUNTRY_INVALID:documentIssueCountry' END,
            CASE WHEN hasDocument AND documentExpiryDate = '' THEN 'FIELD_REQUIRED:documentExpiryDate'
                 WHEN hasDocument AND expiry IS NULL THEN 'DATE_INVALID:documentExpiryDate'
                 WHEN expiry IS NOT NULL AND dep IS NOT NULL AND expiry < dep THEN 'DOCUMENT_EXPIRED:documentExpiryDate' END,
            CASE WHEN documentIssueDate <> '' AND (issued IS NULL OR (expiry IS NOT NULL AND issued > expiry)
                   OR (dep IS NOT NULL AND issued > dep) OR (dob IS NOT NULL AND issued < dob))
                 THEN 'DATE_INVALID:documentIssueDate' END,
            CASE WHEN membershipId = '' AND NOT hasDocument THEN 'FIELD_REQUIRED:membership' END
        ], lambda x: x IS NOT NULL) AS errors
        FROM d LEFT JOIN adults a
          ON a.aSystem = d.system AND a.aKey = d.bookingKey AND a.aId = d.parentId
    """)
    # Steps 3-7 for the records that passed the field rules.
    con.execute(f"""
        CREATE TEMP TABLE r AS
        WITH ok AS (
            SELECT *, CASE WHEN membershipId <> '' THEN row_number() OVER (
                          PARTITION BY system, bookingKey, airline, membershipId ORDER BY try_cast(idx AS INT)) END AS ffnRepeat
            FROM v WHERE len(errors) = 0
        ),
        byFfn AS (
            SELECT ok.seq, m.id, m.status FROM ok JOIN members m
              ON m.programme = ok.airline AND m.ffn = ok.membershipId AND m.status <> 'F'
            WHERE ok.membershipId <> '' AND ok.ffnRepeat = 1
        ),
        byDoc AS (
            SELECT ok.seq, count(*) AS n, min(d.id) AS id, min(d.status) AS status FROM ok
              JOIN documents d ON d.programme = coalesce(nullif(ok.airline, ''), '{DEFAULT_PROGRAMME}')
               AND d.type = ok.documentType AND d.number = ok.documentNumber
               AND d.issueCountry = ok.documentIssueCountry AND d.status <> 'F'
            WHERE ok.hasDocument AND coalesce(ok.ffnRepeat, 1) = 1 AND ok.seq NOT IN (SELECT seq FROM byFfn)
            GROUP BY ok.seq
        ),
        resolved AS (
            SELECT ok.*,
                   CASE WHEN ffnRepeat > 1 THEN 'DUPLICATE_MEMBERSHIP'
                        WHEN f.id IS NOT NULL AND f.status IN ('S', 'C') THEN 'MEMBERSHIP_INACTIVE'
                        WHEN f.id IS NOT NULL THEN NULL
                        WHEN b.n > 1 THEN 'MEMBER_AMBIGUOUS'
                        WHEN b.n = 1 AND b.status IN ('S', 'C') THEN 'MEMBERSHIP_INACTIVE'
                        WHEN b.n = 1 THEN NULL
                        ELSE 'MEMBERSHIP_NOT_FOUND' END AS code,
                   coalesce(f.id, CASE WHEN b.n = 1 THEN b.id END) AS memberId,
                   CASE WHEN f.id IS NOT NULL THEN 'ffn' ELSE 'document' END AS resolvedBy
            FROM ok LEFT JOIN byFfn f ON f.seq = ok.seq LEFT JOIN byDoc b ON b.seq = ok.seq
        ),
        matched AS (
            SELECT r.*, m.ffn AS memberFfn, m.programme AS memberProgramme, m.tier, m.allianceTier, m.status,
                   m.title AS memberTitle, m.firstName, m.familyName,
                   list_filter([
                     CASE WHEN {fold('r.surname')} <> {fold('m.familyName')} OR {fold('r.surname')} = ''
                            OR left({fold('r.givenName')}, 1) <> left({fold('m.firstName')}, 1)
                          THEN 'NAME_MISMATCH:' || CASE WHEN {fold('r.surname')} <> {fold('m.familyName')}
                                                        THEN 'surname' ELSE 'givenName' END END,
                     CASE WHEN r.dob IS NOT NULL AND coalesce(m.dateOfBirth, '') <> ''
                           AND r.dob::VARCHAR <> m.dateOfBirth THEN 'DATE_OF_BIRTH_MISMATCH:dateOfBirth' END
                   ], lambda x: x IS NOT NULL) AS mismatch
            FROM resolved r LEFT JOIN members m ON m.id = r.memberId
        )
        SELECT *,
               CASE WHEN code IS NOT NULL THEN code
                    WHEN len(mismatch) > 0 THEN 'MEMBER_MISMATCH'
                    WHEN row_number() OVER (PARTITION BY system, bookingKey, memberId,
                                            code IS NULL AND len(mismatch) = 0 ORDER BY try_cast(idx AS INT)) > 1
                    THEN 'DUPLICATE_MEMBERSHIP'
                    ELSE 'ATTACHED' END AS outcome
        FROM matched
    """)
    results = os.path.join(args.out, "results.csv")
    errors = os.path.join(args.out, "errors.csv")
    con.execute(f"""
        COPY (SELECT 'bookings.csv' AS sourceFile, seq AS sourceRecord, system, bookingKey AS bookingCode, passengerId,
                     idx AS "index", outcome, resolvedBy, memberProgramme AS airline, memberFfn AS membershipId,
                     tier AS level, allianceTier AS skyTeamLevel, tier AS "member.tier", status AS "member.status",
                     memberTitle AS "member.title", firstName AS "member.firstName",
                     familyName AS "member.familyName"
              FROM r WHERE outcome = 'ATTACHED' ORDER BY seq) TO '{results}' (HEADER, DELIMITER ',')
    """)
    con.execute(f"""
        COPY (SELECT 'bookings.csv' AS sourceFile, seq AS sourceRecord, system, bookingCode, passengerId, idx AS "index",
                     code, childCodes, paths
              FROM (SELECT seq, system, bookingCode, passengerId, idx, 'DATA_INVALID' AS code,
                           array_to_string(list_transform(errors, lambda e: split_part(e, ':', 1)), '|') AS childCodes,
                           array_to_string(list_transform(errors, lambda e: split_part(e, ':', 2)), '|') AS paths
                    FROM v WHERE len(errors) > 0
                    UNION ALL
                    SELECT seq, system, bookingCode, passengerId, idx, outcome,
                           array_to_string(list_transform(mismatch, lambda e: split_part(e, ':', 1)), '|'),
                           array_to_string(list_transform(mismatch, lambda e: split_part(e, ':', 2)), '|')
                    FROM r WHERE outcome <> 'ATTACHED')
              ORDER BY seq) TO '{errors}' (HEADER, DELIMITER ',')
    """)
    counts = con.execute("""
        SELECT code, count(*) FROM (SELECT 'DATA_INVALID' AS code FROM v WHERE len(errors) > 0
                                    UNION ALL SELECT outcome FROM r) GROUP BY code ORDER BY 2 DESC
    """).fetchall()
    total = con.execute("SELECT count(*) FROM p").fetchone()[0]
    con.close()
    print(f"duckdb run: {total} records in {time.time() - started:.2f}s: "
          + ", ".join(f"{code} {n}" for code, n in counts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import")
    imp.add_argument("--members", required=True)
    imp.add_argument("--db", required=True)
    imp.add_argument("--threads", type=int, default=0, help="DuckDB threads (default: all cores)")
    run = sub.add_parser("run")
    run.add_argument("--db", required=True)
    run.add_argument("--bookings", required=True)
    run.add_argument("--out", required=True)
    run.add_argument("--threads", type=int, default=0, help="DuckDB threads (default: all cores)")
    run.add_argument("--countries", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                                                         "Sources", "MemberLink", "Validate", "Countries.swift"))
    args = ap.parse_args()
    if args.command == "import":
        do_import(args)
    else:
        do_run(args)


if __name__ == "__main__":
    sys.exit(main())
