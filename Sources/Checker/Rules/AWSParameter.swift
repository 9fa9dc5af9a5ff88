import Diagnostics
import Model
import Schema

// AWS Signature v4 parameters of the wrong form (SPEC §10): Salesforce signs each callout with
// them, so a misspelt region or service fails every callout with an AWS signature error.

/// A credential's `aws:` values, wherever the model keeps them.
struct AWSSite {
    var file: String
    var service: Located<String>?
    var region: Located<String>?
    var accountId: Located<String>?
    var externalId: Located<String>?
    var duration: Located<Int>?
    var trustAnchorArn: Located<String>?
    var profileArn: Located<String>?
}

/// Every credential's `aws:`.
/// Made one at a time as the rule walks them, not collected: a large model has one per credential.
func awsSites(in model: Model) -> some Sequence<AWSSite> {
    model.externalCredentials.lazy.compactMap { credential in
        guard let aws = credential.aws else { return nil }
        return AWSSite(
            file: credential.origin.file, service: aws.string(.service), region: aws.string(.region),
            accountId: aws.string(.accountId), externalId: aws.string(.externalId), duration: aws.integer(.duration),
            trustAnchorArn: aws.string(.trustAnchorArn), profileArn: aws.string(.profileArn))
    }
}

/// A signing name as AWS writes it in endpoints and the SigV4 credential scope: lowercase
/// letters, digits and hyphens (`s3`, `execute-api`, `bedrock`, `s3-object-lambda`).
func awsServiceProblem(_ value: String) -> ValueProblem? {
    if isVariable(value) || isAWSName(value) { return nil }
    let lower = value.lowercased()
    return ValueProblem(message: AWSMessages.service(value), suggestion: isAWSName(lower) ? lower : nil)
}

/// A region code: an area, an optional part such as `gov` or `isob`, a direction and a number
/// (`us-east-1`, `eu-central-1`, `us-gov-west-1`, `cn-north-1`, `us-isob-east-1`,
/// `eusc-de-east-1`); AWS General Reference, "Regional endpoints". New regions keep the form,
/// so the words are not listed.
func awsRegionProblem(_ value: String) -> ValueProblem? {
    if isVariable(value) || isRegion(value) { return nil }
    let lower = value.lowercased().replacingUnderscores()
    return ValueProblem(message: AWSMessages.region(value), suggestion: isRegion(lower) ? lower : nil)
}

/// "An AWS account ID is a 12-digit number" (AWS Account Management Reference Guide).
func awsAccountIDProblem(_ value: String) -> ValueProblem? {
    if isVariable(value) || (value.utf8.count == 12 && value.utf8.allSatisfy(isDigit)) { return nil }
    return ValueProblem(message: AWSMessages.accountID(value))
}

/// STS `ExternalId`: 2 to 1,224 characters of `[\w+=,.@:/-]` (STS API Reference, AssumeRole).
func awsExternalIDProblem(_ value: String) -> ValueProblem? {
    if isVariable(value) { return nil }
    let allowed = value.unicodeScalars.allSatisfy { scalar in
        scalar.isASCII && (isAlphanumeric(UInt8(scalar.value)) || "_+=,.@:/-".unicodeScalars.contains(scalar))
    }
    if allowed && (2...1_224).contains(value.unicodeScalars.count) { return nil }
    return ValueProblem(message: AWSMessages.externalID)
}

/// Session duration in seconds: STS AssumeRole's `DurationSeconds` and IAM Roles Anywhere's
/// `durationSeconds` both range from 900 (15 minutes) to 43,200 (12 hours, the longest maximum
/// session a role can set) (STS API Reference, AssumeRole; IAM Roles Anywhere API Reference,
/// CreateProfile).
let awsDurationRange = 900...43_200

func awsDurationProblem(_ seconds: Int) -> ValueProblem? {
    awsDurationRange.contains(seconds) ? nil : ValueProblem(message: AWSMessages.duration(seconds))
}

/// `arn:PARTITION:rolesanywhere:REGION:ACCOUNT:RESOURCE/ID`, RESOURCE `trust-anchor` or
/// `profile` (IAM Roles Anywhere, "Resource types defined by AWS Identity and Access Management
/// Roles Anywhere", Service Authorization Reference).
func awsRolesAnywhereARNProblem(_ value: String, resource: String) -> ValueProblem? {
    if isVariable(value) { return nil }
    let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
    let problem = ValueProblem(message: AWSMessages.arn(value, resource: resource))
    guard parts.count == 6, parts[0] == "arn", ["aws", "aws-cn", "aws-us-gov"].contains(parts[1]),
        parts[2] == "rolesanywhere", isRegion(parts[3]), awsAccountIDProblem(parts[4]) == nil
    else { return problem }
    let path = parts[5].split(separator: "/", omittingEmptySubsequences: false)
    guard path.count == 2, path[0] == resource, !path[1].isEmpty,
        path[1].utf8.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
    else { return problem }
    return nil
}

