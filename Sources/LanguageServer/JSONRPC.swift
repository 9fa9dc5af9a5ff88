import JSON

/// JSON-RPC 2.0 as LSP uses it: the error codes and the shape of each message.
public enum JSONRPC {
    public enum ErrorCode: Int, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        /// LSP: a request before `initialize` was answered.
        case serverNotInitialized = -32002
    }

    /// A message from the client, classified.
    enum Incoming {
        case request(id: JSONValue, method: String, params: JSONValue)
        case notification(method: String, params: JSONValue)
        /// A response to a request of the server's (the server sends none), ignored.
        case response
        /// Valid JSON that is no JSON-RPC message; answered with `invalidRequest`, echoing the
        /// id when it had a usable one.
        case invalid(id: JSONValue, reason: String)

        init(_ message: JSONValue) {
            guard case .object(let members) = message else {
                self = .invalid(id: .null, reason: "a JSON-RPC message is an object, found \(message.typeDescription)")
                return
            }
            let id = members["id"]
            let usableID: JSONValue =
                switch id {
                case .string?, .integer?: id!
                default: .null
                }
            guard members["jsonrpc"] == .string("2.0") else {
                self = .invalid(id: usableID, reason: "'jsonrpc' must be \"2.0\"")
                return
            }
            guard let methodValue = members["method"] else {
                self = members["result"] != nil || members["error"] != nil
                    ? .response : .invalid(id: usableID, reason: "a request needs a 'method'")
                return
            }
            guard case .string(let method) = methodValue else {
                self = .invalid(id: usableID, reason: "'method' must be a string")
                return
            }
            let params = members["params"] ?? .null
            switch id {
            case nil: self = .notification(method: method, params: params)
            case .string?, .integer?: self = .request(id: id!, method: method, params: params)
            case .some: self = .invalid(id: .null, reason: "'id' must be a string or an integer")
            }
        }
    }

    static func response(id: JSONValue, result: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "result": result]
    }

    static func error(id: JSONValue, _ code: ErrorCode, _ message: String) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "error": ["code": .integer(code.rawValue), "message": .string(message)]]
    }

    /// A request of the server's to the client.
    static func request(id: JSONValue, _ method: String, _ params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "id": id, "method": .string(method), "params": params]
    }

    static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        ["jsonrpc": "2.0", "method": .string(method), "params": params]
    }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var intValue: Int? {
        switch self {
        case .integer(let value): value
        case .float(let value) where value == value.rounded() && abs(value) < 1e15: Int(value)
        default: nil
        }
    }

    var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }
}
