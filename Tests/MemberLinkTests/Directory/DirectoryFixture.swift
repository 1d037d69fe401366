import Foundation
@testable import MemberLink

/// A temporary folder holding a real member directory file; removed when the fixture goes away.
final class DirectoryFixture {
    let folder: String
    var path: String { folder + "/dir/members.sqlite" }

    init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/memberlink-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Opens the directory (a new connection each time, as a new run would).
    func open() throws -> MemberDirectory { try MemberDirectory(path: path) }

    /// Opens the directory and imports `rows` (data rows only; the header is added).
    @discardableResult
    func directory(with rows: [[String]]) throws -> MemberDirectory {
        let directory = try open()
        _ = try MemberImporter(directory: directory).importExtract(
            file: "members.csv", rows: MemberExtractRows(lines: [ExtractRow.header] + rows))
        return directory
    }
}

/// Builds member extract rows (CONTRACT §1.3) in contract column order.
enum ExtractRow {
    static let header = [
        "programme", "ffn", "status", "tier", "tierExpiry", "allianceTier", "enrollmentDate", "balance",
        "coalition", "languages", "segments", "title", "firstName", "familyName", "dateOfBirth", "gender",
        "maritalStatus", "nationality", "email", "phoneCountryCode", "phoneNumber", "phoneType", "addressLines",
        "postCode", "country", "documents",
    ]

    static func make(
        programme: String = "VN", ffn: String, status: String = "A", tier: String = "GOLD",
        allianceTier: String = "ELITE PLUS", firstName: String = "An", familyName: String = "Nguyen",
        dateOfBirth: String = "1980-01-02", documents: String = ""
    ) -> [String] {
        [
            programme, ffn, status, tier, "2027-12-31", allianceTier, "2010-05-01", "12000", "LOTUS",
            "vi|en", "BUSINESS|LEISURE", "MR", firstName, familyName, dateOfBirth, "M", "MARRIED", "VNM",
            "an@example.com", "84", "912345678", "MOBILE", "1 Trang Tien|Hoan Kiem", "100000", "VNM", documents,
        ]
    }
}
