internal import Foundation
internal import RecordIO
internal import Yams

/// Turns the YAML nodes of a pipeline file into a ``PipelineConfiguration``, naming the key and the
/// line of every problem. Unknown keys are errors, so a typo never silently falls back to a default.
struct PipelineFileReader {
    let path: String

    func read(_ root: Node.Mapping) throws -> PipelineConfiguration {
        let top = try keys(of: root, allowed: [
            "name", "input", "inputs", "directory", "resolve", "programmes", "scopes", "consent", "out",
            "rejectThreshold", "archive", "quarantine",
        ], context: "the pipeline")

        guard let nameNode = top["name"], let name = nameNode.string, !name.isEmpty else {
            throw fail("'name' is required (e.g. name: vn-nightly)", at: root.mark)
        }
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }) else {
            throw fail("'name' may hold only letters, digits, '-', '_' and '.'", at: nameNode.mark)
        }

        var format = PipelineConfiguration.InputFormat.csv
        var csv = CSVInputOptions()
        var maxDecompressedBytes = InputFile.defaultMaxDecompressedBytes
        if let inputNode = top["input"] {
            let input = try keys(of: mapping(inputNode, "input"), allowed: [
                "format", "delimiter", "encoding", "columns", "maxRecordBytes", "maxDecompressedBytes",
            ], context: "input")
            if let node = input["format"] {
                guard let value = node.string, let parsed = PipelineConfiguration.InputFormat(rawValue: value.lowercased()) else {
                    throw fail("input.format must be csv or xml", at: node.mark)
                }
                format = parsed
            }
            if let node = input["delimiter"] { csv.delimiter = try delimiter(node) }
            if let node = input["encoding"] {
                guard let value = node.string, let encoding = TextEncoding(name: value) else {
                    throw fail("input.encoding must be utf-8, latin1 or windows-1252", at: node.mark)
                }
                csv.encoding = encoding
            }
            if let node = input["columns"] {
                for (key, value) in try mapping(node, "input.columns") {
                    guard let partnerName = key.string, !partnerName.isEmpty else {
                        throw fail("input.columns keys are the partner's column names", at: key.mark)
                    }
                    guard let target = value.string, let field = CanonicalField(name: target) else {
                        throw fail(
                            "input.columns.\(partnerName) is '\(value.string ?? "")', which is not a canonical field; use one of "
                                + "(\(CanonicalField.allCases.map(\.name).joined(separator: ", ")))",
                            at: value.mark)
                    }
                    csv.renames[partnerName] = field
                }
            }
            if let node = input["maxRecordBytes"] {
                guard let value = node.int, value >= 1024 else {
                    throw fail("input.maxRecordBytes must be a whole number of bytes, at least 1024", at: node.mark)
                }
                csv.maxRecordBytes = value
            }
            if let node = input["maxDecompressedBytes"] {
                guard let value = node.int, value >= 1 << 20 else {
                    throw fail("input.maxDecompressedBytes must be a whole number of bytes, at least 1048576", at: node.mark)
                }
                maxDecompressedBytes = value
            }
        }

        var inputs: [String] = []
        if let node = top["inputs"] {
            guard let sequence = node.sequence else { throw fail("'inputs' is a list of file paths", at: node.mark) }
            for item in sequence {
                guard let value = item.string, !value.isEmpty else { throw fail("each of 'inputs' is a file path", at: item.mark) }
                inputs.append(value)
            }
        }

        var directoryPath = PipelineConfiguration.defaultDirectoryPath
        if let node = top["directory"] {
            let directory = try keys(of: mapping(node, "directory"), allowed: ["sqlite"], context: "directory")
            if let sqlite = directory["sqlite"] {
                guard let value = sqlite.string, !value.isEmpty else { throw fail("directory.sqlite is a file path", at: sqlite.mark) }
                directoryPath = value
            }
        }

        var programmes: [String: Programme] = [:]
        guard let programmesNode = top["programmes"] else {
            throw fail("'programmes' is required: each airline's membership id pattern and check digit", at: root.mark)
        }
        for (key, value) in try mapping(programmesNode, "programmes") {
            guard let code = key.string, code.count == 2, code.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber) }) else {
                throw fail("programme codes are 2 of A–Z 0–9 (an airline code such as VN)", at: key.mark)
            }
            let fields = try keys(of: mapping(value, "programmes.\(code)"), allowed: ["pattern", "checkDigit"], context: "programmes.\(code)")
            guard let patternNode = fields["pattern"], let pattern = patternNode.string, !pattern.isEmpty else {
                throw fail("programmes.\(code).pattern is required (a regular expression such as ^[0-9]{10}$)", at: value.mark)
            }
            if let problem = Programme(code: code, pattern: pattern, checkDigit: .none).patternError {
                throw fail("programmes.\(code).pattern is not a valid regular expression: \(problem)", at: patternNode.mark)
            }
            var checkDigit = Programme.CheckDigit.none
            if let node = fields["checkDigit"] {
                guard let text = node.string, let parsed = Programme.CheckDigit(rawValue: text.lowercased()) else {
                    throw fail("programmes.\(code).checkDigit must be none, luhn or mod7", at: node.mark)
                }
                checkDigit = parsed
            }
            programmes[code] = Programme(code: code, pattern: pattern, checkDigit: checkDigit)
        }
        guard !programmes.isEmpty else { throw fail("'programmes' names no programme", at: programmesNode.mark) }

        var strategy = ResolutionStrategy.ffnThenDocument
        var defaultProgramme: String?
        var matchName = true
        if let node = top["resolve"] {
            let resolve = try keys(of: mapping(node, "resolve"), allowed: ["strategy", "programme", "matchName"], context: "resolve")
            if let node = resolve["strategy"] {
                guard let text = node.string, let parsed = ResolutionStrategy(rawValue: text) else {
                    throw fail("resolve.strategy must be ffn, document or ffn-then-document", at: node.mark)
                }
                strategy = parsed
            }
            if let node = resolve["programme"] {
                guard let code = node.string, programmes[code] != nil else {
                    throw fail("resolve.programme must be one of the programmes (\(programmes.keys.sorted().joined(separator: ", ")))", at: node.mark)
                }
                defaultProgramme = code
            }
            if let node = resolve["matchName"] {
                guard let value = node.bool else { throw fail("resolve.matchName must be true or false", at: node.mark) }
                matchName = value
            }
        }

        var scopes: [Scope] = []
        var scopesLine: Int?
        if let node = top["scopes"] {
            scopesLine = node.mark?.line
            guard let sequence = node.sequence else { throw fail("'scopes' is a list such as [member-tier, member-status]", at: node.mark) }
            for item in sequence {
                guard let text = item.string, let scope = Scope(rawValue: text) else {
                    throw fail(
                        "unknown scope '\(item.string ?? "")'; known scopes: \(Scope.allCases.map(\.rawValue).joined(separator: ", "))",
                        at: item.mark)
                }
                if !scopes.contains(scope) { scopes.append(scope) }
            }
        }

        var consent: String?
        if let node = top["consent"] {
            guard let value = node.string else { throw fail("'consent' is a reference such as DPA-2026-014", at: node.mark) }
            consent = value.isEmpty ? nil : value
        }

        var outDirectory: String?
        if let node = top["out"] {
            guard let value = node.string, !value.isEmpty else { throw fail("'out' is a folder path", at: node.mark) }
            outDirectory = value
        }

        var rejectThreshold: Double?
        if let node = top["rejectThreshold"] {
            guard let value = node.float, value >= 0, value <= 1 else {
                throw fail("rejectThreshold is a share between 0 and 1 (e.g. 0.2)", at: node.mark)
            }
            rejectThreshold = value
        }

        var folders: [String: String] = [:]
        for key in ["archive", "quarantine"] {
            guard let node = top[key] else { continue }
            guard let value = node.string, !value.isEmpty else { throw fail("'\(key)' is a folder path", at: node.mark) }
            folders[key] = value
        }

        let configuration = PipelineConfiguration(
            name: name, sourcePath: path, format: format, csv: csv, inputs: inputs, directoryPath: directoryPath,
            strategy: strategy, defaultProgramme: defaultProgramme, matchName: matchName, programmes: programmes,
            scopes: scopes, consent: consent, outDirectory: outDirectory, rejectThreshold: rejectThreshold,
            archiveDirectory: folders["archive"], quarantineDirectory: folders["quarantine"],
            maxDecompressedBytes: maxDecompressedBytes)
        try configuration.validateScopes(line: scopesLine)
        return configuration
    }

    // MARK: - Helpers

    private func fail(_ message: String, at mark: Mark?) -> MemberLinkError {
        MemberLinkError(code: .configuration, path: path, line: mark?.line, message: message)
    }

    private func mapping(_ node: Node, _ key: String) throws -> Node.Mapping {
        guard let mapping = node.mapping else { throw fail("'\(key)' must be a mapping of keys", at: node.mark) }
        return mapping
    }

    private func keys(of mapping: Node.Mapping, allowed: Set<String>, context: String) throws -> [String: Node] {
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.string else { throw fail("keys in \(context) must be text", at: key.mark) }
            guard allowed.contains(name) else {
                throw fail("unknown key '\(name)' in \(context); known keys: \(allowed.sorted().joined(separator: ", "))", at: key.mark)
            }
            guard result[name] == nil else { throw fail("'\(name)' is given twice in \(context)", at: key.mark) }
            result[name] = value
        }
        return result
    }

    private func delimiter(_ node: Node) throws -> UInt8 {
        guard let text = node.string else { throw fail("input.delimiter is one character such as \",\" or \";\"", at: node.mark) }
        switch text {
        case "\t", "tab", "\\t": return UInt8(ascii: "\t")
        default:
            guard text.utf8.count == 1, let byte = text.utf8.first, byte != UInt8(ascii: "\""), byte != 0x0A, byte != 0x0D
            else {
                throw fail("input.delimiter must be a single character other than a quote or a line break (\",\", \";\", tab, \"|\")", at: node.mark)
            }
            return byte
        }
    }
}
