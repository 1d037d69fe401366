internal import RecordIO

/// Where a record starts: the input file as the user named it and the 1-based physical line
/// (the CSV header is line 1; for XML, the line of the `<passenger` start tag).
///
/// The file is held as its number in the process's table of input file names
/// (``InputFileNames``), not as the name: all the records of a file shared one heap string, and
/// every copy or release of a record on any of the run's threads counted that one string up or
/// down atomically, its memory passed from core to core (about 6% of a CSV run's CPU).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The input file as the user named it, byte for byte.
    public var file: String {
        get { InputFileNames.name(fileNumber) }
        set { fileNumber = InputFileNames.number(of: newValue) }
    }
    public var line: Int
    private(set) var fileNumber: Int32

    public init(file: String, line: Int) {
        self.init(fileNumber: InputFileNames.number(of: file), line: line)
    }

    /// A location in the file numbered `fileNumber` by ``InputFileNames/number(of:)``: for
    /// readers, which number their file once instead of once per record.
    init(fileNumber: Int32, line: Int) {
        self.fileNumber = fileNumber
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// The names of the input files the process has read, numbered in the order they were first
/// seen; a name keeps its number for the life of the process (a few per run).
enum InputFileNames {
    private struct Table {
        var names: [String] = []
        /// By UTF-8 bytes: two spellings of one name (composed, decomposed) stay two names.
        var numbers: [[UInt8]: Int32] = [:]
    }

    private static let table = Locked(Table())

    /// The number of `name`, given it now if it has none.
    static func number(of name: String) -> Int32 {
        let bytes = Array(name.utf8)
        return table.withLock { table in
            if let number = table.numbers[bytes] { return number }
            let number = Int32(table.names.count)
            table.names.append(name)
            table.numbers[bytes] = number
            return number
        }
    }

    /// The name numbered `number`.
    static func name(_ number: Int32) -> String {
        table.withLock { $0.names[Int(number)] }
    }
}
