internal import Foundation

extension Reconciliation {
    /// What the previous run of a pipeline reported, for the page's "then and now" rates: the
    /// `records` and `byCode` of the `reconciliation.json` its output folder held before this run
    /// published (CONTRACT §4).
    public struct PreviousRun: Sendable, Hashable {
        /// The previous run's id, and when it finished (as it wrote them).
        public var runId: String
        public var finishedAt: String
        public var records: Records
        /// Its counts per outcome code; codes this version does not know are left out.
        public var byCode: [OutcomeCode: Int]

        public init(runId: String, finishedAt: String, records: Records, byCode: [OutcomeCode: Int]) {
            self.runId = runId
            self.finishedAt = finishedAt
            self.records = records
            self.byCode = byCode
        }

        /// A previous `reconciliation.json` larger than this is not read (it would be a damaged
        /// or foreign file: one with a million inputs is still far below it).
        static let maximumBytes = 64 << 20

        /// The previous run of `pipeline` from `folder/reconciliation.json`; nil when there is no
        /// such file, it cannot be read or parsed, or it belongs to another pipeline. Never throws:
        /// a missing comparison must not stop a run.
        public static func read(folder: String, pipeline: String) -> PreviousRun? {
            let path = (folder as NSString).appendingPathComponent("reconciliation.json")
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let size = (attributes[.size] as? NSNumber)?.intValue, size <= maximumBytes,
                let data = FileManager.default.contents(atPath: path)
            else { return nil }
            return parse(Array(data), pipeline: pipeline)
        }

        /// Parses `reconciliation.json` bytes (Foundation's `JSONSerialization`); nil when they are
        /// not a reconciliation of `pipeline` with whole, non-negative `records` counts.
        public static func parse(_ json: [UInt8], pipeline: String) -> PreviousRun? {
            guard let object = try? JSONSerialization.jsonObject(with: Data(json)) as? [String: Any],
                object["pipeline"] as? String == pipeline,
                let records = object["records"] as? [String: Any],
                let recordsIn = count(records["in"]), let attached = count(records["attached"]),
                let alreadyAttached = count(records["alreadyAttached"]), let rejected = count(records["rejected"])
            else { return nil }
            var byCode: [OutcomeCode: Int] = [:]
            for (text, value) in object["byCode"] as? [String: Any] ?? [:] {
                if let code = OutcomeCode(rawValue: text), let value = count(value) { byCode[code] = value }
            }
            let timings = object["timings"] as? [String: Any]
            return PreviousRun(
                runId: object["runId"] as? String ?? "", finishedAt: timings?["finishedAt"] as? String ?? "",
                records: Records(
                    in: recordsIn, attached: attached, alreadyAttached: alreadyAttached, rejected: rejected),
                byCode: byCode)
        }

        /// A JSON number that is a whole count: not negative, not a fraction, exact in a Double.
        private static func count(_ value: Any?) -> Int? {
            guard let number = value as? NSNumber else { return nil }
            let double = number.doubleValue
            guard double >= 0, double <= 9_007_199_254_740_992, double.rounded(.towardZero) == double else {
                return nil
            }
            return Int(double)
        }
    }
}
