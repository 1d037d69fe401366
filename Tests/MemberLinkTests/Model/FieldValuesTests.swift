import Testing

@testable import MemberLink

@Suite("FieldValues: a record's values, with value semantics, freed without destroying short strings")
struct FieldValuesTests {
    /// Short ASCII, short non-ASCII, long native and long literal strings.
    private static let samples = [
        "", "PAX_1_1", "Lê", "2026-12-07", String(repeating: "long value ", count: 5),
        "a literal longer than fifteen bytes",
        "Nguyễn Thị Minh Khai", "x",
    ]

    @Test("values made in place read back, in order")
    func madeInPlace() {
        let values = FieldValues(count: 24) { Self.samples[$0 % Self.samples.count] }
        #expect(values.count == 24)
        #expect(Array(values) == (0..<24).map { Self.samples[$0 % Self.samples.count] })
        #expect(Array(FieldValues(count: 3)) == ["", "", ""])
        #expect(Array(FieldValues(["a", "b"])) == ["a", "b"])
        let initialized = FieldValues(unsafeUninitializedCount: 4) { values in
            values.initialize(to: Self.samples[4])
            (values + 1).initialize(repeating: "", count: 3)
        }
        #expect(Array(initialized) == [Self.samples[4], "", "", ""])
    }

    @Test("a copy is changed on its own (copy on write)")
    func copyOnWrite() {
        let original = FieldValues(Self.samples)
        var copy = original
        copy[0] = "changed"
        copy[4] = String(repeating: "another long value ", count: 3)
        #expect(Array(original) == Self.samples)
        #expect(copy[0] == "changed" && copy[1] == Self.samples[1])
        #expect(copy != original)
        var again = copy
        again[0] = Self.samples[0]
        again[4] = Self.samples[4]
        #expect(again == original)
        #expect(again.hashValue == original.hashValue)
    }

    @Test("strings taken out outlive the values they came from")
    func valuesOutliveTheirStorage() {
        var kept: [String] = []
        for round in 0..<1_000 {
            let values = FieldValues(count: 24) { "\(Self.samples[$0 % Self.samples.count]) \(round)-\($0)" }
            kept.append(values[round % 24])
        }
        #expect(kept.count == 1_000)
        #expect(kept[999] == "\(Self.samples[999 % 24 % Self.samples.count]) 999-\(999 % 24)")
        #expect(kept.allSatisfy { !$0.isEmpty })
    }

    struct Stop: Error {}

    @Test("a failure while making values is thrown, and only the values made are destroyed (others would crash)")
    func failureWhileMaking() {
        #expect(throws: Stop.self) {
            // The slots after the failure are never written: destroying them as strings would
            // release whatever bits the allocation held.
            _ = try FieldValues(count: 24) { index in
                if index == 10 { throw Stop() }
                return String(repeating: "made before the failure ", count: 2)
            }
        }
    }

    @Test("a record's equality and hash are its values'")
    func recordEquality() {
        let location = SourceLocation(file: "in.csv", line: 2)
        let fields = (0..<CanonicalField.count).map { Self.samples[$0 % Self.samples.count] }
        let left = PassengerRecord(location: location, sequence: 0, fields: fields)
        var right = PassengerRecord(location: location, sequence: 0, fields: FieldValues(fields))
        #expect(left == right && left.hashValue == right.hashValue)
        right[.surname] = "Other"
        #expect(left != right)
        #expect(left[.surname] == fields[CanonicalField.surname.rawValue])
    }

    @Test(
        "a value read in place is empty exactly when its string is; a record has a document when any document field is given"
    )
    func emptinessInPlace() {
        let values = ["", "A", "Lê", "", String(repeating: "long ", count: 10), String(decoding: [], as: UTF8.self)]
        let fields = FieldValues(values)
        for index in values.indices {
            #expect(fields.isEmpty(at: index) == values[index].isEmpty, "\(index)")
            #expect(fields[index] == values[index], "a read in place leaves the value as it is")
        }
        var record = PassengerRecord(location: SourceLocation(file: "in.csv", line: 2), sequence: 0)
        #expect(!record.hasDocument)
        for field in CanonicalField.documentFields {
            var given = record
            given[field] = "X"
            #expect(given.hasDocument, "\(field)")
        }
        record[.surname] = "Not a document field"
        #expect(!record.hasDocument)
    }
}
