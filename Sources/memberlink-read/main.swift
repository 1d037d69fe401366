// memberlink-read: reads a partner file into records with MemberLink's own readers and nothing
// else (no validation, no directory, no outputs), for the benchmark's like-for-like comparison with
// other readers of the same file (Benchmarks/README.md: `xmllint --stream`, lxml `iterparse`).
//
//     memberlink-read xml FILE      # or: csv FILE
//
// Prints the records read (readable and malformed) and the seconds. Built by Benchmarks/run.sh.
// XML is parsed on a second thread, as in a run; MEMBERLINK_READ_ONE_THREAD=1 reads it on one
// (the figure before XMLParseAhead, Benchmarks/README.md); MEMBERLINK_READ_ONE_PARSER=1 parses it with
// one libxml2 parser instead of two at once (XMLSplitParse). MEMBERLINK_READ_SKIM=1 reads the rows as
// a run's first pass does (for CSV, only the booking keys are decoded).
import Foundation
import MemberLink
import RecordIO

let arguments = CommandLine.arguments
guard arguments.count == 3, let format = PipelineConfiguration.InputFormat(rawValue: arguments[1]) else {
    FileHandle.standardError.write(Data("usage: memberlink-read xml|csv FILE\n".utf8))
    exit(64)
}
let path = arguments[2]
let started = Date()
do {
    let reader = try BookingRowReaders.make(
        format: format, source: try InputFile.open(path: path), displayName: path, csv: CSVInputOptions(),
        parseAhead: ProcessInfo.processInfo.environment["MEMBERLINK_READ_ONE_THREAD"] == nil,
        splitPath: ProcessInfo.processInfo.environment["MEMBERLINK_READ_ONE_PARSER"] == nil ? path : nil)
    var records = 0
    var malformed = 0
    if ProcessInfo.processInfo.environment["MEMBERLINK_READ_SKIM"] != nil {
        while let row = try reader.skim() {
            if row.bookingFingerprint == nil { malformed += 1 } else { records += 1 }
        }
    } else {
        while let row = try reader.next() {
            if case .malformed = row { malformed += 1 } else { records += 1 }
        }
    }
    let seconds = Date().timeIntervalSince(started)
    print("memberlink-read \(format.rawValue): \(records + malformed) records (\(malformed) malformed) in "
        + String(format: "%.2f", seconds) + " s")
} catch {
    FileHandle.standardError.write(Data("memberlink-read: \(error)\n".utf8))
    exit(65)
}
