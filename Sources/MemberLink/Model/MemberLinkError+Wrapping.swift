internal import RecordIO
internal import Storage

extension MemberLinkError {
    /// Any error from the layers below as a ``MemberLinkError`` with the exit code CONTRACT §5
    /// gives it: the one place where lower-level failures meet the command line.
    public static func wrapping(_ error: any Error) -> MemberLinkError {
        switch error {
        case let error as MemberLinkError:
            return error
        case let error as RecordIOError:
            let code: Code
            switch error.code {
            case .fileNotFound, .permissionDenied: code = .inputMissing
            case .cannotCreate: code = .cannotCreateOutput
            case .ioError, .damaged: code = .ioError
            default: code = .inputUnreadable
            }
            return MemberLinkError(code: code, path: error.path, line: error.line, message: error.message)
        case let error as MemberImportError:
            return MemberLinkError(code: .inputUnreadable, path: error.file, line: error.line, message: error.message)
        case let error as SQLiteError:
            let reason = error.message.split(whereSeparator: \.isNewline).joined(separator: " ")
            return MemberLinkError(
                code: .ioError, path: error.path,
                message: "the member directory cannot be used (SQLite: \(reason)); check that the path names a "
                    + "member directory, or import the members again")
        case let error as DirectoryError:
            return MemberLinkError(code: .configuration, path: error.path, message: error.message)
        case let error as ReportError:
            return MemberLinkError(code: .ioError, path: "", message: "\(error)")
        default:
            return MemberLinkError(code: .ioError, path: "", message: "\(error)")
        }
    }
}
