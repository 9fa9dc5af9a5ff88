/// The base protocol of LSP: each message is `Content-Length: N\r\n` (other headers allowed),
/// an empty line, then N bytes of JSON.
///
/// Bytes arrive in chunks of any size; the framer buffers them and hands out whole bodies.
public struct MessageFramer: Sendable {
    /// A header block that names no usable length: its bytes are dropped, and the server
    /// answers with a parse error, since it cannot tell where the message ends.
    public struct MalformedHeader: Error, Hashable, Sendable {
        public var header: String
    }

    private var buffer: [UInt8] = []
    /// Where the unread bytes start; the buffer is compacted when most of it is read.
    private var start = 0

    /// Bodies larger than this are refused (a wrong length must not make the server wait for or
    /// allocate gigabytes).
    public static let maximumBodySize = 64 << 20

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes are buffered that do not make a whole message yet.
    public var hasPartialMessage: Bool { start < buffer.count }

    /// The next whole body, nil when more bytes are needed.
    public mutating func next() throws(MalformedHeader) -> [UInt8]? {
        guard let headerEnd = findHeaderEnd() else { return nil }
        let header = String(decoding: buffer[start..<headerEnd], as: UTF8.self)
        let bodyStart = headerEnd + 4
        guard let length = Self.contentLength(in: header), length <= Self.maximumBodySize else {
            start = bodyStart
            compact()
            throw MalformedHeader(header: header)
        }
        guard buffer.count - bodyStart >= length else { return nil }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        compact()
        return body
    }

    /// The framed bytes of one body.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }

    private func findHeaderEnd() -> Int? {
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    private static func contentLength(in header: String) -> Int? {
        for line in header.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces
            guard name.lowercased() == "content-length" else { continue }
            return Int(line[line.index(after: colon)...].trimmingSpaces).flatMap { $0 >= 0 ? $0 : nil }
        }
        return nil
    }

    private mutating func compact() {
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 1 << 16, start > buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text.removeFirst() }
        while text.last == " " || text.last == "\t" { text.removeLast() }
        return text
    }
}
