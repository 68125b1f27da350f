import Foundation
import ActionPlanCore
#if canImport(Glibc)
import Glibc
#endif

/// The board pack as a PDF: the HTML report printed by WeasyPrint (the Debian package
/// `weasyprint`), which reads the report's print CSS (A4 pages, a page break before each part,
/// table headers repeated on every page, rows kept whole, page numbers in the margin).
///
/// WeasyPrint is a guest, as pdftotext is for the importer: an absolute path, an argument list
/// and no shell, a private folder (0700) removed afterwards, and `setpriv --pdeathsig` so that it
/// dies with this program.
public enum PDFExport {
    /// The command a person runs when WeasyPrint is missing.
    public static let installCommand = "sudo apt-get install weasyprint"
    /// Printing a pack takes seconds; a very large plan can take minutes. Past this, give up.
    static let timeLimit: TimeInterval = 600

    /// Where WeasyPrint is: `$ACTIONPLAN_WEASYPRINT` (for tests), else the first on `$PATH`.
    public static func executable() -> String? { GuestProgram.executable("weasyprint", override: "ACTIONPLAN_WEASYPRINT") }

    /// The refusal when WeasyPrint is not installed, in one line with the command that installs it.
    public static func unavailable() -> OperationError {
        OperationError("--format pdf: WeasyPrint is not installed: install the Debian package weasyprint (\(installCommand))",
                       status: .unavailable)
    }

    /// The PDF of an HTML page (the report of `HTMLReport`).
    public static func pdf(fromHTML html: String) throws -> Data {
        guard let tool = executable() else { throw unavailable() }
        ImportTemporaries.sweep()
        let directory = try ImportTemporaries.make(name: "--format pdf", for: "weasyprint")
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("pack.html")
        let output = directory.appendingPathComponent("pack.pdf")
        let errors = directory.appendingPathComponent("errors.txt")
        do {
            let fd = try PrivateFiles.createExclusive(input.path)
            let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
            try handle.write(contentsOf: Data(html.utf8))
            try handle.close()
        } catch {
            throw OperationError("--format pdf: cannot write the page for WeasyPrint in \(directory.path): \((error as? PrivateFileError)?.reason ?? ReportExport.reason(error))",
                                 status: .ioError)
        }
        // The page holds no link, image or font to fetch; the base is the private folder all the same.
        let process = GuestProgram.process(tool, ["--quiet", "--media-type", "print", "--base-url", directory.path + "/",
                                                  input.path, output.path], errors: errors)
        do {
            try process.run()
        } catch {
            throw OperationError("--format pdf: cannot run WeasyPrint (\(tool)): \(error.localizedDescription)", status: .unavailable)
        }
        let deadline = Date().addingTimeInterval(timeLimit)
        while process.isRunning {
            if Date() > deadline {
                process.terminate()
                throw OperationError("--format pdf: WeasyPrint took over ten minutes: export fewer plans (--plan) or one owner (--owner)",
                                     status: .failure)
            }
            usleep(20_000)
        }
        let message = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0, let pdf = FileManager.default.contents(atPath: output.path),
              pdf.starts(with: Array("%PDF-".utf8)) else {
            let first = message.split(separator: "\n").last.map { TerminalSafe.visible(String($0)) } ?? ""
            throw OperationError("--format pdf: WeasyPrint failed (status \(process.terminationStatus))" + (first.isEmpty ? "" : ": \(first)"),
                                 status: .failure)
        }
        return pdf
    }
}
