internal import Foundation
public import RecordIO
internal import Yams

/// A pipeline file (CONTRACT §6): where a partner's files come from and how they are read, where
/// the member directory is, how members are resolved, which programmes and scopes apply, and where
/// the outputs go. Loaded and checked as a whole before any input is read; every problem names the
/// key and its line (exit 78).
public struct PipelineConfiguration: Sendable {
    /// The format of a pipeline's partner files.
    public enum InputFormat: String, Sendable, Hashable, CaseIterable {
        case csv, xml
    }

    public var name: String
    /// The pipeline file this was read from, for messages.
    public var sourcePath: String
    public var format: InputFormat
    public var csv: CSVInputOptions
    /// Input files named by the pipeline (`inputs:`); `--input` replaces them.
    public var inputs: [String]
    /// The member directory's SQLite file (`directory.sqlite`).
    public var directoryPath: String
    public var strategy: ResolutionStrategy
    /// The programme whose members a document is looked up in when a passenger names no airline.
    public var defaultProgramme: String?
    /// Whether names are compared with the member's (`MEMBER_MISMATCH` / `NAME_MISMATCH`).
    public var matchName: Bool
    public var programmes: [String: Programme]
    public var scopes: [Scope]
    /// The data-processing agreement that allows personal scopes.
    public var consent: String?
    public var outDirectory: String
    /// A run whose rejected share exceeds this exits 65 (every output still written).
    public var rejectThreshold: Double?
    /// Where processed input files are moved after a successful run (`archive`).
    public var archiveDirectory: String?
    /// Where input files rejected whole are moved, with the reason beside them (`quarantine`).
    public var quarantineDirectory: String?
    /// The most bytes a gzip input may decompress to (`input.maxDecompressedBytes`); beyond it the
    /// file is rejected whole, so a gzip bomb costs seconds, not the night.
    public var maxDecompressedBytes: Int

    /// The default member directory location when neither the pipeline nor a flag names one.
    public static let defaultDirectoryPath = ".memberlink/members.sqlite"

    public init(
        name: String, sourcePath: String = "", format: InputFormat = .csv, csv: CSVInputOptions = CSVInputOptions(),
        inputs: [String] = [], directoryPath: String = defaultDirectoryPath,
        strategy: ResolutionStrategy = .ffnThenDocument, defaultProgramme: String? = nil, matchName: Bool = true,
        programmes: [String: Programme], scopes: [Scope] = [], consent: String? = nil, outDirectory: String? = nil,
        rejectThreshold: Double? = nil, archiveDirectory: String? = nil, quarantineDirectory: String? = nil,
        maxDecompressedBytes: Int = InputFile.defaultMaxDecompressedBytes
    ) {
        self.name = name
        self.sourcePath = sourcePath
        self.format = format
        self.csv = csv
        self.inputs = inputs
        self.directoryPath = directoryPath
        self.strategy = strategy
        self.defaultProgramme = defaultProgramme
        self.matchName = matchName
        self.programmes = programmes
        self.scopes = scopes
        self.consent = consent
        self.outDirectory = outDirectory ?? "out/\(name)"
        self.rejectThreshold = rejectThreshold
        self.archiveDirectory = archiveDirectory
        self.quarantineDirectory = quarantineDirectory
        self.maxDecompressedBytes = maxDecompressedBytes
    }

    /// Reads and checks a pipeline file.
    public static func load(path: String) throws -> PipelineConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw MemberLinkError(
                code: exists ? .configuration : .inputMissing, path: path,
                message: exists ? "the pipeline file cannot be read; check its permissions" : "no such pipeline file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw MemberLinkError(code: .configuration, path: path, message: "the pipeline file is not UTF-8 text")
        }
        return try parse(yaml: text, path: path)
    }

    /// Parses and checks pipeline YAML; `path` is used in messages.
    public static func parse(yaml: String, path: String) throws -> PipelineConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw MemberLinkError(code: .configuration, path: path, line: error.line, message: "not valid YAML: \(error.summary)")
        }
        guard let root, let mapping = root.mapping else {
            throw MemberLinkError(code: .configuration, path: path, line: 1, message: "a pipeline file is a YAML mapping of keys (name, input, resolve, ...)")
        }
        return try PipelineFileReader(path: path).read(mapping)
    }

    /// Checks that hold whatever the source of the values (file or flags).
    func validateScopes(line: Int?) throws {
        if scopes.contains(where: \.isPersonal), (consent ?? "").isEmpty {
            let personal = scopes.filter(\.isPersonal).map(\.rawValue).joined(separator: ", ")
            throw MemberLinkError(
                code: .configuration, path: sourcePath, line: line,
                message: "scopes \(personal) are personal data and need a 'consent' reference "
                    + "(the data-processing agreement that allows them); add consent or remove those scopes")
        }
    }
}

extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: nil
        }
    }

    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(self)"
        }
    }
}
