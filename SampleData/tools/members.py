"""The sample member directory (CONTRACT §1.3), as data. generate.py writes SampleData/members.csv
from it; check.py reads members.csv back, not this file.

Every membership id is computed from a body with its programme's check digit (ids.py):
VN ^[0-9]{10}$ Luhn, AF ^[0-9]{9}$ mod7, KL ^[A-Z]{2}[0-9]{6}$ none.
All personal data is fake: example.com / example.net addresses, made-up phone numbers and
document numbers.
"""

import unicodedata

from ids import luhn_complete, mod7_complete

HEADER = (
    "programme,ffn,status,tier,tierExpiry,allianceTier,enrollmentDate,balance,coalition,languages,"
    "segments,title,firstName,familyName,dateOfBirth,gender,maritalStatus,nationality,email,"
    "phoneCountryCode,phoneNumber,phoneType,addressLines,postCode,country,documents"
).split(",")

COUNTRY_DEFAULTS = {
    # country: (phoneCountryCode, languages, address lines, postCode)
    "VNM": ("+84", "vi|en", "12 Pho Hang Bai|Hoan Kiem|Ha Noi", "100000"),
    "DEU": ("+49", "de|en", "Beispielstrasse 12|Berlin", "10115"),
    "AUT": ("+43", "de", "Musterweg 3|Wien", "1010"),
    "FRA": ("+33", "fr|en", "8 rue de l'Exemple|Paris", "75008"),
    "ESP": ("+34", "es|en", "Calle Falsa 123, 2B|Madrid", "28013"),
    "IRL": ("+353", "en|ga", "4 Sample Terrace|Dublin 4", "D04 X0Y0"),
    "GBR": ("+44", "en", "1 Example Road|London", "SW1A 0AA"),
    "NOR": ("+47", "no|en", "Eksempelveien 5|Oslo", "0150"),
    "SWE": ("+46", "sv|en", "Exempelgatan 7|Stockholm", "111 22"),
    "DNK": ("+45", "da|en", "Eksempelvej 9|Koebenhavn", "1050"),
    "NLD": ("+31", "nl|en", "Voorbeeldstraat 10|Amsterdam", "1012 AB"),
    "ITA": ("+39", "it|en", "Via Esempio 4|Roma", "00184"),
    "POL": ("+48", "pl|en", "ul. Przykladowa 2|Warszawa", "00-001"),
    "CZE": ("+420", "cs|en", "Ukazkova 8|Praha", "110 00"),
    "NGA": ("+234", "en", "UN Plaza 1|New York NY", "10017"),
    "SYR": ("+33", "ar|fr", "3 avenue Exemple|Lyon", "69001"),
    "GBD": ("+350", "en", "5 Sample Lane|Gibraltar", "GX11 1AA"),
}

_serial = [0]


def member(key, programme, body, status, tier, alliance, title, first, family, dob, gender, nationality,
           documents, marital="S", segments="LEISURE", coalition="", country=None, email=None):
    """One member row; `body` is the id without its check digit (KL: the whole id)."""
    if programme == "VN":
        ffn = luhn_complete(body)
    elif programme == "AF":
        ffn = mod7_complete(body)
    else:
        ffn = body
    _serial[0] += 1
    n = _serial[0]
    country = country or nationality
    cc, langs, address, post = COUNTRY_DEFAULTS[country]
    folded = unicodedata.normalize("NFKD", (first.split(" ")[0] + "." + family).lower().replace("ø", "o"))
    local = "".join(ch for ch in folded if ch.isascii() and (ch.isalnum() or ch == "."))
    return {
        "key": key,
        "programme": programme, "ffn": ffn, "status": status, "tier": tier,
        "tierExpiry": "" if tier in ("", "REGISTER", "EXPLORER") else "2027-03-31",
        "allianceTier": alliance,
        "enrollmentDate": f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 27:02d}",
        "balance": str((n * 7919) % 250000),
        "coalition": coalition, "languages": langs, "segments": segments,
        "title": title, "firstName": first, "familyName": family, "dateOfBirth": dob, "gender": gender,
        "maritalStatus": marital, "nationality": nationality,
        "email": email if email is not None else f"{local}{n}@example.com",
        "phoneCountryCode": cc, "phoneNumber": f"555{n:04d}{(n * 37) % 1000:03d}", "phoneType": "MOBILE",
        "addressLines": address, "postCode": post, "country": country, "documents": documents,
    }


