internal import Foundation
internal import RecordIO
import Storage

/// The file holding a directory's members (schema version 5): `DIRECTORY.members-N` beside the
/// directory's file, where N is its generation, counted up by every import, and its lookup file
/// `DIRECTORY.members-N.lookup` (``MemberLookupFile``), written by the same import.
///
/// An import builds the next generation's file on its own, without a journal: nothing reads it
/// until it is complete, and a failed or killed import leaves only a file that nothing names. The
/// file is synced to disk, then named in the directory's `member_store` table in one transaction,
/// so readers see the old members until that commit and the new ones after it. Importing through
/// the directory's WAL instead wrote every page twice (into the WAL, then into the file at the
/// checkpoint): about a quarter of an import's time.
///
/// A store is never written once it is named. Readers attach it read-only and immutable (no locks,
/// no change checks: <https://www.sqlite.org/uri.html>). The files of older generations are
/// deleted after the next import commits; a connection that still has one open keeps reading it
/// (a deleted file stays readable while it is open) until it moves to the new generation.
enum MemberStore {
    /// The schema name a directory connection attaches its store under.
    static let schema = "store"

    /// How long an import waits to name its store while a run writes the ledger: 10 minutes.
    static let publishWaitMilliseconds: Int32 = 600_000

    /// Takes the directory's import lock (`locks/NAME.import.lock` beside it), or throws `locked`
    /// (exit 75) naming the import that holds it. Two imports at once would build the same
    /// generation's file.
    static func importLock(directoryPath: String) throws -> FileLock {
        try DirectoryLock.acquire(
            (directoryPath as NSString).lastPathComponent + ".import.lock", besideDirectory: directoryPath,
            started: Date()
        ) { holder in
            "another members import into this directory holds the lock (\(holder)); wait for it to finish"
        }
    }

    /// The store file of `generation` for the directory at `directoryPath`.
    static func path(directoryPath: String, generation: Int) -> String {
        "\(directoryPath).members-\(generation)"
    }

    /// The generation the directory's file names: 0 when its members are in its own file (a
    /// directory never imported into since version 5).
    static func generation(in database: Database) throws -> Int {
        let statement = try database.prepare("SELECT generation FROM main.member_store WHERE id = 1")
        defer { statement.reset() }
        return try statement.step() ? statement.int(at: 0) : 0
    }

    /// Names `generation` in the directory's file (inside the caller's transaction).
    static func setGeneration(_ generation: Int, in database: Database) throws {
        try database.execute("INSERT OR REPLACE INTO main.member_store (id, generation) VALUES (1, \(generation))")
    }

    /// The `file:` URI that attaches the store at `path` read-only and immutable. Characters with a
    /// meaning in URIs are percent-encoded, so any path works.
    static func readOnlyURI(path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        // "file:" + a relative path is relative to the working directory, as the path itself.
        return "file:\(encoded)?mode=ro&immutable=1"
    }

    /// Creates the store file at `path`, readable by its owner only (replacing what a failed import
    /// left there), and opens it for a bulk build: no journal, no syncs, no other connection.
    static func create(at path: String) throws -> Database {
        remove(path)
        Database.createOwnerOnlyFile(at: path)
        let database = try Database(path: path)
        try database.execute(
            """
            PRAGMA page_size = 16384;
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA locking_mode = EXCLUSIVE;
            PRAGMA cache_size = -32768;
            PRAGMA threads = 2;
            """)
        try database.execute(DirectorySchema.storeTables)
        return database
    }

    /// Makes a store built by ``create(at:)`` (and closed) durable with its lookup file
    /// (``MemberLookupFile``, which syncs its own content): the files, then their names.
    static func sync(path: String) throws {
        try AtomicFileWriter.syncToDisk(path: path)
    }

    /// Deletes the store file at `path`, any journal SQLite left beside it, and its lookup file.
    static func remove(_ path: String) {
        Database.removeFiles(at: path)
        Database.removeFiles(at: MemberLookupFile.path(storePath: path))
    }

    /// Deletes the directory's store files of generations before `generation`, once it is named
    /// (with the import lock still held). A later one can only be what a killed import left, one
    /// generation past the current: the next import replaces it.
    static func removeFiles(directoryPath: String, before generation: Int) {
        let folder = (directoryPath as NSString).deletingLastPathComponent
        let prefix = (directoryPath as NSString).lastPathComponent + ".members-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        for name in names where name.hasPrefix(prefix) {
            var number = name.dropFirst(prefix.count)
            for suffix in ["-journal", ".lookup"] where number.hasSuffix(suffix) { number = number.dropLast(suffix.count) }
            guard !number.isEmpty, number.allSatisfy(\.isASCIIDigit), let older = Int(number), older < generation
            else { continue }
            try? FileManager.default.removeItem(atPath: folder.isEmpty ? name : folder + "/" + name)
        }
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
