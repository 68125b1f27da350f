import TerminalText

/// A colour a view asks for. The driver maps it to a colour pair (the configuration file's
/// `[colours]` table can change each: `ColourScheme`), or to bold, reverse and underline when
/// colours are off (`NO_COLOR`, a monochrome terminal). `heading` is the terminal's own colour
/// unless the configuration gives one.
public enum Colour: UInt8, Sendable, Hashable, CaseIterable {
    case normal, red, amber, green, blue, accent, heading
}

/// How a cell is drawn.
public struct Style: Hashable, Sendable {
    public var colour: Colour
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool
    /// Part of the selected row: reverse video, or the configuration's selection colour as its
    /// background.
    public var selection: Bool

    public init(colour: Colour = .normal, bold: Bool = false, reverse: Bool = false, underline: Bool = false,
                dim: Bool = false, selection: Bool = false) {
        self.colour = colour
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
        self.selection = selection
    }

    public static let plain = Style()
    public static let bold = Style(bold: true)
    public static let reverse = Style(reverse: true)
    public static let dim = Style(dim: true)
    public static let heading = Style(colour: .heading, bold: true, underline: true)
    /// A selected row's blank cells.
    public static let selection = Style.plain.selected
    public static let accent = Style(colour: .accent, bold: true)
    public static let error = Style(colour: .red, bold: true)

    /// The same style in the selected row.
    public var selected: Style {
        var s = self
        s.reverse = true
        s.selection = true
        return s
    }
}

/// One terminal cell: a grapheme cluster and its style. A wide character occupies its cell
/// and the next one, which holds a continuation (`width == 0`).
public struct Cell: Hashable, Sendable {
    public var character: Character
    /// 1 or 2 for a cell that starts a glyph, 0 for the second half of a wide glyph.
    public var width: UInt8
    public var style: Style

    public static let blank = Cell(character: " ", width: 1, style: .plain)
}

/// A run of text in one style, part of a `StyledLine`.
public struct Span: Hashable, Sendable {
    public var text: String
    public var style: Style
    public init(_ text: String, _ style: Style = .plain) {
        self.text = text
        self.style = style
    }
}

/// A line of text made of styled spans.
public struct StyledLine: Hashable, Sendable {
    public var spans: [Span]
    public init(_ spans: [Span] = []) { self.spans = spans }
    public init(_ text: String, _ style: Style = .plain) { self.spans = [Span(text, style)] }
    public var text: String { spans.map(\.text).joined() }
}

/// The screen as a grid of cells. Views draw into it; the driver copies it to the terminal
/// once per frame; tests turn it into text.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Column of the terminal cursor (an open prompt's editing position), nil when hidden.
    public var cursorX: Int?
    public var cursorY = 0

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Fills a rectangle with spaces in a style.
    public mutating func fill(x: Int = 0, y: Int, width w: Int? = nil, height h: Int = 1, style: Style = .plain) {
        let w = w ?? width - x
        guard w > 0, h > 0 else { return }
        for row in max(0, y)..<max(max(0, y), min(height, y + h)) {
            for col in max(0, x)..<max(max(0, x), min(width, x + w)) {
                cells[row * width + col] = Cell(character: " ", width: 1, style: style)
            }
        }
    }

    /// Draws `text` from column `x` of row `y`, clipped at `x + maxWidth` and at the right
    /// edge; returns the number of cells used. Control characters are drawn as spaces (they
    /// would move the terminal's cursor); other zero-width characters are dropped; a wide
    /// glyph that does not fit whole is replaced by a space.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width, x >= 0 else { return 0 }
        let limit = min(width, maxWidth.map { x + max(0, $0) } ?? width)
        var col = x
        for character in text {
            if col >= limit { break }
            var ch = character
            var w: Int
            if let ascii = character.asciiValue {
                if ascii < 0x20 || ascii == 0x7F { ch = " " }
                w = 1
            } else {
                w = DisplayWidth.of(character)
                if w == 0 {
                    if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) {
                        ch = " "
                        w = 1
                    } else {
                        continue
                    }
                }
            }
            if col + w > limit {
                setCell(col, y, Cell(character: " ", width: 1, style: style))
                col += 1
                break
            }
            setCell(col, y, Cell(character: ch, width: UInt8(w), style: style))
            if w == 2 { setCell(col + 1, y, Cell(character: " ", width: 0, style: style)) }
            col += w
        }
        return col - x
    }

    /// Draws a styled line from column `x`, clipped at `maxWidth`; returns the cells used.
    /// With `reverse`, every span is drawn as the selected row (`Style.selected`: reverse video,
    /// or the configuration's selection colour).
    @discardableResult
    public mutating func put(_ line: StyledLine, x: Int, y: Int, maxWidth: Int? = nil, reverse: Bool = false) -> Int {
        var used = 0
        let budget = maxWidth ?? (width - x)
        for span in line.spans {
            guard used < budget else { break }
            var style = span.style
            if reverse { style = style.selected }
            used += put(span.text, x: x + used, y: y, style: style, maxWidth: budget - used)
        }
        return used
    }

    /// Writes one cell, blanking the other half of any wide glyph it breaks.
    private mutating func setCell(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, x < width, y >= 0, y < height else { return }
        let i = y * width + x
        let old = cells[i]
        if old.width == 0, x > 0, cell.width != 0 {
            cells[i - 1] = Cell(character: " ", width: 1, style: cells[i - 1].style)
        }
        if old.width == 2, x + 1 < width, cell.width != 2 {
            cells[i + 1] = Cell(character: " ", width: 1, style: cells[i + 1].style)
        }
        if cell.width == 2 && x + 1 >= width {
            cells[i] = Cell(character: " ", width: 1, style: cell.style)
            return
        }
        cells[i] = cell
    }

    /// Row `y` as text, trailing spaces removed (the second half of a wide glyph adds nothing).
    public func text(row y: Int) -> String {
        var s = ""
        for x in 0..<width where self[x, y].width > 0 { s.append(self[x, y].character) }
        while s.last == " " { s.removeLast() }
        return s
    }

    /// The whole screen as text, one line per row.
    public var text: String {
        (0..<height).map { text(row: $0) }.joined(separator: "\n")
    }

    /// Runs of cells of one style in row `y`, for the driver: (column, text, style).
    public func runs(row y: Int) -> [(x: Int, text: String, style: Style)] {
        var result: [(x: Int, text: String, style: Style)] = []
        var current = ""
        var start = 0
        var style = Style.plain
        for x in 0..<width {
            let cell = self[x, y]
            if cell.width == 0 { continue }
            if current.isEmpty {
                start = x
                style = cell.style
            } else if cell.style != style {
                result.append((start, current, style))
                current = ""
                start = x
                style = cell.style
            }
            current.append(cell.character)
        }
        if !current.isEmpty { result.append((start, current, style)) }
        return result
    }
}
