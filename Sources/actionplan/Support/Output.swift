import Foundation
import ActionPlanModel
import ActionPlanReports
import ActionPlanCore
import TerminalText
#if canImport(Glibc)
import Glibc
#endif

/// Everything the command line writes: text for people (through `TerminalSafe.visible`, so
/// nothing stored can drive the reader's terminal), documents whose writers escape their own
/// text (JSON, CSV, Markdown, HTML, iCalendar), and the one-line errors on standard error.
///
/// Every write to standard output is checked: a full disk, a closed pipe (with SIGPIPE
/// ignored) or any other failure stops the command with `cannot write to standard output:
/// REASON`, status 74, instead of a cut-off file and status 0. Nothing goes through stdio's
/// buffer, so there is nothing left to flush but what a library printed (`finish()`).
enum Output {
    /// Text for people, sanitised, with a line break after it (as `print`).
    static func print(_ text: String) throws {
        try write(TerminalSafe.visible(text) + "\n")
    }

    /// A document made by a writer that escapes its own text (JSON, CSV, Markdown, HTML,
    /// iCalendar: see docs/cli.md), written without copying it first (exports can be 100 MB).
    static func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in try write(bytes) }
    }

    /// Bytes of a document, as `write(_:)` writes its text.
    static func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
        guard let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(STDOUT_FILENO, base + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n < 0 { throw failure(errno) }
            // write(2) returns 0 only for a count of 0; never loop on it.
            if n == 0 { throw failure(EIO) }
            offset += n
        }
    }

    /// Flushes what anything else (a library) put in stdio's buffer, and checks it.
    static func finish() throws {
        errno = 0
        if fflush(nil) != 0 { throw failure(errno == 0 ? EIO : errno) }
    }

    /// The failure of a write to standard output, status 74.
    static func failure(_ code: Int32) -> CLIError {
        CLIError("cannot write to standard output: \(String(cString: strerror(code)))", status: .ioError)
    }

    /// One line on standard error, `actionplan: MESSAGE`, sanitised. A failure to write it is
    /// ignored: there is nowhere left to say so, and the exit status already tells.
    static func error(_ message: String) {
        var line = "actionplan: " + TerminalSafe.visible(message, oneLine: true) + "\n"
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(STDERR_FILENO, base + offset, bytes.count - offset)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { return }
                offset += n
            }
        }
    }

    static func printJSON(_ value: JSONValue) throws {
        try write(value.rendered())
    }

    /// A JSON array written one element at a time (a list of 100,000 actions).
    static func printJSONArray<S: Sequence>(_ items: S, _ element: (S.Element) -> JSONValue) throws {
        try JSONValue.streamArray(items, element) { bytes in try bytes.withUnsafeBufferPointer { try write($0) } }
    }

    /// The width to fit tables to: the terminal's, else `$COLUMNS`, else unlimited.
    static var terminalWidth: Int? {
        if isatty(STDOUT_FILENO) != 0 {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let text = ProcessInfo.processInfo.environment["COLUMNS"], let width = Int(text), width > 0 { return width }
        return nil
    }

    /// "in 3 wd", "due today", "2 wd overdue"; empty for a closed action or no due date.
    /// A progress bar on standard error (only on a terminal): `[#######-----] 12/169 imported 10, …`,
    /// drawn over itself; `done: nil` clears it.
    static func progress(done: Int?, of total: Int, tally: String) {
        var line = "\r\u{1B}[K"
        if let done {
            let width = 24
            let filled = total == 0 ? width : done * width / total
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "] \(done)/\(total) "
                + TerminalSafe.visible(tally, oneLine: true)
        }
        line.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            _ = Glibc.write(STDERR_FILENO, base, bytes.count)
        }
    }

    /// A stored moment in the local time zone: "2026-12-06 09:40:12 UTC".
    static func moment(_ date: Date) -> String { StoreError.format(date) }

    static func standing(_ action: Action, rules: RAGRules) -> String {
        guard action.status.isOpen, action.due != nil else { return "" }
        return rules.standing(due: action.due).text
    }
}

/// A text table whose columns are aligned by display width and which fits a width by
/// shrinking its flexible columns.
struct TextTable {
    struct Column {
        let title: String
        var flexible = false
        var alignRight = false
        var minWidth = 4
        /// Dropped, last first, when the table cannot fit otherwise.
        var optional = false
    }