MEMBERS = [
    # --- VN programme (Lotusmiles-like tiers), Luhn ids --------------------------------------
    member("V1", "VN", "920000001", "A", "GOLD", "ELITE", "MR", "VAN AN", "NGUYEN", "1980-01-02", "M", "VNM",
           "P:C1234567:VNM", marital="M", segments="BUSINESS|FREQUENT", coalition="VPBANK"),
    member("V2", "VN", "920000002", "A", "SILVER", "ELITE", "MS", "THI BICH", "TRAN", "1985-03-14", "F", "VNM",
           "P:C2345678:VNM|I:001185012345:VNM", marital="M"),
    member("V3", "VN", "920000003", "S", "PLATINUM", "ELITE_PLUS", "MR", "MINH TUAN", "LE", "1979-07-21", "M", "VNM",
           "P:C3456789:VNM", segments="BUSINESS"),
    member("V4", "VN", "920000004", "C", "REGISTER", "", "MR", "HOANG LONG", "PHAM", "1990-11-30", "M", "VNM",
           "P:C4567890:VNM"),
    # V5 is a fraud account opened with V6's passport number: never disclosed, never matched.
    member("V5", "VN", "920000005", "F", "GOLD", "ELITE", "MR", "VAN KHANH", "HO", "1988-05-05", "M", "VNM",
           "P:B7654321:VNM"),
    member("V6", "VN", "920000006", "A", "TITANIUM", "ELITE", "MS", "THI HUONG", "DO", "1992-09-09", "F", "VNM",
           "P:B7654321:VNM"),
    # V7 and V8: one person enrolled twice with the same passport -> MEMBER_AMBIGUOUS by document.
    member("V7", "VN", "920000007", "A", "SILVER", "ELITE", "MR", "DUC THANG", "VU", "1975-02-17", "M", "VNM",
           "P:C9876543:VNM", marital="M"),
    member("V8", "VN", "920000008", "A", "REGISTER", "", "MR", "DUC THANG", "VU", "1975-02-17", "M", "VNM",
           "P:C9876543:VNM", marital="M"),
    member("V9", "VN", "920000009", "A", "PLATINUM", "ELITE_PLUS", "MR", "Sean", "O'Brien", "1983-08-12", "M", "IRL",
           "P:PA1234567:IRL", marital="M", segments="BUSINESS|FREQUENT"),
    member("V10", "VN", "920000010", "A", "GOLD", "ELITE", "MS", "Emma", "Smith-Jones", "1991-04-04", "F", "GBR",
           "P:123456789:GBR"),
    member("V11", "VN", "920000011", "A", "REGISTER", "", "MISS", "THI MAI", "NGUYEN", "2016-06-15", "F", "VNM",
           "", segments="FAMILY", email=""),
    member("V12", "VN", "920000012", "A", "GOLD", "ELITE", "MR", "QUANG HUY", "BUI", "1970-12-01", "M", "VNM",
           "P:C1112223:VNM", marital="M"),
    member("V13", "VN", "920000013", "A", "SILVER", "ELITE", "MS", "THU TRANG", "DANG", "1987-10-10", "F", "VNM",
           "P:C2223334:VNM"),
    member("V14", "VN", "920000014", "A", "TITANIUM", "ELITE", "MS", "THANH HA", "LY", "1995-01-25", "F", "VNM",
           "P:C5556667:VNM"),
    member("V15", "VN", "920000015", "A", "GOLD", "ELITE", "MR", "HOANG NAM", "NGUYEN", "1982-04-18", "M", "VNM",
           "P:C6667778:VNM", marital="M", segments="FAMILY"),
    member("V16", "VN", "920000016", "A", "SILVER", "ELITE", "MR", "VAN HAI", "DANG", "1977-03-08", "M", "VNM",
           "P:C7778889:VNM"),
    member("V17", "VN", "920000017", "A", "REGISTER", "", "MS", "Hélène", "Roux", "1969-05-30", "F", "FRA",
           "P:15CD67890:FRA"),
    # --- AF programme (Flying Blue-like tiers), mod7 ids ---------------------------------------
    member("A1", "AF", "10000001", "A", "PLATINUM", "ELITE_PLUS", "DR", "JUERGEN", "MUELLER", "1968-10-03", "M", "DEU",
           "P:C01X00T47:D", marital="M", segments="BUSINESS|FREQUENT"),
    member("A2", "AF", "10000002", "A", "GOLD", "ELITE", "MRS", "Sabine", "Müller", "1971-02-28", "F", "DEU",
           "P:C01X00T58:D", marital="M"),
    member("A3", "AF", "10000003", "A", "EXPLORER", "", "MSTR", "Lukas", "Müller", "2017-05-09", "M", "DEU",
           "", segments="FAMILY", email=""),
    member("A4", "AF", "10000004", "A", "SILVER", "ELITE", "MR", "JOSE", "GARCIA LOPEZ", "1977-06-30", "M", "ESP",
           "P:PAA123456:ESP"),
    member("A5", "AF", "10000005", "A", "GOLD", "ELITE", "MME", "Élodie", "Dubois", "1989-12-24", "F", "FRA",
           "P:18AB12345:FRA|I:X4RTBPFW4:FRA"),
    member("A6", "AF", "10000006", "S", "SILVER", "ELITE", "M", "François", "Lefèvre", "1965-03-03", "M", "FRA",
           "P:17EF23456:FRA"),
    member("A7", "AF", "10000007", "C", "EXPLORER", "", "MLLE", "Camille", "Moreau", "1993-07-14", "F", "FRA",
           "P:19GH34567:FRA"),
    member("A8", "AF", "10000008", "F", "GOLD", "ELITE", "M", "Luc", "Bernard", "1980-08-08", "M", "FRA",
           "P:16JK45678:FRA"),
    member("A9", "AF", "10000009", "A", "PLATINUM", "ELITE_PLUS", "MRS", "Åsa", "Lindqvist", "1984-09-17", "F", "SWE",
           "P:AA1234567:SWE", marital="M"),
    # A10 and A11: the same Danish passport on two active AF accounts -> MEMBER_AMBIGUOUS.
    member("A10", "AF", "10000010", "A", "SILVER", "ELITE", "MR", "LARS", "HANSEN", "1979-11-11", "M", "DNK",
           "P:206123456:DNK"),
    member("A11", "AF", "10000011", "A", "EXPLORER", "", "MR", "LARS", "HANSEN", "1979-11-11", "M", "DNK",
           "P:206123456:DNK"),
    member("A12", "AF", "10000012", "A", "GOLD", "ELITE", "MS", "Nour", "Abadi", "1986-02-02", "F", "XXA",
           "P:TD0123456:FRA", country="SYR"),
    member("A13", "AF", "10000013", "A", "ULTIMATE", "ELITE_PLUS", "MR", "Chidi", "Okafor", "1972-05-19", "M", "NGA",
           "P:UN0045678:UNO", marital="M", segments="BUSINESS"),
    member("A14", "AF", "10000014", "A", "GOLD", "ELITE", "MS", "Priya", "Patel", "1990-03-03", "F", "GBD",
           "P:GD1234567:GBD"),
    member("A15", "AF", "10000015", "A", "SILVER", "ELITE", "MS", "Giulia", "Rossi", "1994-08-21", "F", "ITA",
           "P:YA1234567:ITA"),
    member("A16", "AF", "10000016", "A", "EXPLORER", "", "MME", "Marie", "Dupont", "1960-01-15", "F", "FRA",
           "P:14LM56789:FRA"),
    member("A17", "AF", "10000017", "A", "GOLD", "ELITE", "MR", "Tomáš", "Novák", "1981-06-06", "M", "CZE",
           "P:45678901:CZE", marital="M", segments="FAMILY"),
    member("A18", "AF", "10000018", "A", "SILVER", "ELITE", "FRAU", "Anna", "Schneider", "1976-09-30", "F", "DEU",
           "P:C01X00T69:D"),
    # --- KL programme, ids without check digit --------------------------------------------------
    member("K1", "KL", "NL100001", "A", "GOLD", "ELITE", "MRS", "INGRID", "OESTER", "1978-04-22", "F", "NOR",
           "P:27654321:NOR"),
    member("K2", "KL", "NL100002", "A", "SILVER", "ELITE", "MRS", "AASA", "LINDQVIST", "1984-09-17", "F", "SWE",
           "P:AA1234567:SWE", marital="M"),
    member("K3", "KL", "NL100003", "C", "GOLD", "ELITE", "MR", "Pieter", "de Vries", "1966-12-12", "M", "NLD",
           "P:NY8CF2JK1:NLD"),
    member("K4", "KL", "NL100004", "F", "SILVER", "ELITE", "MR", "Kees", "Jansen", "1985-05-25", "M", "NLD",
           "P:NX4DG7LM2:NLD"),
    member("K5", "KL", "NL100005", "A", "PLATINUM", "ELITE_PLUS", "MR", "JOHANN", "STRAUSS", "1969-01-31", "M", "AUT",
           "P:P1234567:AUT", marital="M"),
    member("K6", "KL", "NL100006", "A", "SILVER", "ELITE", "MRS", "METTE", "SORENSEN", "1985-07-07", "F", "DNK",
           "P:207654321:DNK", marital="M", segments="FAMILY"),
    member("K7", "KL", "NL100007", "A", "EXPLORER", "", "MSTR", "EMIL", "SORENSEN", "2018-02-14", "M", "DNK",
           "P:207654322:DNK", segments="FAMILY", email=""),
    member("K8", "KL", "NL100008", "A", "GOLD", "ELITE", "MR", "ROBERT", "VAN DEN BERG", "1974-10-01", "M", "NLD",
           "P:NZ5EH8NP3:NLD"),
    member("K9", "KL", "NL100009", "A", "SILVER", "ELITE", "MR", "Piotr", "Kowalski", "1988-11-19", "M", "POL",
           "P:EA1234567:POL"),
    member("K10", "KL", "NL100010", "A", "GOLD", "ELITE", "MS", "Aoife", "Kelly", "1990-12-20", "F", "IRL",
           "P:PB7654321:IRL"),
]

BY_KEY = {m["key"]: m for m in MEMBERS}


def ffn(key: str) -> str:
    return BY_KEY[key]["ffn"]
