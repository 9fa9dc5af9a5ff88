// A fact the plan finds and the state rule (`immutable-field`) reports: here, below both, so
// that the checker does not depend on the plan.

/// A principal change that cannot be made in place and was not allowed as a replace.
///
/// Plain data: the caller finds the desired principal's YAML position (its `name`, or its
/// `identityType`) and reports an `immutable-field` diagnostic with `reason` as the message.
public struct ImmutableChange: Hashable, Sendable {
    public enum Field: String, Hashable, Sendable {
        case name, identityType
    }

    /// The external credential that holds the principal.
    public var credential: String
    /// The principal's name in the configuration (the new name of a renamed principal).
    public var principal: String
    /// The principal's name in the state; differs from `principal` for a rename.
    public var statePrincipal: String
    public var field: Field
    public var before: String
    public var after: String
    /// A sentence a person can act on, ending with the hint to plan it with `--allow-replace`.
    public var reason: String

    public init(
        credential: String, principal: String, statePrincipal: String, field: Field, before: String, after: String,
        reason: String
    ) {
        self.credential = credential
        self.principal = principal
        self.statePrincipal = statePrincipal
        self.field = field
        self.before = before
        self.after = after
        self.reason = reason
    }
}
