import ActionPlanModel

/// The national picture as one self-contained HTML page (`actionplan national`): for each
/// framework, how the latest headline grades of England's authorities fall, region by region, as
/// inline SVG bar charts with the figures in tables beside them; and, for an authority, its grade
/// against its statistical neighbours, its region and England. No script, no external request;
/// the board pack's CSS and escaping (`HTMLReport`). Well-formed XML, as the board pack.
public enum NationalReport {
    /// The colour of each grade in the charts: outstanding blue, good (and positive) green, the
    /// middle steps amber, the worst red, as the board pack colours its BRAG.
    public static let colours: [Grade: String] = [
        .outstanding: "#1d70b8", .good: "#00703c", .requiresImprovement: "#f47738", .adequate: "#f47738",
        .inadequate: "#d4351c", .positive: "#00703c", .inconsistent: "#f47738", .systemicFailings: "#d4351c",
    ]

    /// `england` is the statistics over England, `regions` the same per region (same date);
    /// `comparisons` the chosen authority against each group (empty when none was chosen).
    public static func render(england: JudgementStatistics, regions: [JudgementStatistics], comparisons: [AuthorityComparison]) -> String {
        let esc = HTMLReport.esc
        let title = "Latest inspection judgements as at \(england.asOf.longDescription)"
        var out = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
        out += "<title>\(esc(title))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n"
        out += "<header>\n<p class=\"kicker\">The national picture</p>\n<h1>\(esc(title))</h1>\n"
        out += "<p class=\"scope\">\(england.authorities.count) authorities of England at the date. Each authority counts with its latest graded document whose visit ended by then; shares are of the authorities with a grade. Only the reports imported into this database are counted.</p>\n</header>\n"
        if let first = comparisons.first {
            out += "<section class=\"part\" id=\"authority\">\n<h2>\(esc(first.authority.name)) (\(esc(first.authority.code)))</h2>\n"
            for framework in InspectionFramework.allCases {
                let entries = comparisons.compactMap { c in c.frameworks.first { $0.framework == framework }.map { (c.group, $0) } }
                guard entries.contains(where: { $0.1.own != nil || $0.1.distribution.graded > 0 }) else { continue }
                out += "<h3>\(esc(framework.label))</h3>\n"
                let own = entries.first?.1.own
                out += "<p>\(esc(first.authority.name)): <strong>\(esc(own.map { $0.headline?.label ?? "headline not read" } ?? "no document in the database"))</strong>"
                if let own { out += " (\(own.day.iso), plan \(own.planId))" }
                out += "</p>\n"
                chart(framework, rows: entries.map { ($0.0.label, $0.1.distribution) }, into: &out)
                figures(framework, rows: entries.map { ($0.0.label, $0.1.distribution) }, into: &out)
            }
            out += "</section>\n"
        }
        for (index, distribution) in england.frameworks.enumerated() {
            let framework = distribution.framework
            out += "<section class=\"part\" id=\"\(framework.rawValue)\">\n<h2>\(esc(framework.label))</h2>\n"
            guard distribution.graded > 0 || !distribution.unread.isEmpty else {
                out += "<p class=\"none\">No authority has a document of this framework in the database at this date.</p>\n</section>\n"
                continue
            }
            out += "<p class=\"big\"><strong>\(distribution.goodOrBetterPercent)% \(framework.favourableWords)</strong> of the \(distribution.graded) authorities with a grade; \(distribution.none.count) have none in the database.</p>\n"
            let rows = [("England", distribution)] + regions.compactMap { r in
                r.region.map { name in (name, r.frameworks[index]) }
            }
            chart(framework, rows: rows, into: &out)
            figures(framework, rows: rows, into: &out)
            out += "</section>\n"
        }
        out += "<footer><p>Made by actionplan from the inspection reports imported into its database. See docs/national.md for how the figures are counted and why they differ from Ofsted's.</p></footer>\n"
        out += "</body>\n</html>\n"
        return out
    }

    /// One stacked bar per row: the shares of each grade of the framework's scale.
    static func chart(_ framework: InspectionFramework, rows: [(label: String, distribution: GradeDistribution)], into out: inout String) {
        let esc = HTMLReport.esc, num = HTMLReport.num
        let labelWidth = 200.0, barWidth = 380.0, row = 22.0
        let legendY = Double(rows.count) * row + 10
        let height = legendY + 20
        out += "<svg class=\"grades\" viewBox=\"0 0 640 \(num(height))\" width=\"640\" height=\"\(num(height))\" font-size=\"12\" role=\"img\" aria-label=\"\(esc(framework.label + ": latest grades"))\">\n"
        out += "<title>\(esc(framework.label + ": latest grades"))</title>\n"
        for (i, r) in rows.enumerated() {
            let y = Double(i) * row + 3
            let d = r.distribution
            let shown = r.label.count > 30 ? String(r.label.prefix(29)) + "…" : r.label
            out += "<g><title>\(esc(r.label + ": " + summary(d)))</title>"
            out += "<text x=\"0\" y=\"\(num(y + 14))\">\(esc(shown))</text>"
            out += "<rect x=\"\(num(labelWidth))\" y=\"\(num(y + 2))\" width=\"\(num(barWidth))\" height=\"14\" fill=\"#f3f2f1\"/>"
            var x = labelWidth
            for grade in framework.scale where d.count(grade) > 0 {
                let w = barWidth * Double(d.count(grade)) / Double(d.graded)
                out += "<rect x=\"\(num(x))\" y=\"\(num(y + 2))\" width=\"\(num(w))\" height=\"14\" fill=\"\(colours[grade] ?? "#505a5f")\"/>"
                x += w
            }
            out += "<text x=\"\(num(labelWidth + barWidth + 8))\" y=\"\(num(y + 14))\">\(d.graded > 0 ? "\(d.goodOrBetterPercent)%" : "—") (\(d.graded))</text></g>\n"
        }
        var lx = 0.0
        for grade in framework.scale {
            out += "<rect x=\"\(num(lx))\" y=\"\(num(legendY))\" width=\"12\" height=\"12\" fill=\"\(colours[grade] ?? "#505a5f")\"/>"
            out += "<text x=\"\(num(lx + 16))\" y=\"\(num(legendY + 10))\">\(esc(grade.shortLabel))</text>\n"
            lx += 140
        }
        out += "</svg>\n"
    }

    /// The figures of a chart as a table: count and share of each grade, not read, none.
    static func figures(_ framework: InspectionFramework, rows: [(label: String, distribution: GradeDistribution)], into out: inout String) {
        let esc = HTMLReport.esc
        let header = ["Group"] + framework.scale.map(\.label) + ["Not read", "None", "Authorities"]
        let numeric = Set(1..<header.count)
        HTMLReport.table(header, numeric: numeric, rows.map { r in
            let d = r.distribution
            return [esc(r.label)] + framework.scale.map { "\(d.count($0)) (\(d.percent($0))%)" } + [String(d.unread.count), String(d.none.count), String(d.total)]
        }, into: &out)
    }

    static func summary(_ d: GradeDistribution) -> String {
        d.framework.scale.map { "\($0.label) \(d.count($0))" }.joined(separator: ", ") + ", none \(d.none.count)"
    }
}
