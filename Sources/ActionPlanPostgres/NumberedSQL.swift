/// A statement written with `?` marks (the store's SQL, shared with SQLite) as PostgreSQL reads
/// it: `$1`, `$2`, … in order.
///
/// A `?` is a mark only in the statement's own text: not inside a string (`'…?'`, `E'…\'?'`),
/// a quoted identifier (`"a?"`), a comment (`-- ?`, `/* ? */`, nested as PostgreSQL nests them)
/// or a dollar-quoted body (`$$ … ? … $$`, `$fn$ … $fn$`). PostgreSQL's own `?` operators
/// (jsonb's `?`, `?|`, `?&`) cannot be written in the store's SQL for that reason: use
/// `jsonb_exists` and friends.
struct NumberedSQL: Sendable, Equatable {
    /// The statement with `$n` marks.
    var text: String
    /// How many `?` marks there were: the number of arguments the statement takes.
    var parameterCount: Int

    init(_ sql: String) {
        let source = Array(sql.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(source.count + 16)
        var count = 0
        var index = 0
        let end = source.count

        func isIdentifierByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80...0xFF:
                return true
            default:
                return false
            }
        }
        func isIdentifierStart(_ byte: UInt8) -> Bool {
            isIdentifierByte(byte) && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }
        /// Copies source[from..<to] to the output.
        func copy(_ from: Int, _ to: Int) { out.append(contentsOf: source[from..<to]) }

        while index < end {
            let byte = source[index]
            switch byte {
            case UInt8(ascii: "?"):
                count += 1
                out.append(UInt8(ascii: "$"))
                out.append(contentsOf: String(count).utf8)
                index += 1

            case UInt8(ascii: "'"):
                // A string; E'…' (an escape string) also takes \' and \\.
                let escapes = index > 0 && (source[index - 1] == UInt8(ascii: "E") || source[index - 1] == UInt8(ascii: "e"))
                    && (index < 2 || !isIdentifierByte(source[index - 2]))
                var scan = index + 1
                while scan < end {
                    if escapes && source[scan] == UInt8(ascii: "\\") { scan += 2; continue }
                    if source[scan] == UInt8(ascii: "'") {
                        if scan + 1 < end && source[scan + 1] == UInt8(ascii: "'") { scan += 2; continue }
                        break
                    }
                    scan += 1
                }
                let stop = min(scan + 1, end)
                copy(index, stop)
                index = stop

            case UInt8(ascii: "\""):
                var scan = index + 1
                while scan < end {
                    if source[scan] == UInt8(ascii: "\"") {
                        if scan + 1 < end && source[scan + 1] == UInt8(ascii: "\"") { scan += 2; continue }
                        break
                    }
                    scan += 1
                }
                let stop = min(scan + 1, end)
                copy(index, stop)
                index = stop

            case UInt8(ascii: "-") where index + 1 < end && source[index + 1] == UInt8(ascii: "-"):
                var scan = index + 2
                while scan < end && source[scan] != UInt8(ascii: "\n") { scan += 1 }
                copy(index, scan)
                index = scan

            case UInt8(ascii: "/") where index + 1 < end && source[index + 1] == UInt8(ascii: "*"):
                var depth = 1
                var scan = index + 2
                while scan < end && depth > 0 {
                    if source[scan] == UInt8(ascii: "/") && scan + 1 < end && source[scan + 1] == UInt8(ascii: "*") {
                        depth += 1; scan += 2
                    } else if source[scan] == UInt8(ascii: "*") && scan + 1 < end && source[scan + 1] == UInt8(ascii: "/") {
                        depth -= 1; scan += 2
                    } else {
                        scan += 1
                    }
                }
                copy(index, scan)
                index = scan

            case UInt8(ascii: "$") where index == 0 || !isIdentifierByte(source[index - 1]):
                // $tag$ … $tag$ (tag empty or an identifier); `$1` is a parameter, left alone.
                var scan = index + 1
                if scan < end && isIdentifierStart(source[scan]) {
                    while scan < end && isIdentifierByte(source[scan]) && source[scan] != UInt8(ascii: "$") { scan += 1 }
                }
                guard scan < end && source[scan] == UInt8(ascii: "$") else {
                    out.append(byte)
                    index += 1
                    continue
                }
                let tag = source[index...scan]
                var bodyEnd = scan + 1
                var closed = false
                while bodyEnd + tag.count <= end {
                    if source[bodyEnd] == UInt8(ascii: "$") && source[bodyEnd..<(bodyEnd + tag.count)].elementsEqual(tag) {
                        closed = true
                        break
                    }
                    bodyEnd += 1
                }
                let stop = closed ? bodyEnd + tag.count : end
                copy(index, stop)
                index = stop

            default:
                out.append(byte)
                index += 1
            }
        }
        text = String(decoding: out, as: UTF8.self)
        parameterCount = count
    }
}
