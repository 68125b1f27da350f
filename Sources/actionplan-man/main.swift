import Foundation

// actionplan-man: `actionplan --experimental-dump-help | actionplan-man [--version V] [--date D]`
// writes the manual page actionplan.1 (roff) on standard output. Run by `make man` and
// `make install`; see docs/architecture.md.

var version: String?
var date: String?
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--version": version = arguments.popFirst()
    case "--date": date = arguments.popFirst()
    default:
        FileHandle.standardError.write(Data("actionplan-man: unknown argument '\(argument)': usage: actionplan --experimental-dump-help | actionplan-man [--version V] [--date YYYY-MM-DD]\n".utf8))
        exit(64)
    }
}
if date == nil, let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init) {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd"
    date = formatter.string(from: Date(timeIntervalSince1970: epoch))
}
let input = FileHandle.standardInput.readDataToEndOfFile()
do {
    let page = try ManPage(json: input, version: version, date: date)
    FileHandle.standardOutput.write(Data(page.render().utf8))
} catch {
    FileHandle.standardError.write(Data("actionplan-man: cannot read the dump-help JSON on standard input: \(error)\n".utf8))
    exit(65)
}
