/// Text for `reconciliation.html`: the style sheet, number and share formats (integer arithmetic,
/// no locale: the same bytes everywhere), and escaping.
extension Reconciliation {
    /// The page's whole style: system fonts only, sized for a laptop screen, with print rules
    /// (no navigation, colours kept, sections not split across pages where they fit).
    static let styleSheet = """
        :root{color-scheme:light}
        body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;color:#1f2328;background:#fff;margin:0 auto;padding:1.5rem 2rem 3rem;max-width:72rem}
        h1{font-size:1.6rem;margin:0 0 .25rem}
        h2{font-size:1.2rem;margin:2rem 0 .75rem;padding-bottom:.25rem;border-bottom:1px solid #d0d7de}
        a{color:#0969da}
        nav{display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;margin:.5rem 0 0}
        .meta{color:#59636e;margin:0}
        .note{color:#59636e;font-size:.9rem}
        code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.9em}
        .check{padding:.6rem 1rem;border:1px solid;border-radius:6px;font-weight:600}
        .check.ok{background:#dafbe1;border-color:#1a7f37;color:#116329}
        .check.fail{background:#ffebe9;border-color:#cf222e;color:#a40e26}
        .tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.75rem;margin:1rem 0}
        .tiles div{border:1px solid #d0d7de;border-radius:6px;padding:.6rem .9rem}
        .tiles div.bad{border-left:4px solid #d1670c}
        .tiles dt{color:#59636e;font-size:.9rem}
        .tiles dd{margin:0;font-size:.9rem}
        .tiles dd.value{font-size:1.7rem;font-weight:600;font-variant-numeric:tabular-nums;line-height:1.3}
        .then{color:#59636e}
        table{border-collapse:collapse;margin:.5rem 0 1rem;min-width:min(100%,36rem)}
        table.wide{width:100%}
        caption{text-align:left;color:#59636e;padding-bottom:.3rem}
        th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
        thead th{background:#f6f8fa}
        tbody th{font-weight:normal}
        .n{text-align:right;font-variant-numeric:tabular-nums}
        td.n{white-space:nowrap}
        .path{overflow-wrap:break-word}
        .digest{font-size:.75em;word-break:break-all;color:#59636e}
        td.bad{color:#a40e26}
        figure{margin:0 0 .5rem}
        svg{display:block;max-width:100%;height:auto}
        svg text{font:13px system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;fill:#1f2328}
        svg text.then{fill:#59636e;font-size:11px}
        .legend{color:#59636e;font-size:.9rem}
        .key{display:inline-block;width:.9rem;height:.9rem;margin:0 .35rem 0 .75rem;vertical-align:-.1rem;border-radius:2px}
        .key:first-child{margin-left:0}
        .key.thin{height:.4rem;vertical-align:.1rem}
        *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        @media print{body{font-size:10pt;max-width:none;padding:0}nav{display:none}h2{break-after:avoid}section{break-inside:avoid}tr{break-inside:avoid}a{color:inherit;text-decoration:none}}
        @page{margin:14mm}

        """

    /// A count with thousands grouped by commas, e.g. `1,234,567`.
    static func count(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (position, digit) in digits.enumerated() {
            if position > 0, (digits.count - position) % 3 == 0 { out += "," }
            out.append(digit)
        }
        return out
    }

    /// A count with its noun, singular for 1: `1 record`, `2,000 records`.
    static func count(_ value: Int, _ singular: String, _ plural: String) -> String {
        "\(count(value)) \(value == 1 ? singular : plural)"
    }

    /// A share in tenths of a percent, rounded half up; nil of nothing.
    static func tenths(_ count: Int, of total: Int) -> Int? {
        guard total > 0 else { return nil }
        return (count * 1000 + total / 2) / total
    }

    /// A share as a percentage with one decimal, e.g. `12.5%`, by integer arithmetic; `–` of nothing.
    static func rate(_ count: Int, of total: Int) -> String {
        guard let tenths = tenths(count, of: total) else { return "–" }
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// The change between two shares as shown (rounded first, so the figures add up), in
    /// percentage points: `+2.9 pp`, `−0.4 pp`, `0.0 pp`; `–` when either share is of nothing.
    static func change(_ count: Int, of total: Int, from earlier: Int, of earlierTotal: Int) -> String {
        guard let now = tenths(count, of: total), let then = tenths(earlier, of: earlierTotal) else { return "–" }
        let delta = now - then
        let sign = delta > 0 ? "+" : delta < 0 ? "−" : ""
        return "\(sign)\(delta.magnitude / 10).\(delta.magnitude % 10) pp"
    }

    /// A file path for the page, like ``text(_:)``, with a line-break opportunity (`<wbr>`) after
    /// each `/` so that long paths wrap between folders rather than inside names.
    static func path(_ value: String) -> String {
        text(value).replacing("/", with: "/<wbr>")
    }

    /// A value for the page: card numbers starred, then escaped.
    static func text(_ value: String) -> String {
        escape(CardNumberGuard.redact(value))
    }

    /// HTML escaping of text and attribute values: `&`, `<`, `>`, `"` and `'`; control characters
    /// (which HTML does not allow, and a file name may hold) become their visible Unicode control
    /// pictures (U+2400–U+2421), so `a\nb.csv` shows as `a␊b.csv`.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\u{0}"..."\u{1F}": out.unicodeScalars.append(Unicode.Scalar(0x2400 + character.value)!)
            case "\u{7F}": out += "\u{2421}"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