private func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

private func isLowercase(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) }

private func isAlphanumeric(_ byte: UInt8) -> Bool {
    isDigit(byte) || isLowercase(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
}

/// Lowercase letters, digits and single hyphens, starting with a letter, at most 64 bytes.
private func isAWSName(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard let first = bytes.first, let last = bytes.last, isLowercase(first), last != UInt8(ascii: "-"),
        bytes.count <= 64
    else { return false }
    return bytes.allSatisfy { isLowercase($0) || isDigit($0) || $0 == UInt8(ascii: "-") }
        && !value.contains("--")
}

private func isRegion(_ value: String) -> Bool {
    let parts = value.split(separator: "-", omittingEmptySubsequences: false)
    guard (3...4).contains(parts.count), let number = parts.last, !number.isEmpty, number.utf8.allSatisfy(isDigit),
        (2...4).contains(parts[0].utf8.count)
    else { return false }
    return parts.dropLast().allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy(isLowercase) }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        String(map { $0 == "_" ? "-" : $0 })
    }
}

/// `aws-parameter`.
struct AWSParameter: ModelRule {
    let descriptor = RuleDescriptor(
        .awsParameter, .error, "an AWS service, region, account ID, external ID, duration or ARN of the wrong form",
        "An AwsSv4 credential signs every callout for one AWS service in one region: the service is its lowercase signing name (`s3`, `execute-api`), the region a code such as `us-east-1`, `eu-central-1` or `us-gov-west-1`, the account ID 12 digits. STS sessions last 900 to 43,200 seconds, an external ID is 2 to 1,224 characters of letters, digits and `_+=,.@:/-`, and Roles Anywhere takes `arn:aws:rolesanywhere:REGION:ACCOUNT:trust-anchor/ID` and `...:profile/ID`. A value of the wrong form deploys, and every callout then fails with an AWS signature error.",
        failing: Example.awsCredential(region: "1️⃣us-east"),
        passing: Example.awsCredential(region: "us-east-1"),
        fix: .unsafe)

    func check(_ context: ModelContext, into findings: inout [Finding]) {
        for site in awsSites(in: context.model) { findings += Self.findings(at: site) }
    }

    static func findings(at site: AWSSite) -> [Finding] {
        var findings: [Finding] = []
        func report(_ value: Located<String>?, _ problem: (String) -> ValueProblem?) {
            guard let value, let problem = problem(value.value) else { return }
            findings.append(Finding(.awsParameter, problem.message, file: site.file, at: value, suggestion: problem.suggestion))
        }
        report(site.service, awsServiceProblem)
        report(site.region, awsRegionProblem)
        report(site.accountId, awsAccountIDProblem)
        report(site.externalId, awsExternalIDProblem)
        report(site.trustAnchorArn) { awsRolesAnywhereARNProblem($0, resource: "trust-anchor") }
        report(site.profileArn) { awsRolesAnywhereARNProblem($0, resource: "profile") }
        if let duration = site.duration, let problem = awsDurationProblem(duration.value) {
            findings.append(Finding(.awsParameter, problem.message, file: site.file, at: duration))
        }
        return findings
    }
}

/// The words of `aws-parameter`, in one place.
enum AWSMessages {
    static func service(_ value: String) -> String {
        "AWS service '\(value)' is not a service signing name: lowercase letters, digits and hyphens, such as 's3' or 'execute-api'"
    }

    static func region(_ value: String) -> String {
        "AWS region '\(value)' is not a region code such as 'us-east-1', 'eu-central-1' or 'us-gov-west-1'"
    }

    static func accountID(_ value: String) -> String {
        "AWS account ID '\(value)' is not 12 digits"
    }

    static let externalID = "AWS external ID must be 2 to 1,224 characters of letters, digits and _+=,.@:/-"

    static func duration(_ seconds: Int) -> String {
        "AWS session duration \(seconds) is outside 900..43200 seconds (15 minutes to 12 hours)"
    }

    static func arn(_ value: String, resource: String) -> String {
        "'\(value)' is not a Roles Anywhere \(resource) ARN: expected 'arn:aws:rolesanywhere:REGION:ACCOUNT:\(resource)/ID'"
    }
}

extension Example {
    /// An access-key AwsSv4 credential.
    static func awsCredential(region: String) -> String {
        """
        apiVersion: credc/v1
        kind: ExternalCredential
        name: Files_S3
        label: Files (S3)
        protocol: AwsSv4
        aws:
          service: s3
          region: \(region)
          accountId: '123456789012'
        principals:
          - {name: Admin, sequence: 1, permissionSets: [Files_Admins]}

        """
    }
}
