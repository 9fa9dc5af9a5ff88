import FoundationEssentials
import JSON

/// The one JSON encoder configuration of the `json` and `sarif` reporters: the projections are
/// encoded by Foundation, then printed by `JSONValue` so that every JSON credc writes has the
/// same shape (`JSON.stringify(value, null, 2)`, keys sorted, `/` unescaped).
enum ReporterJSON {
    static func encode(_ value: some Encodable) -> String {
        do {
            let data = try JSONEncoder().encode(value)
            return try JSONValue.parse(Array(data)).prettyPrinted
        } catch {
            // The projections hold only strings, integers and arrays of them: this cannot fail.
            preconditionFailure("encoding a reporter projection failed: \(error)")
        }
    }
}
