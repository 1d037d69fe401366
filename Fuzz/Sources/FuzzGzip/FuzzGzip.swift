// libFuzzer target: RecordIO's GzipByteSource, as InputFile.open uses it for every .gz input.
//
// Two modes, chosen by the first byte:
// - damaged streams: the rest of the input is read as gzip. Nothing traps; a failure is one of
//   gzipTruncated, gzipCorrupt or sizeLimitExceeded; the output never exceeds the cap; reading
//   with another chunk size gives the same bytes or the same error.
// - round trip: the rest of the input is compressed with zlib into one to four gzip members, which
//   must decompress to exactly the input (multi-member streams included); cut anywhere inside the
//   last member, the stream must fail as truncated or corrupt, never pass as shorter data.
import CZlib
import RecordIO

func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

let cap = 1 << 20

enum Result: Equatable {
    case bytes([UInt8])
    case failed(RecordIOError.Code)
}

func gunzip(_ bytes: [UInt8], chunkSize: Int, readSize: Int) -> Result {
    var output: [UInt8] = []
    do {
        let source = try GzipByteSource(
            wrapping: MemoryByteSource(bytes, chunkSize: chunkSize), path: "fuzz.gz", maxOutputBytes: cap)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: readSize, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            output += buffer[..<count]
            require(output.count <= cap, "\(output.count) bytes produced past the cap of \(cap)")
        }
    } catch let error as RecordIOError {
        require([.gzipTruncated, .gzipCorrupt, .sizeLimitExceeded].contains(error.code), "unexpected \(error.code)")
        return .failed(error.code)
    } catch {
        fatalError("unexpected error \(error)")
    }
    return .bytes(output)
}

/// `bytes` as one gzip member (zlib, window bits 15+16).
func gzipMember(_ bytes: ArraySlice<UInt8>, level: Int32) -> [UInt8] {
    var stream = z_stream()
    require(
        deflateInit2_(
            &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)) == Z_OK,
        "deflateInit2")
    defer { deflateEnd(&stream) }
    var input = Array(bytes)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 64)
    let produced = input.withUnsafeMutableBufferPointer { inBuffer in
        output.withUnsafeMutableBufferPointer { outBuffer in
            stream.next_in = inBuffer.baseAddress
            stream.avail_in = uInt(inBuffer.count)
            stream.next_out = outBuffer.baseAddress
            stream.avail_out = uInt(outBuffer.count)
            require(deflate(&stream, Z_FINISH) == Z_STREAM_END, "deflate did not finish")
            return outBuffer.count - Int(stream.avail_out)
        }
    }
    return Array(output[..<produced])
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 2 else { return 0 }
    let mode = data[0]
    let knob = Int(data[1])
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))

    if mode & 1 == 0 {
        let first = gunzip(bytes, chunkSize: 1 + knob % 16, readSize: 1 + knob / 16)
        let second = gunzip(bytes, chunkSize: 1 << 16, readSize: 1 << 16)
        require(first == second, "chunk sizes disagree: \(first) vs \(second)")
        return 0
    }

    guard bytes.count <= cap else { return 0 }
    let members = 1 + knob % 4
    var stream: [UInt8] = []
    var lastMemberStart = 0
    for member in 0..<members {
        let start = bytes.count * member / members
        let end = bytes.count * (member + 1) / members
        lastMemberStart = stream.count
        stream += gzipMember(bytes[start..<end], level: Int32(knob % 10))
    }
    require(gunzip(stream, chunkSize: 1 + knob % 7, readSize: 1 + knob % 13) == .bytes(bytes), "round trip lost data")
    let cut = lastMemberStart + 1 + (knob * 7919) % max(stream.count - lastMemberStart - 1, 1)
    if cut < stream.count {
        switch gunzip(Array(stream[..<cut]), chunkSize: 1 + knob % 5, readSize: 4096) {
        case .bytes: require(false, "a stream cut at \(cut) of \(stream.count) bytes passed as complete")
        case .failed(let code): require(code == .gzipTruncated || code == .gzipCorrupt, "cut stream failed as \(code)")
        }
    }
    return 0
}
