/// A member directory that cannot be used: the file and what to do. SQLite's own failures are
/// ``Storage/SQLiteError``s.
public struct DirectoryError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
