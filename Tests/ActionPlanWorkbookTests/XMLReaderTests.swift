import Foundation
import Testing
@testable import ActionPlanWorkbook

/// Every event of a part as one line each: `<name a=1>`, `</name>`, `'text'` (pieces of one run
/// of text joined), or the error as `error line N: reason`.
func xmlEvents(_ bytes: [UInt8]) -> [String] {
    var lines: [String] = []
    do {
        var reader = try XMLReader(bytes)
        while let event = try reader.next() {
            switch event {
            case .start(let name, let attributes):
                lines.append("<" + ([name] + attributes.items.map { "\($0.name)=\($0.value)" }).joined(separator: " ") + ">")
            case .end(let name): lines.append("</\(name)>")
            case .text(let text):
                if let last = lines.last, last.hasPrefix("'") {
                    lines[lines.count - 1] = String(last.dropLast()) + text + "'"
                } else {
                    lines.append("'\(text)'")
                }
            }
        }
    } catch {
        lines.append("error line \(error.line): \(error.reason)")
    }
    return lines
}

func xmlEvents(_ text: String) -> [String] { xmlEvents(Array(text.utf8)) }

/// The error reading `text` gives, or nil if it reads.
func xmlError(_ bytes: [UInt8]) -> XMLError? {
    do {
        var reader = try XMLReader(bytes)
        while try reader.next() != nil {}
        return nil
    } catch {
        return error
    }
}

func xmlError(_ text: String) -> XMLError? { xmlError(Array(text.utf8)) }

