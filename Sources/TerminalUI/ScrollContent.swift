import ActionPlanModel
import TerminalText

/// Lines of a scrolling screen. Long lists are kept as a count and a function, so only the
/// lines in the window are formatted.
struct ScrollContent {
    private enum Block {
        case lines([StyledLine])
        case lazy(count: Int, line: (Int) -> StyledLine)
    }
    private var blocks: [Block] = []
    private(set) var count = 0

    mutating func add(_ line: StyledLine) { add([line]) }
    mutating func add(_ text: String, _ style: Style = .plain) { add([StyledLine(text, style)]) }
    mutating func add(_ lines: [StyledLine]) {
        blocks.append(.lines(lines))
        count += lines.count
    }
    mutating func addLazy(count n: Int, _ line: @escaping (Int) -> StyledLine) {
        blocks.append(.lazy(count: n, line: line))
        count += n
    }

    func line(_ index: Int) -> StyledLine {
        var i = index
        for block in blocks {
            switch block {
            case .lines(let lines):
                if i < lines.count { return lines[i] }
                i -= lines.count
            case .lazy(let n, let make):
                if i < n { return make(i) }
                i -= n
            }
        }
        return StyledLine()
    }

    func draw(_ buffer: inout CellBuffer, area: Area, top: Int) {
        for row in 0..<area.height where top + row < count {
            buffer.put(line(top + row), x: 1, y: area.top + row, maxWidth: area.width - 2)
        }
    }

    /// "lines 1–20 of 54" when the content does not fit, else nil.
    func position(top: Int, visible: Int) -> String? {
        guard count > visible else { return nil }
        return "lines \(top + 1)–\(min(count, top + visible)) of \(count)"
    }

    /// Wrapped paragraphs, each line indented.
    static func wrapped(_ text: String, width: Int, indent: Int, style: Style = .plain) -> [StyledLine] {
        let pad = String(repeating: " ", count: indent)
        return DisplayWidth.wrap(text.replacingOccurrences(of: "\t", with: " "), width: max(1, width - indent))
            .map { StyledLine(pad + $0, style) }
    }
}

/// A page of text built for a width, kept until the width or the data changes, and scrolled.
/// The action, dashboard and help screens each own one.
struct TextPage {
    private(set) var content = ScrollContent()
    private var width = -1
    var offset = ScrollOffset()
    private(set) var position: String?

    /// Forgets the built text (the data changed): it is built again at the next draw or key.
    mutating func invalidate() { width = -1 }

    private mutating func prepare(width: Int, _ build: (Int) -> ScrollContent) {
        if self.width != width {
            content = build(width)
            self.width = width
        }
    }

    mutating func draw(_ buffer: inout CellBuffer, area: Area, build: (Int) -> ScrollContent) {
        prepare(width: area.width - 2, build)
        offset.clamp(count: content.count, visible: area.height)
        content.draw(&buffer, area: area, top: offset.top)
        position = content.position(top: offset.top, visible: area.height)
    }

    /// Scrolls for a movement request; false when the request is not one.
    mutating func move(_ request: Request, area: Area, build: (Int) -> ScrollContent) -> Bool {
        prepare(width: area.width - 2, build)
        return offset.move(request, count: content.count, visible: area.height)
    }

    mutating func scroll(by rows: Int, area: Area) {
        offset.top += rows
        offset.clamp(count: content.count, visible: area.height)
    }
}
