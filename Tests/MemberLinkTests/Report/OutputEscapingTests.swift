import Testing

@testable import MemberLink

/// CSV cells (RFC 4180 and the CONTRACT §4 injection guard) and JSON strings (RFC 8259 §7).
@Suite struct OutputEscapingTests {
    private func cell(_ value: String) -> String {
        var line = OutputLine()
        line.csv(value, first: true)
        return String(decoding: line.bytes, as: UTF8.self)
    }

    private func jsonString(_ value: String) -> String {
        var line = OutputLine()
        line.json(value)
        return String(decoding: line.bytes, as: UTF8.self)
    }

    @Test(arguments: [
        ("=SUM(A1:A9)", "'=SUM(A1:A9)"),
        ("+33 1 23", "'+33 1 23"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "\"'\rx\""),
        ("=1,2", "\"'=1,2\""),
        ("a=b", "a=b"),
        ("x-1", "x-1"),
        ("'quoted", "'quoted"),
    ])
    func injectionGuard(value: String, expected: String) {
        #expect(cell(value) == expected)
    }

    @Test(arguments: [
        ("plain", "plain"),
        ("", ""),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r\nlf", "\"cr\r\nlf\""),
        ("Nguyễn Văn", "Nguyễn Văn"),
    ])
    func rfc4180Quoting(value: String, expected: String) {
        #expect(cell(value) == expected)
    }

    @Test func cardNumbersNeverReachACell() {
        #expect(cell("Ann 4111111111111111") == "Ann ****************")
        #expect(cell("-4111111111111111") == "'-****************")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"C:\dir"#, #""C:\\dir""#),
        ("a\nb\rc\td", #""a\nb\rc\td""#),
        ("\u{8}\u{C}", #""\b\f""#),
        ("\u{0}\u{1}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{7F}", "\"\u{7F}\""),
        ("a/b", #""a/b""#),
        ("Đặng «é» € 😀", "\"Đặng «é» € 😀\""),
        ("=1", #""=1""#),
        ("card 4111-1111-1111-1111", #""card *******************""#),
    ])
    func jsonEscaping(value: String, expected: String) {
        #expect(jsonString(value) == expected)
    }

    /// The outcome codes and resolution kinds are written without the guards (identifierCell):
    /// the guards and the quoting would leave each of them as it is.
    @Test func identifiersPassTheGuardsUnchanged() {
        let identifiers = OutcomeCode.allCases.map(\.rawValue) + [ResolvedBy.ffn, .document].map(\.rawValue) + [""]
        for identifier in identifiers {
            var guarded = OutputLine()
            guarded.csv(identifier)
            var direct = OutputLine()
            direct.identifierCell(identifier)
            #expect(direct.bytes == guarded.bytes, "\(identifier)")
            #expect(direct.bytes == Array(",\(identifier)".utf8))
        }
    }

    /// The cells of outcome codes and resolution kinds written from bytes made ahead are the
    /// identifiers' own cells, for every code and kind (none found included).
    @Test func identifierCellsMadeAheadAreTheIdentifiers() {
        for code in OutcomeCode.allCases {
            var ahead = OutputLine()
            ahead.outcomeCodeCell(code)
            var direct = OutputLine()
            direct.identifierCell(code.rawValue)
            #expect(ahead.bytes == direct.bytes, "\(code)")
        }
        for resolvedBy in [ResolvedBy.ffn, .document, nil] {
            var ahead = OutputLine()
            ahead.resolvedByCell(resolvedBy)
            var direct = OutputLine()
            direct.identifierCell(resolvedBy?.rawValue ?? "")
            #expect(ahead.bytes == direct.bytes, "\(String(describing: resolvedBy))")
        }
    }

    @Test func numbersAreDecimal() {
        var line = OutputLine()
        line.number(0)
        line.raw(",")
        line.number(1_234_567)
        line.raw(",")
        line.number(-42)
        line.raw(",")
        line.number(Int.max)
        line.raw(",")
        line.number(Int.min)
        #expect(
            String(decoding: line.bytes, as: UTF8.self)
                == "0,1234567,-42,9223372036854775807,-9223372036854775808")
    }
}