@Suite struct XMLReaderTests {
    @Test func theDeclarationAndProcessingInstructionsAreSkipped() {
        #expect(xmlEvents("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<?mso-application progid=\"Excel.Sheet\"?><a/><?after it?>")
                == ["<a>", "</a>"])
        #expect(xmlEvents("<?xml version='1.0'?><a><?pi inside?>x</a>") == ["<a>", "'x'", "</a>"])
        #expect(xmlEvents("<a/>") == ["<a>", "</a>"], "the declaration is optional")
    }

    @Test func commentsAreSkippedWhereverTheyAre() {
        #expect(xmlEvents("<!-- before --><a><!-- inside <b> & -->x<!---->y</a><!-- after -->\n") == ["<a>", "'xy'", "</a>"])
    }

    @Test func aCDATASectionIsTextAsWritten() {
        #expect(xmlEvents("<t><![CDATA[<b>&amp; ]]]]><![CDATA[>]]> and &lt;</t>") == ["<t>", "'<b>&amp; ]]> and <'", "</t>"])
        #expect(xmlEvents("<t><![CDATA[]]></t>") == ["<t>", "</t>"], "an empty section gives no text")
    }

    @Test func namesAreReportedWithoutTheirNamespacePrefix() throws {
        #expect(xmlEvents("<x:worksheet xmlns:x=\"urn:x\"><x:c r=\"A1\"/><c/></x:worksheet>")
                == ["<worksheet xmlns:x=urn:x>", "<c r=A1>", "</c>", "<c>", "</c>", "</worksheet>"])
        var reader = try XMLReader(Array("<sheet name=\"Plan\" r:id=\"rId3\" xmlns:r=\"urn:r\"/>".utf8))
        guard case .start(_, let attributes) = try reader.next() else { Issue.record("no start"); return }
        #expect(attributes["r:id"] == "rId3", "an attribute by its qualified name")
        #expect(attributes["id"] == nil)
        #expect(attributes.value(local: "id") == "rId3", "an attribute by its local name, whatever the prefix")
        #expect(attributes.value(local: "name") == "Plan")
        #expect(attributes.value(local: "r") == nil, "a prefix is not a name")
    }

    @Test func attributesTakeEitherQuoteAndSpacesAroundTheEqualsSign() {
        #expect(xmlEvents("<a x='say \"hi\"' y = \"it's\"\n\tz=''/>") == ["<a x=say \"hi\" y=it's z=>", "</a>"])
    }

    @Test func selfClosingElementsStartAndEnd() {
        #expect(xmlEvents("<a><b/><c  /><d></d></a>") == ["<a>", "<b>", "</b>", "<c>", "</c>", "<d>", "</d>", "</a>"])
    }

    @Test func theFivePredefinedEntitiesAndCharacterReferencesAreReplaced() {
        #expect(xmlEvents("<t>&lt;&gt;&amp;&quot;&apos; &#65;&#x42;&#x000063; &#x1F600;&#9;&#13;&#xE9;</t>")
                == ["<t>", "'<>&\"' ABc 😀\t\r\u{E9}'", "</t>"], "a reference to a carriage return keeps it")
        #expect(xmlEvents("<a v=\"&lt;&amp;&#10;&#9;&#13;&quot;\"/>") == ["<a v=<&\n\t\r\">", "</a>"])
    }

    @Test func textKeepsEverySpaceAndLineBreaksReadAsLineFeeds() {
        #expect(xmlEvents("<si><t xml:space=\"preserve\">  two  spaces\n</t><r><t>Lead </t></r><r><t> officer</t></r></si>")
                == ["<si>", "<t xml:space=preserve>", "'  two  spaces\n'", "</t>", "<r>", "<t>", "'Lead '", "</t>", "</r>",
                    "<r>", "<t>", "' officer'", "</t>", "</r>", "</si>"])
        #expect(xmlEvents("<t>a\r\nb\rc\n\r\nd</t>") == ["<t>", "'a\nb\nc\n\nd'", "</t>"], "CR LF and a lone CR read as LF")
        #expect(xmlEvents("<t><![CDATA[a\r\nb]]></t>") == ["<t>", "'a\nb'", "</t>"], "in a CDATA section too")
        #expect(xmlEvents("<a v=\"x\ny\tz\r\nq  r\"/>") == ["<a v=x y z q  r>", "</a>"],
                "a literal tab or line break in an attribute is a space; spaces stay")
    }

    @Test func utf8TextWithOrWithoutAByteOrderMark() {
        #expect(xmlEvents("\u{FEFF}<?xml version=\"1.0\"?><a>é 日本 😀</a>") == ["<a>", "'é 日本 😀'", "</a>"])
        #expect(xmlEvents("<ü:naïve ünï=\"ö\">x</ü:naïve>") == ["<naïve ünï=ö>", "'x'", "</naïve>"], "names beyond ASCII")
    }

    @Test func utf16WithItsByteOrderMarkIsReadToo() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<a v=\"é\">日本 😀</a>"
        let little: [UInt8] = [0xFF, 0xFE] + xml.utf16.flatMap { unit -> [UInt8] in [UInt8(unit & 0xFF), UInt8(unit >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + xml.utf16.flatMap { unit -> [UInt8] in [UInt8(unit >> 8), UInt8(unit & 0xFF)] }
        #expect(xmlEvents(little) == ["<a v=é>", "'日本 😀'", "</a>"])
        #expect(xmlEvents(big) == ["<a v=é>", "'日本 😀'", "</a>"])
        #expect(xmlError(Array(little.dropLast()))?.reason == "the UTF-16 text ends in the middle of a character")
        #expect(xmlError([0xFF, 0xFE, 0x3C, 0x00, 0x00, 0xD8, 0x3E, 0x00])?.reason == "a lone UTF-16 surrogate, which is not text")
        #expect(xmlError(Array("<?xml version=\"1.0\" encoding=\"UTF-16\"?><a/>".utf8))?.reason.hasPrefix("the encoding UTF-16,") == true,
                "UTF-8 bytes that say they are UTF-16")
    }

    @Test func aDOCTYPEIsRefusedSoNoEntityIsEverDefinedOrFetched() {
        let reason = "a DOCTYPE declaration, which a workbook part may not have (it is refused, so no entity is ever defined or fetched)"
        #expect(xmlError("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>") == XMLError(reason: reason, line: 1))
        let laughs = "<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>"
        #expect(xmlError(laughs)?.reason == reason)
        #expect(xmlError("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a>&ext;</a>")?.reason == reason)
        #expect(xmlError("<a>&x;</a>")?.reason == "an unknown entity &x; (XML without a DOCTYPE has only &lt; &gt; &amp; &quot; &apos;)")
    }

    /// Each malformed part, the reason given and its line.
    static let malformed: [(xml: String, reason: String, line: Int)] = [
        ("", "there is no root element", 1),
        ("<?xml version=\"1.0\"?>\n<!-- only a comment -->\n", "there is no root element", 3),
        ("<a>", "the part ends inside <a>", 1),
        ("<a><b>text", "the part ends inside <b>", 1),
        ("<a", "the part ends inside the tag <a>", 1),
        ("<", "the part ends after a '<'", 1),
        ("<a x=\"1", "the part ends inside the value of the attribute x", 1),
        ("<a x", "the part ends inside the tag <a>", 1),
        ("<a x =", "the part ends inside the tag <a>", 1),
        ("<a></a", "the part ends inside the end tag </a>", 1),
        ("<a>\n<b>\n</a>", "an end tag </a> where </b> was due", 3),
        ("<x:a></y:a>", "an end tag </y:a> where </x:a> was due", 1),
        ("<a></a b>", "the end tag </a> has more than its name", 1),
        ("</a>", "an end tag </a> with no element open", 1),
        ("<a/><b/>", "a second root element <b>", 1),
        ("<a/>text", "text outside the root element", 1),
        ("text<a/>", "text outside the root element", 1),
        ("<a><![CDATA[x", "the part ends inside a CDATA section", 1),
        ("<![CDATA[x]]><a/>", "a CDATA section outside the root element", 1),
        ("<a><!-- x", "the part ends inside a comment", 1),
        ("<a><!-- x -- y --></a>", "'--' inside a comment", 1),
        ("<a><!-- x ---></a>", "'--' inside a comment", 1),
        ("<a><!ELEMENT a ANY></a>", "a '<!' that starts neither a comment nor a CDATA section", 1),
        ("<a><? x?></a>", "a '<?' without a name", 1),
        ("<a><?pi", "the part ends inside the processing instruction <?pi", 1),
        ("<a>\n<?xml version=\"1.0\"?></a>", "an XML declaration that is not at the start of the part", 2),
        (" <?xml version=\"1.0\"?><a/>", "an XML declaration that is not at the start of the part", 1),
        ("<?xml encoding=\"UTF-8\"?><a/>", "an XML declaration without its version", 1),
        ("<?xml version=\"1.0\" standalone=\"yes\" encoding=\"UTF-8\"?><a/>", "a malformed XML declaration (version, then encoding, then standalone)", 1),
        ("<?xml version=\"2.0\"?><a/>", "XML version 2.0, where 1.0 is read", 1),
        ("<?xml version=\"1\n0\"?><a/>", "XML version other than 1.x, where 1.0 is read", 1),
        ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "the encoding ISO-8859-1, where a workbook part is UTF-8 or UTF-16 and says which", 1),
        ("<?xml version=\"1.0\" standalone=\"maybe\"?><a/>", "a malformed XML declaration (standalone is yes or no)", 1),
        ("<?xml version=\"1.0\"", "the part ends inside the XML declaration", 1),
        ("< a/>", "a '<' that starts no tag (text writes it as &lt;)", 1),
        ("<a><1/></a>", "a '<' that starts no tag (text writes it as &lt;)", 1),
        ("<x:>", "the element name x: has nothing after its ':'", 1),
        ("<a x='1' x='2'/>", "the attribute x is given twice in <a>", 1),
        ("<a x='1'y='2'/>", "no space before an attribute in <a>", 1),
        ("<a x=1/>", "the value of the attribute x is not in quotes", 1),
        ("<a x/>", "the attribute x has no '=' and value", 1),
        ("<a x='<'/>", "a '<' in the value of the attribute x (it is written &lt;)", 1),
        ("<a / >", "a '/' inside the tag <a>", 1),
        ("<a>]]></a>", "']]>' in text (it is written ]]&gt;)", 1),
        ("<a>&nbsp;</a>", "an unknown entity &nbsp; (XML without a DOCTYPE has only &lt; &gt; &amp; &quot; &apos;)", 1),
        ("<a>&amp</a>", "an '&' that starts no entity (text writes it as &amp;)", 1),
        ("<a>fish & chips</a>", "an '&' that starts no entity (text writes it as &amp;)", 1),
        ("<a v='&'/>", "an '&' that starts no entity (text writes it as &amp;)", 1),
        ("<a>&#;</a>", "a malformed character reference &#", 1),
        ("<a>&#x;</a>", "a malformed character reference &#x", 1),
        ("<a>&#X41;</a>", "a malformed character reference &#", 1),
        ("<a>&#65</a>", "a malformed character reference &#65", 1),
        ("<a>&#0;</a>", "a character reference &#0; to a character XML does not allow", 1),
        ("<a>&#1;</a>", "a character reference &#1; to a character XML does not allow", 1),
        ("<a>&#xD800;</a>", "a character reference &#xD800; to a character XML does not allow", 1),
        ("<a>&#xFFFE;</a>", "a character reference &#xFFFE; to a character XML does not allow", 1),
        ("<a>&#x110000;</a>", "a character reference &#x110000; to a character XML does not allow", 1),
        ("<a>&#99999999999999999999999;</a>", "a character reference &#9999999999…; to a character XML does not allow", 1),
        ("<a v='&#xDFFF;'/>", "a character reference &#xDFFF; to a character XML does not allow", 1),
        ("<a>\u{1}</a>", "the character U+0001, which XML does not allow", 1),
        ("<a>\u{0}</a>", "the character U+0000, which XML does not allow", 1),
        ("<a>\n\u{FFFF}</a>", "the character U+FFFF, which XML does not allow", 2),
    ]

    @Test func malformedPartsAreRefusedWithTheReasonAndTheLine() {
        for (xml, reason, line) in Self.malformed {
            #expect(xmlError(xml) == XMLError(reason: reason, line: line), "\(xml.debugDescription)")
        }
    }

    @Test func bytesThatAreNotUTF8AreRefused() {
        let reason = "bytes that are not UTF-8 text"
        for bad: [UInt8] in [[0xFF], [0xC3], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80]] {
            #expect(xmlError(Array("<a>\n".utf8) + bad + Array("</a>".utf8)) == XMLError(reason: reason, line: 2), "\(bad)")
        }
        #expect(xmlError(Array("<a>".utf8) + [0xE6, 0x97]) == XMLError(reason: reason, line: 1), "cut in the middle of a character")
    }

    @Test func nestingIsBoundedAndNeverRecursive() {
        let deep = XMLReader.deepest
        let fits = String(repeating: "<a>", count: deep) + String(repeating: "</a>", count: deep)
        #expect(xmlError(fits) == nil)
        #expect(xmlError(String(repeating: "<a>", count: deep + 1))?.reason == "elements nested more than \(deep) deep")
    }

    @Test func manyAttributesAreCheckedForRepeatsAsTheyCome() {
        let names = (0..<1_000).map { "a\($0)" }
        let tag = "<e " + names.map { "\($0)='\($0)'" }.joined(separator: " ")
        #expect(xmlError(tag + "/>") == nil)
        #expect(xmlError(tag + " a999='again'/>")?.reason == "the attribute a999 is given twice in <e>")
        #expect(xmlError(tag + " a3='again'/>")?.reason == "the attribute a3 is given twice in <e>")
    }

    @Test func aLongNameIsCutShortInAMessage() {
        let name = String(repeating: "n", count: 100)
        #expect(xmlError("<\(name)>")?.reason == "the part ends inside <\(String(repeating: "n", count: 40))…>")
    }

    @Test func aBadPartIsNamedInTheWorkbookError() {
        let part = Part(path: "xl/sharedStrings.xml", bytes: Array("<sst><si><t>a</si></sst>".utf8))
        #expect(throws: XLSXError("xl/sharedStrings.xml is not well-formed XML (line 1: an end tag </si> where </t> was due): the file is damaged")) {
            try SharedStringsPart.parse(part)
        }
    }
}
