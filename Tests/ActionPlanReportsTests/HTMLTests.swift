import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ActionPlanModel
@testable import ActionPlanReports

/// Collects what an XML parser sees in the HTML: element names, attributes and text.
final class HTMLInspector: NSObject, XMLParserDelegate {
    var elements: [String] = []
    var attributes: [(element: String, name: String, value: String)] = []
    var text = ""
    var error: Error?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String]) {
        elements.append(name.lowercased())
        for (k, v) in attributes { self.attributes.append((name, k.lowercased(), v)) }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }

    static func inspect(_ html: String) -> HTMLInspector {
        // The DOCTYPE is HTML's, not XML's; the rest must be well-formed.
        let body = html.replacingOccurrences(of: "<!DOCTYPE html>\n", with: "")
        let parser = XMLParser(data: Data(body.utf8))
        let inspector = HTMLInspector()
        parser.delegate = inspector
        if !parser.parse(), inspector.error == nil { inspector.error = parser.parserError }
        return inspector
    }
}

@Suite struct HTMLTests {
    let html = HTMLReport.render(Fixture.summary())

    @Test func parsesAsWellFormedMarkup() {
        let page = HTMLInspector.inspect(html)
        #expect(page.error == nil, "the HTML does not parse: \(String(describing: page.error))")
        #expect(page.elements.first == "html")
        #expect(page.elements.contains("svg"))
    }

    @Test func hostileTextFromAFindingAndANoteIsTextNotMarkup() {
        let page = HTMLInspector.inspect(html)
        #expect(page.error == nil)
        #expect(!page.elements.contains("script"), "a <script> element reached the page")
        #expect(!page.elements.contains("img"), "an <img> element reached the page")
        #expect(!page.elements.contains("b"), "a <b> element from a note reached the page")
        #expect(page.text.contains(Fixture.hostileNote), "the note is shown verbatim as text")
        #expect(page.text.contains(Fixture.hostileCoverage), "the finding is shown verbatim as text")
        #expect(!page.attributes.contains { $0.name.hasPrefix("on") }, "an event handler attribute reached the page")
        #expect(html.contains("&lt;script&gt;alert(&#39;") == false)
        #expect(html.contains("&lt;script&gt;steal()&lt;/script&gt;"))
        #expect(html.contains("&amp; &quot;quoted&quot;"))
        #expect(html.contains("onerror=alert(&#39;w3&#39;)"))
    }

    @Test func makesNoExternalRequestAndRunsNoScript() {
        let page = HTMLInspector.inspect(html)
        let lower = html.lowercased()
        for needle in ["<script", "http:", "https:", "//", "url(", "@import", "<link", "<iframe", "<object", "<embed", "javascript:"] {
            let hits = lower.components(separatedBy: needle).count - 1
            #expect(hits == 0, "the page contains \(needle) \(hits) times")
        }
        for attribute in page.attributes where ["src", "href", "xlink:href", "action", "srcset"].contains(attribute.name) {
            Issue.record("attribute \(attribute.name)=\(attribute.value) on <\(attribute.element)> may load something")
        }
    }

    @Test func printsOnA4WithAPageBreakBetweenPlansAndBetweenTheirParts() {
        #expect(html.contains("@page { size: A4"))
        #expect(html.contains("section.plan, section.part { break-before: page; page-break-before: always; }"))
        #expect(html.contains("thead { display: table-header-group; }"), "table headers repeat on every printed page")
        #expect(html.contains("tr, svg { break-inside: avoid;"), "no row is split across pages")
        #expect(!html.contains("var("), "WeasyPrint 57 ignores var() in a background: a red badge would print white on white")
        #expect(html.components(separatedBy: "<section class=\"plan\"").count - 1 == 2)
    }

    @Test func drawsTheThreeCharts() {
        #expect(html.contains("<svg class=\"brag\""))
        #expect(html.contains("<svg class=\"sections\""))
        #expect(html.contains("<svg class=\"completions\""))
    }

    @Test func escapesTheFiveSpecialCharacters() {
        #expect(HTMLReport.esc("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }
}
