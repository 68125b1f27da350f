import Foundation
import Testing
import TestSupport

/// `import-sheet` of a workbook whose XML is damaged or hostile, through the real binary.
@Suite struct DamagedWorkbookCLITests {
    /// Copies a workbook (argv[1]) to argv[2] with its largest worksheet part changed by `mode`:
    /// `cut` keeps its first half, `doctype` puts a DOCTYPE with an entity before its root.
    static let damageScript = #"""
import sys, zipfile
source, target, mode = sys.argv[1:4]
with zipfile.ZipFile(source) as z:
    parts = {name: z.read(name) for name in z.namelist()}
sheet = max((n for n in parts if n.startswith("xl/worksheets/")), key=lambda n: len(parts[n]))
text = parts[sheet]
if mode == "cut":
    parts[sheet] = text[:len(text) // 2]
else:
    root = text.index(b"<worksheet")
    parts[sheet] = text[:root] + b'<!DOCTYPE worksheet [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + text[root:]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
print(sheet)
"""#

    @Test func aDamagedOrHostileWorkbookIsRefusedInOneLineNamingThePartAndNothingIsImported() throws {
        let cli = try CLIRunner()
        try cli.ok(["demo"])
        let board = cli.directory.appendingPathComponent("board.xlsx").path
        try cli.ok(["export", "-o", board])
        let before = try cli.snapshot()
        for (mode, reason) in [("cut", "the part ends inside "), ("doctype", "a DOCTYPE declaration, which a workbook part may not have")] {
            let damaged = cli.directory.appendingPathComponent("\(mode).xlsx").path
            let made = try BuiltProgram.run("/usr/bin/python3", ["-c", Self.damageScript, board, damaged, mode], environment: [:])
            try #require(made.status == 0, "python3 damaged the workbook: \(made.stderr)")
            let sheet = made.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let result = try cli.run(["import-sheet", damaged, "--plan", "1"])
            #expect(result.status == 65, "\(mode): \(result.stderr)")
            #expect(result.stderr.hasPrefix("actionplan: \(damaged): \(sheet) is not well-formed XML (line "), "\(mode): \(result.stderr)")
            #expect(result.stderr.contains(reason) && result.stderr.hasSuffix("): the file is damaged\n"), "\(mode): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "one line")
            #expect(result.stdout.isEmpty)
        }
        #expect(try cli.snapshot() == before, "nothing was imported")
    }
}
