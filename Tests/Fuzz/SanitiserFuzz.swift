// libFuzzer target for the terminal sanitiser (`make fuzz-sanitiser`). Built by swiftc together
// with Sources/ActionPlanCore/TerminalSafe.swift (which needs no other file) into one module.
// Property: what `visible` returns holds no C0 control but tab and line feed, no DEL, no C1
// control, no bidirectional override or isolate (and, one-line, no tab or line feed either);
// sanitising it again changes nothing; the byte scan agrees with the scalar rule.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSanitiser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let hasControl = text.unicodeScalars.contains { TerminalSafe.isControl($0) }
    precondition(TerminalSafe.isClean(text) == !hasControl, "byte scan disagrees with the scalar rule")
    precondition((TerminalSafe.firstControl(in: text, allowLineBreaks: true) != nil) == hasControl, "firstControl disagrees")
    for oneLine in [false, true] {
        let shown = TerminalSafe.visible(text, oneLine: oneLine)
        for scalar in shown.unicodeScalars {
            let v = scalar.value
            precondition(v >= 0x20 || v == 0x09 || v == 0x0A, "C0 control U+\(String(v, radix: 16)) left")
            precondition(!(0x7F...0x9F).contains(v), "DEL or C1 control U+\(String(v, radix: 16)) left")
            precondition(!(0x202A...0x202E).contains(v) && !(0x2066...0x2069).contains(v), "bidirectional control left")
            precondition(!oneLine || (v != 0x09 && v != 0x0A), "tab or line feed left in one line")
        }
        precondition(TerminalSafe.isClean(shown, oneLine: oneLine), "output not clean")
        precondition(TerminalSafe.visible(shown, oneLine: oneLine) == shown, "not idempotent")
        if !hasControl && !oneLine { precondition(shown == text, "clean text was changed") }
    }
    return 0
}