    let columns: [Column]
    /// The cells, row after row (`columns.count` to a row), made visible when added; kept in
    /// one array rather than an array a row (a list of 100,000 actions is 900,000 cells).
    private var cells: [String] = []
    /// The display width of each cell, measured once when its row is added.
    private var cellWidths: [Int] = []

    init(_ columns: [Column]) { self.columns = columns }

    /// A row; each cell is shown on one line with its control characters made visible
    /// (before widths are measured, so the escapes are aligned like any text).
    mutating func add(_ row: [String]) {
        precondition(row.count == columns.count, "a row of \(row.count) cells in a table of \(columns.count) columns")
        for cell in row {
            let shown = TerminalSafe.visible(cell, oneLine: true)
            cells.append(shown)
            cellWidths.append(DisplayWidth.of(shown))
        }
    }

    /// The columns shown and their widths, fitted to `width`.
    private func layout(width: Int?) -> (visible: [Int], widths: [Int]) {
        var natural = columns.map { DisplayWidth.of($0.title) }
        for (offset, cellWidth) in cellWidths.enumerated() {
            let index = offset % columns.count
            if cellWidth > natural[index] { natural[index] = cellWidth }
        }
        var visible = Array(columns.indices)
        var widths = natural
        if let width {
            // Shrink the flexible columns, widest first, down to their minimum; then drop
            // optional columns until the rest fits. Fixed columns (dates, ids) are never cut.
            func excess() -> Int { visible.map { widths[$0] }.reduce(0, +) + 2 * (visible.count - 1) - width }
            while true {
                var over = excess()
                for index in visible.filter({ columns[$0].flexible }).sorted(by: { widths[$0] > widths[$1] }) where over > 0 {
                    let cut = min(over, max(0, widths[index] - min(widths[index], columns[index].minWidth)))
                    widths[index] -= cut
                    over -= cut
                }
                guard over > 0, let drop = visible.last(where: { columns[$0].optional }) else { break }
                visible.removeAll { $0 == drop }
                widths = natural
            }
        }
        return (visible, widths)
    }

    /// Appends one line (without its line break) to `out`: cells padded to their column, cut
    /// with an ellipsis when wider, the last one not padded, no trailing space.
    private func appendLine(_ cells: ArraySlice<String>, _ cellWidths: ArraySlice<Int>, visible: [Int], widths: [Int], to out: inout [UInt8]) {
        let start = out.count
        for (position, index) in visible.enumerated() {
            if position > 0 { out += [0x20, 0x20] }
            let last = position == visible.count - 1 && !columns[index].alignRight
            var cell = cells[cells.startIndex + index]
            var cellWidth = cellWidths[cellWidths.startIndex + index]
            if cellWidth > widths[index] {
                cell = DisplayWidth.truncate(cell, to: widths[index])
                cellWidth = DisplayWidth.of(cell)
            }
            let gap = last ? 0 : max(0, widths[index] - cellWidth)
            if columns[index].alignRight { out += repeatElement(0x20, count: gap) }
            out += cell.utf8
            if !columns[index].alignRight { out += repeatElement(0x20, count: gap) }
        }
        while out.count > start && out[out.count - 1] == 0x20 { out.removeLast() }
    }

    /// The table, each line ended by a line break, handed to `flush` in pieces of about
    /// `chunk` bytes as it is made.
    func write(width: Int?, chunk: Int = 1 << 16, _ flush: ([UInt8]) throws -> Void) rethrows {
        let (visible, widths) = layout(width: width)
        var out: [UInt8] = []
        appendLine(ArraySlice(columns.map(\.title)), ArraySlice(columns.map { DisplayWidth.of($0.title) }), visible: visible, widths: widths, to: &out)
        out.append(0x0A)
        for start in stride(from: 0, to: cells.count, by: columns.count) {
            let range = start..<start + columns.count
            appendLine(cells[range], cellWidths[range], visible: visible, widths: widths, to: &out)
            out.append(0x0A)
            if out.count >= chunk {
                try flush(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        try flush(out)
    }

    /// The table as one text, its lines joined by line breaks (no break after the last): for a
    /// table that is part of a larger text (`themes`' tables between their headings).
    func render(width: Int?) -> String {
        var bytes: [UInt8] = []
        write(width: width, chunk: .max) { bytes += $0 }
        if bytes.last == 0x0A { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Prints the table to standard output as it is made (`Output.print` of `render`, without
    /// holding the whole text: its cells are made visible when added).
    func print(width: Int?) throws {
        try write(width: width) { bytes in try bytes.withUnsafeBufferPointer { try Output.write($0) } }
    }
}
