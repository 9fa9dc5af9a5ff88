import Foundation

/// The one JSON encoder configuration of the `json` and `sarif` reporters.
enum ReporterJSON {
    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
        } catch {
            // The projections hold only strings, integers and arrays of them: encoding cannot fail.
            preconditionFailure("encoding a reporter projection failed: \(error)")
        }
    }
}
