public import RecordIO

/// A partner booking file read as a cursor of ``IngestedRow``s in file order, whatever its format.
public protocol BookingRowReader: AnyObject {
    /// The header row's exact bytes for `rejects/NAME` (CSV), or nil for formats without one.
    var headerRaw: [UInt8]? { get }
    /// The next row, or nil at the end of the file.
    func next() throws -> IngestedRow?
}

extension CSVBookingReader: BookingRowReader {
    public var headerRaw: [UInt8]? { header }
}

/// Makes the reader for a pipeline's input format.
public enum BookingRowReaders {
    public static func make(
        format: PipelineConfiguration.InputFormat, source: any ByteSource, displayName: String, csv: CSVInputOptions
    ) throws -> any BookingRowReader {
        switch format {
        case .csv: try CSVBookingReader(source: source, displayName: displayName, options: csv)
        case .xml: try XMLBookingReader(source: source, displayName: displayName)
        }
    }
}
