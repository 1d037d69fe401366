/// The member directory's SQLite schema (CONTRACT §1.3 and §2 step 7).
///
/// Since version 5 the members live in a store file of their own beside the directory's file
/// (``MemberStore``): the directory's file names its generation in `member_store`. Both files have
/// the member tables (``storeTables``); the directory's own stay empty once an import has built a
/// store, and hold the members of a directory of version 4 or older until its next import.
///
/// - `members`: one row per member with every column of the member extract; lists are stored as
///   in the extract (`|`-joined), documents as normalised `TYPE:NUMBER:ISSUECOUNTRY` items. The
///   extract file and line it came from are kept for diagnostics: the file as its number in
///   `import_files` (version 4; a path of 60 bytes on every row was a fifth of the table, which
///   every import writes twice and every lookup reads).
/// - `import_files` (version 4): the extract files of the last import, by number, as named.
/// - `documents`: one row per member document, the key of the `document` strategy.
/// - `member_store` (version 5): the generation of the store file holding the members; none (or 0)
///   when they are in the directory's own file.
/// - `ledger`: the attachment ledger, (system, bookingCode, passengerId) → membership. An import
///   replaces the members and never touches the ledger.
/// - `ledger_filter` (version 6): one row, a Bloom filter over the ledger's bookings
///   (``LedgerBookingFilter``), written in the transaction of every ledger write, so a run asks the
///   ledger only about bookings it may hold; `generation` changes with every write. A directory of
///   an older version gets it built from its ledger when it is opened; from then on an older
///   MemberLink refuses the file, but one that had it open before keeps writing the ledger without
///   the filter: stop older runs before the first run of a newer MemberLink on a directory.
/// - `processed_files` (version 2; `rejectedReason` since 3): the inbox's processed-file ledger,
///   (pipeline, SHA-256) → the file's path, when it was processed, and why it was rejected whole if
///   it was, so a file found in the inbox again is skipped (and a rejected one only quarantined).
///
/// A store file has no lookup indexes and no rows in `documents`: members are found through its
/// lookup file (``MemberLookupFile``). The indexes below are those of a directory's own tables,
/// which hold the members of a directory of version 4 or older until its next import.
enum DirectorySchema {
    /// `PRAGMA user_version` of this schema. Increase it with a migration when the schema changes.
    static let version = 6

    /// The member tables, in the directory's file and in every store file.
    static let storeTables = """
        CREATE TABLE IF NOT EXISTS members (
            id INTEGER PRIMARY KEY,
            sourceFile INTEGER NOT NULL,
            sourceLine INTEGER NOT NULL,
            programme TEXT NOT NULL,
            ffn TEXT NOT NULL,
            status TEXT NOT NULL,
            tier TEXT NOT NULL,
            tierExpiry TEXT NOT NULL,
            allianceTier TEXT NOT NULL,
            enrollmentDate TEXT NOT NULL,
            balance TEXT NOT NULL,
            coalition TEXT NOT NULL,
            languages TEXT NOT NULL,
            segments TEXT NOT NULL,
            title TEXT NOT NULL,
            firstName TEXT NOT NULL,
            familyName TEXT NOT NULL,
            dateOfBirth TEXT NOT NULL,
            gender TEXT NOT NULL,
            maritalStatus TEXT NOT NULL,
            nationality TEXT NOT NULL,
            email TEXT NOT NULL,
            phoneCountryCode TEXT NOT NULL,
            phoneNumber TEXT NOT NULL,
            phoneType TEXT NOT NULL,
            addressLines TEXT NOT NULL,
            postCode TEXT NOT NULL,
            country TEXT NOT NULL,
            documents TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS documents (
            memberId INTEGER NOT NULL,
            programme TEXT NOT NULL,
            type TEXT NOT NULL,
            number TEXT NOT NULL,
            issueCountry TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS import_files (
            number INTEGER PRIMARY KEY,
            path TEXT NOT NULL
        );
        """

    /// Every table of the directory's file.
    static let tables =
        storeTables + """
        CREATE TABLE IF NOT EXISTS member_store (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL
        );
        CREATE TABLE IF NOT EXISTS ledger (
            system TEXT NOT NULL,
            bookingCode TEXT NOT NULL,
            passengerId TEXT NOT NULL,
            airline TEXT NOT NULL,
            membershipId TEXT NOT NULL,
            PRIMARY KEY (system, bookingCode, passengerId)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS ledger_filter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            generation INTEGER NOT NULL,
            bookings INTEGER NOT NULL,
            bits BLOB NOT NULL
        );
        CREATE TABLE IF NOT EXISTS processed_files (
            pipeline TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            path TEXT NOT NULL,
            records INTEGER NOT NULL,
            processedAt TEXT NOT NULL,
            rejectedReason TEXT,
            PRIMARY KEY (pipeline, sha256)
        ) WITHOUT ROWID;
        """

    /// The member columns in extract order, as selected by lookups (after `id`, `sourceFile`,
    /// `sourceLine`).
    static let memberColumns = [
        "programme", "ffn", "status", "tier", "tierExpiry", "allianceTier", "enrollmentDate", "balance",
        "coalition", "languages", "segments", "title", "firstName", "familyName", "dateOfBirth", "gender",
        "maritalStatus", "nationality", "email", "phoneCountryCode", "phoneNumber", "phoneType",
        "addressLines", "postCode", "country", "documents",
    ]

    /// Brings a directory of an older version up to this one (after `tables` has run, which adds
    /// the tables it lacks). From 3 nothing else changes: the members of a version-3 directory
    /// keep paths in `sourceFile`, which only an import reads, after it has replaced them; those of
    /// a version-4 directory stay in its file (generation 0) until the next import.
    static func migrations(from version: Int) -> [String] {
        version == 2 ? ["ALTER TABLE processed_files ADD COLUMN rejectedReason TEXT"] : []
    }

    /// The lookup indexes of the directory's own member tables (a store has none). They put their
    /// most selective column first: lookups give every column, so the
    /// order does not change what they find, but building an index sorts every row, and a sort
    /// whose first column (a programme: a handful of values) rarely decides compares whole
    /// records the slow way. Number first made the document index build about 40% faster.
    ///
    /// The member index then holds `id` (lookups and the import's duplicate check read members of
    /// one programme + ffn in id order) and ``memberIndexColumns``, so that a lookup by FFN of a
    /// run granting no more than those reads the index alone, not the members table too: one
    /// B-tree descent instead of two (a 1M-passenger CSV run 7% faster; the index is 60 MB
    /// larger and takes 0.4 s more to build per million members).
    static let createMemberIndex =
        "CREATE INDEX IF NOT EXISTS members_by_ffn ON members (ffn, programme, id, "
        + memberIndexColumns.joined(separator: ", ") + ")"
    /// What resolution reads besides programme and ffn (status, tiers, names, date of birth:
    /// CONTRACT §2 steps 4 and 5), and what the scopes member-status, member-tier and member-name
    /// add (tier expiry, title).
    static let memberIndexColumns = [
        "status", "tier", "tierExpiry", "allianceTier", "title", "firstName", "familyName", "dateOfBirth",
    ]
    ///
    /// The document index ends with `memberId`, so a lookup by document reads the member's id from
    /// the index and never visits the `documents` table.
    static let createDocumentIndex =
        "CREATE INDEX IF NOT EXISTS documents_by_number ON documents (number, type, issueCountry, programme, memberId)"
}
