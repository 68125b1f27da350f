import ActionPlanModel
import TerminalText

/// The title bar: where the person is (the breadcrumbs of the screen stack) and the day the
/// screens count from.
enum TitleBar {
    static func draw(_ buffer: inout CellBuffer, crumbs: [String], today: Day) {
        let width = buffer.width
        buffer.fill(y: 0, style: .reverse)
        let right = "\(today.weekday.shortName) \(today.iso) · \(KeyMap.everywhere.keyName(for: .help)) help "
        let rightWidth = DisplayWidth.of(right)
        // Older crumbs are shortened to 20 cells; the current one gets what is left, at least
        // 12 cells, the oldest giving way to "…" when even that does not fit.
        let room = max(0, width - rightWidth - 1)
        let current = crumbs.last ?? ""
        var older = crumbs.dropLast().map { DisplayWidth.truncate($0, to: 20) }
        var elided = false
        var line = ""
        while true {
            let prefix = " actionplan" + (elided ? " › …" : "") + older.map { " › " + $0 }.joined()
            let left = room - DisplayWidth.of(prefix) - 3
            if left >= 12 || older.isEmpty {
                line = prefix + " › " + DisplayWidth.truncate(current, to: max(1, left))
                break
            }
            older.removeFirst()
            elided = true
        }
        buffer.put(line, x: 0, y: 0, style: Style(bold: true, reverse: true), maxWidth: max(0, width - rightWidth - 1))
        buffer.put(right, x: width - rightWidth, y: 0, style: .reverse)
    }
}
