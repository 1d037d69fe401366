/// Which CSV column holds which canonical field, built from a partner's header row and the
/// pipeline's column renames (CONTRACT §1.1: names match case-insensitively, unknown columns are
/// ignored, a header that lacks a required column or names one twice rejects the file).
public struct ColumnMapping: Sendable, Hashable {
    /// For each canonical field, the column that holds it, if any.
    public private(set) var columnOfField: [Int?]
    /// How many columns the header has; every record must have as many fields.
    public let columnCount: Int

    /// - Parameters:
    ///   - header: the header's column names as written.
    ///   - renames: partner column name → canonical field, from the pipeline (keys match any case).
    /// - Throws: a description of every missing and repeated column, for the file-level rejection.
    public init(header: [String], renames: [String: CanonicalField]) throws(HeaderProblem) {
        let lowerRenames = Dictionary(renames.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        var columnOfField = [Int?](repeating: nil, count: CanonicalField.allCases.count)
        var repeated: [String] = []
        for (column, name) in header.enumerated() {
            let trimmed = name.trimmingSpaces
            guard let field = lowerRenames[trimmed.lowercased()] ?? CanonicalField(name: trimmed) else { continue }
            if columnOfField[field.rawValue] != nil {
                repeated.append(field.name)
            } else {
                columnOfField[field.rawValue] = column
            }
        }
        let missing = CanonicalField.requiredInHeader.filter { columnOfField[$0.rawValue] == nil }.map(\.name)
        if !missing.isEmpty || !repeated.isEmpty {
            throw HeaderProblem(missing: missing, repeated: repeated)
        }
        self.columnOfField = columnOfField
        self.columnCount = header.count
    }

    /// Why a header cannot be used.
    public struct HeaderProblem: Error, Sendable, Hashable, CustomStringConvertible {
        public var missing: [String]
        public var repeated: [String]

        public var description: String {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("the header lacks the required column(s) \(missing.joined(separator: ", "))") }
            if !repeated.isEmpty { parts.append("the header names \(repeated.joined(separator: ", ")) more than once") }
            return parts.joined(separator: "; ")
                + "; fix the header (or map the partner's names with input.columns in the pipeline) and resubmit the file"
        }
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }),
            let last = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })
        else { return "" }
        return String(scalars[first...last])
    }
}
