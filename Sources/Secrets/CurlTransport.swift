import CHTTP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// HTTP through libcurl, loaded at the first request (Sources/CHTTP): credc links no HTTP
/// client, so the start-up of `check` does not pay for one.
public struct CurlTransport: HTTPTransport {
    /// Per request, connecting included.
    public var timeoutSeconds: Double

    public init(timeoutSeconds: Double) { self.timeoutSeconds = timeoutSeconds }

    /// Loads libcurl; the reason (naming the package to install) when it cannot.
    public static func load() -> String? {
        var error = [CChar](repeating: 0, count: 256)
        if chttp_load(&error, error.count) == 1 { return nil }
        return String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    public func send(_ request: HTTPRequest) -> HTTPOutcome {
        var response = chttp_response()
        let headers = request.headers.map { strdup($0) }
        defer { headers.forEach { free($0) } }
        let pointers: [UnsafePointer<CChar>?] = headers.map { UnsafePointer($0) }
        // One byte more, so that an empty body still has an address.
        let body = (request.body ?? []).map { CChar(bitPattern: $0) } + [0]
        let milliseconds = Int(timeoutSeconds * 1000)
        pointers.withUnsafeBufferPointer { headerList in
            body.withUnsafeBufferPointer { text in
                chttp_perform(
                    request.method, request.url, headerList.baseAddress, headerList.count,
                    request.body == nil ? nil : text.baseAddress, body.count - 1, milliseconds, &response)
            }
        }
        defer { chttp_free(&response) }
        guard response.ok == 1 else {
            let message = withUnsafeBytes(of: response.error) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            return .failure(message.isEmpty ? "no response" : message)
        }
        let bytes = response.body.map { Array(UnsafeRawBufferPointer(start: $0, count: response.body_length)) } ?? []
        return .response(status: Int(response.status), body: bytes)
    }
}
