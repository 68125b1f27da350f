import Foundation

/// Locates the data files the program ships (bank holidays, import defaults, sample letters).
///
/// SwiftPM copies `Data/` into a resource bundle beside the executable. The generated
/// `Bundle.module` traps when the bundle is missing; this lookup returns nil instead so the
/// caller can say what is wrong.
public enum ShippedData {
    static let bundleName = "actionplan_ActionPlanData.resources"

    /// The directory that holds the shipped files, or nil if none was found.
    public static var directory: URL? {
        let fm = FileManager.default
        var candidates: [URL] = []
        if let override = ProcessInfo.processInfo.environment["ACTIONPLAN_DATA_DIR"], !override.isEmpty {
            candidates.append(URL(fileURLWithPath: override))
        }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent(bundleName))
        candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName))
        // Development fallback: the source tree itself.
        candidates.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent())
        return candidates.first { fm.fileExists(atPath: $0.appendingPathComponent("bank-holidays").path) }
    }

    /// The URL of a shipped file, given its path relative to `Data/`.
    public static func url(_ relativePath: String) -> URL? {
        guard let dir = directory else { return nil }
        let url = dir.appendingPathComponent(relativePath)
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// The bank holidays of England and Wales, in the format of the official JSON feed.
    public static var bankHolidaysURL: URL? { url("bank-holidays/england-and-wales.json") }
    /// The default deadlines applied on import (see docs/import.md).
    public static var importDefaultsURL: URL? { url("import-defaults.json") }
    /// The English local authorities with children's services duties (DfE code, names, region,
    /// statistical neighbours), for naming the authority of an imported document.
    public static var localAuthoritiesURL: URL? { url("local-authorities.csv") }
    /// The themes inspections return to and the rules that tag findings with them (docs/themes.md).
    public static var themesURL: URL? { url("themes.txt") }
    /// The sample letters used to build the demo database.
    public static var samplesDirectory: URL? { url("samples") }
}
