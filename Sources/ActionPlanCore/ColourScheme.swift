/// The colours of the terminal UI: what each of its roles is drawn in. The configuration file's
/// `[colours]` table sets them (docs/config.md); the terminal UI's driver turns the names into
/// ncurses colours. Here, without ncurses, so the configuration reader knows the vocabulary.
public struct ColourScheme: Hashable, Sendable {
    /// What the terminal UI colours.
    public enum Role: String, CaseIterable, Sendable {
        /// Overdue actions and errors.
        case red
        /// Actions due soon and not started, and warnings.
        case amber
        /// Actions on track.
        case green
        /// Complete actions and the progress bars.
        case blue
        /// Keys in the hints, group titles, filters.
        case accent
        /// Section headings (bold and underlined whatever the colour).
        case heading
        /// The background of the selected row; `default` keeps reverse video.
        case selection
    }

    /// A colour ncurses knows by name on every colour terminal; `default` is the terminal's own.
    public enum Colour: String, CaseIterable, Sendable {
        case `default`, black, red, green, yellow, blue, magenta, cyan, white
    }

    public var colours: [Role: Colour]

    /// The colours used when the file says nothing.
    public static let standard = ColourScheme(colours: [
        .red: .red, .amber: .yellow, .green: .green, .blue: .blue, .accent: .cyan, .heading: .default, .selection: .default,
    ])

    public init(colours: [Role: Colour]) {
        self.colours = colours
    }

    public subscript(role: Role) -> Colour {
        get { colours[role] ?? ColourScheme.standard.colours[role] ?? .default }
        set { colours[role] = newValue }
    }
}
