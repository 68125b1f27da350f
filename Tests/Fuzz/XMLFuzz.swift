// libFuzzer target for the workbook's XML reader (`make fuzz-xml`). Built by swiftc together with
// Sources/ActionPlanWorkbook/XMLReader.swift and XMLText.swift (which need no other file) into
// one module. Properties: any bytes either read, with every element closed and no text outside
// the root, or are refused with a one-line reason and a line from 1; what was read, written back
// as XML (local names, attributes and text escaped), reads back as the same events.

/// Every event of `bytes`, a run of text as one event; nil if refused.
private func events(_ bytes: [UInt8]) -> [XMLEvent]? {
    var out: [XMLEvent] = []
    do {
        var reader = try XMLReader(bytes)
        while let event = try reader.next() {
            if case .text(let more) = event, case .text(let text)? = out.last {
                out[out.count - 1] = .text(text + more)
            } else {
                out.append(event)
            }
        }
        return out
    } catch {
        precondition(!error.reason.isEmpty && !error.reason.contains("\n") && !error.reason.contains("\r"), "a bad reason: \(error.reason)")
        let lines = bytes.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        precondition(error.line >= 1 && error.line <= lines, "a line outside the input")
        return nil
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let read = events(bytes) else { return 0 }
    var depth = 0
    var xml = ""
    for event in read {
        switch event {
        case .start(let name, let attributes):
            depth += 1
            xml += "<" + name + attributes.items.map { " \($0.name)=\"\(XMLText.escape($0.value))\"" }.joined() + ">"
        case .end(let name):
            depth -= 1
            precondition(depth >= 0, "an end without its start")
            xml += "</" + name + ">"
        case .text(let text):
            precondition(depth > 0, "text outside the root")
            xml += XMLText.escape(text)
        }
    }
    precondition(depth == 0, "an element left open")
    let again = events(Array(xml.utf8))
    precondition(again == read, "written back, the part reads differently")
    return 0
}
