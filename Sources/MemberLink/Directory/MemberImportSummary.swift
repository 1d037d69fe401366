/// What an import did: rows read (header excluded) = imported + skipped, and every skipped row
/// with its reason, in file and line order.
public struct MemberImportSummary: Sendable, Hashable {
    public var rowsRead: Int
    public var imported: Int
    public var skipped: Int
    public var issues: [MemberImportIssue]

    public init(rowsRead: Int = 0, imported: Int = 0, skipped: Int = 0, issues: [MemberImportIssue] = []) {
        self.rowsRead = rowsRead
        self.imported = imported
        self.skipped = skipped
        self.issues = issues
    }
}

/// Where an import is, for progress on a terminal: reading an extract (rows read so far, all
/// extracts together), then finding duplicates and writing the lookup file's tables (``indexing``).
public struct MemberImportProgress: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case reading(file: String)
        case indexing
    }

    public var phase: Phase
    public var rowsRead: Int
}
