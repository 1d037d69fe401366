/// Where a record starts: the input file as the user named it and the 1-based physical line
/// (the CSV header is line 1; for XML, the line of the `<passenger` start tag).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}
