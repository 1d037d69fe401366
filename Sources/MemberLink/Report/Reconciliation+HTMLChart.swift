/// The outcome-code chart of `reconciliation.html`: one horizontal bar per code as inline SVG
/// (no namespace URL is needed inside HTML), with a `<title>` and a `<desc>` that reads out every
/// figure, so the chart has a text alternative besides the table that follows it.
extension Reconciliation {
    /// One code's count now and in the previous run (nil without a previous run).
    struct CodeRow: Equatable {
        var code: OutcomeCode
        var now: Int
        var then: Int?
    }

    /// The codes that occurred in this run or the previous one, largest count first (then the
    /// previous run's count, then code text): the order of the chart and its table.
    var codeRows: [CodeRow] {
        var codes = Set(byCode.filter { $0.value != 0 }.keys)
        if let previous { codes.formUnion(previous.byCode.filter { $0.value != 0 }.keys) }
        let rows = codes.map { code in
            CodeRow(code: code, now: byCode[code] ?? 0, then: previous.map { $0.byCode[code] ?? 0 })
        }
        return rows.sorted { lhs, rhs in
            if lhs.now != rhs.now { return lhs.now > rhs.now }
            if (lhs.then ?? 0) != (rhs.then ?? 0) { return (lhs.then ?? 0) > (rhs.then ?? 0) }
            return lhs.code.rawValue < rhs.code.rawValue
        }
    }

    /// Bar colours: success codes green, the rest orange, the previous run grey (the table and
    /// the labels carry the same meaning, so colour is never the only cue).
    private static let successColour = "#1f883d"
    private static let rejectedColour = "#d1670c"
    private static let previousColour = "#8c959f"

    /// The chart and its legend. Bars are shares of records in (per mille, integer arithmetic),
    /// scaled so that the largest share, now or then, fills the bar area.
    func codeChart(_ rows: [CodeRow]) -> String {
        let labelWidth = 200
        let barArea = 400
        let width = 780
        let barHeight = 18
        let rowHeight = previous == nil ? 28 : 36
        let height = rows.count * rowHeight + 6
        let previousTotal = previous?.records.in ?? 0
        func perMille(_ count: Int, of total: Int) -> Int { total > 0 ? (count * 1000 + total / 2) / total : 0 }
        let largest =
            rows.map { max(perMille($0.now, of: records.in), perMille($0.then ?? 0, of: previousTotal)) }
            .max() ?? 0
        func length(_ count: Int, of total: Int) -> Int {
            guard count > 0, largest > 0 else { return 0 }
            return max(2, perMille(count, of: total) * barArea / largest)
        }

        var description: [String] = []
        for row in rows {
            var item = "\(row.code.rawValue) \(Self.count(row.now)) (\(Self.rate(row.now, of: records.in)))"
            if let then = row.then {
                item += ", previous run \(Self.count(then)) (\(Self.rate(then, of: previousTotal)))"
            }
            description.append(item)
        }
        var svg =
            "<figure>\n<svg role=\"img\" aria-labelledby=\"codes-chart-title codes-chart-desc\" width=\"\(width)\" "
            + "height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">\n"
            + "<title id=\"codes-chart-title\">Records by outcome code</title>\n"
            + "<desc id=\"codes-chart-desc\">\(Self.text(description.joined(separator: "; "))).</desc>\n"
            + "<line x1=\"\(labelWidth)\" y1=\"0\" x2=\"\(labelWidth)\" y2=\"\(height)\" stroke=\"#8c959f\"/>\n"
        for (index, row) in rows.enumerated() {
            let top = 4 + index * rowHeight
            let code = Self.text(row.code.rawValue)
            let nowLength = length(row.now, of: records.in)
            let colour = row.code.isSuccess ? Self.successColour : Self.rejectedColour
            svg +=
                "<g><text x=\"\(labelWidth - 8)\" y=\"\(top + 14)\" text-anchor=\"end\">\(code)</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(top)\" width=\"\(nowLength)\" height=\"\(barHeight)\" fill=\"\(colour)\">"
                + "<title>\(code): \(Self.count(row.now, "record", "records")), \(Self.rate(row.now, of: records.in))</title></rect>"
                + "<text x=\"\(labelWidth + nowLength + 6)\" y=\"\(top + 14)\">\(Self.count(row.now)) · "
                + "\(Self.rate(row.now, of: records.in))</text>"
            if let then = row.then {
                let thenLength = length(then, of: previousTotal)
                svg +=
                    "<rect x=\"\(labelWidth)\" y=\"\(top + barHeight + 3)\" width=\"\(thenLength)\" height=\"7\" "
                    + "fill=\"\(Self.previousColour)\"><title>\(code) in the previous run: \(Self.count(then, "record", "records")), "
                    + "\(Self.rate(then, of: previousTotal))</title></rect>"
                    + "<text class=\"then\" x=\"\(labelWidth + thenLength + 6)\" y=\"\(top + barHeight + 10)\">"
                    + "previous \(Self.rate(then, of: previousTotal))</text>"
            }
            svg += "</g>\n"
        }
        svg += "</svg>\n<figcaption class=\"legend\">"
        svg +=
            "<span class=\"key\" style=\"background:\(Self.successColour)\"></span>attached or already attached "
            + "<span class=\"key\" style=\"background:\(Self.rejectedColour)\"></span>rejected"
        if previous != nil {
            svg += " <span class=\"key thin\" style=\"background:\(Self.previousColour)\"></span>previous run"
        }
        svg += ". Bar lengths are shares of records in.</figcaption>\n</figure>\n"
        return svg
    }
}
