import Diagnostics
import Foundation
import Testing

@testable import SalesforceMetadata

/// The parser under the reader: libxml2, loaded at first use (Sources/CXML).
@Suite struct MetadataXMLTests {
    /// The positions and words FoundationXML's `XMLParser` gave for these, recorded before the
    /// parser was replaced.
    @Test(arguments: [
        ("<ExternalCredential><label>x</label>", 1, 37, "the document ends before its elements are closed near `<ExternalCredential><label>x</label>`"),
        (
            "<?xml version=\"1.0\"?>\n<ExternalCredential>\n    <label>A & B</label>\n</ExternalCredential>\n", 3, 15,
            "a name is required here (escape a literal & as &amp; and < as &lt;) near `<label>A &`"
        ),
        ("not xml at all", 1, 1, "no root element (the document is empty or is not XML) near `n`"),
        ("", 1, 1, "the document has no root element"),
        ("<a>\n  <b>1</x>\n  <c>2</c>\n</a>\n", 2, 11, "a closing tag does not match the element it closes near `<b>1</x>`"),
        ("<a><b>&nope;</b></a>", 1, 13, "an undeclared entity (only &amp; &lt; &gt; &quot; &apos; and character references exist) near `<a><b>&nope;<`"),
        ("<a>&#0;</a>", 1, 8, "a character that XML does not allow near `<a>&#0;<`"),
        ("<a x=1/>", 1, 6, "XML parser error 39 near `<a x=1`"),
    ])
    func malformedXMLIsReportedAsBefore(text: String, line: Int, column: Int, reason: String) {
        #expect(parseMetadataXML(Data(text.utf8)) == .failure(MalformedXML(line: line, column: column, reason: reason)))
    }

    /// FoundationXML parsed in libxml2's recovery mode: content after the root, or after an end
    /// tag that closed it early, was dropped without a word.
    @Test(arguments: ["<a></a>\n<b/>", "<a><b>1</b></c><d>lost</d>"])
    func documentsThatAreNotWellFormedAreErrors(text: String) {
        guard case .failure(let malformed) = parseMetadataXML(Data(text.utf8)) else {
            Issue.record("\(text.debugDescription) parsed")
            return
        }
        #expect(malformed.isParsed)
        #expect(malformed.message.hasPrefix("malformed XML at line "))
    }

    @Test func theTreeKeepsNamesTextCDATAAndTheRootNamespace() throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- 👨‍👩‍👧 éé -->
            <Root xmlns="http://soap.sforce.com/2006/04/metadata" xmlns:x="urn:x">
                <x:item>a &amp; b &#233;<![CDATA[<c>&amp;]]></x:item>
                <empty/>
                <?pi ignored?>
                <spaces>  </spaces>
            </Root>
            """
        let root = try parseMetadataXML(Data(text.utf8)).get()
        #expect(root.name == "Root")
        #expect(root.namespace == "http://soap.sforce.com/2006/04/metadata")
        #expect(root.text == "")
        #expect(root.children.map(\.name) == ["x:item", "empty", "spaces"])
        #expect(root.children.map(\.text) == ["a & b é<c>&amp;", "", "  "])
        #expect(root.children.map(\.range) == [
            SourceRange(line: 4, column: 5, endLine: 4, endColumn: 13),
            SourceRange(line: 5, column: 5, endLine: 5, endColumn: 13),
            SourceRange(line: 7, column: 5, endLine: 7, endColumn: 13),
        ])
    }

    /// A document naming a file in an entity or an external DTD gets nothing from that file:
    /// the reader refuses document type declarations, and libxml2 on its own loads neither.
    @Test func externalEntitiesAndDTDsAreNotRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("credc-xml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: secret, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: secret) }
        let marker = "credc-secret-\(UUID().uuidString)"
        let file = secret.appendingPathComponent("secret.txt")
        try Data(marker.utf8).write(to: file)
        let dtd = secret.appendingPathComponent("external.dtd")
        try Data("<!ENTITY e \"\(marker)\">".utf8).write(to: dtd)
        let documents = [
            #"<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>"#,
            #"<!DOCTYPE x [<!ENTITY e SYSTEM "\#(file.absoluteString)">]><x>&e;</x>"#,
            #"<!DOCTYPE x SYSTEM "\#(dtd.absoluteString)"><x>&e;</x>"#,
            #"<!DOCTYPE x [<!ENTITY % p SYSTEM "\#(dtd.absoluteString)"> %p;]><x>&e;</x>"#,
        ]
        for document in documents {
            let data = Data(document.utf8)
            #expect(
                parseMetadataXML(data)
                    == .failure(MalformedXML(line: 1, column: 1, reason: "document type declarations are not allowed")))
            switch parseXMLDocument(data) {
            case .success(let root):
                #expect(!root.text.contains(marker) && !root.text.contains("root:"), "\(document): \(root.text)")
            case .failure(let malformed):
                #expect(malformed.isParsed)
                #expect(!malformed.reason.contains(marker))
            }
        }
    }

    /// Elements nested more than 256 deep are an error, so the tree (and everything that walks it
    /// recursively) stays shallow.
    @Test func deeplyNestedDocumentsAreAnErrorNotACrash() {
        let deep = String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000)
        guard case .failure(let malformed) = parseMetadataXML(Data(deep.utf8)) else {
            Issue.record("10,000 levels parsed")
            return
        }
        #expect(malformed.line == 1)
        #expect(malformed.reason.hasPrefix("elements are nested more than 256 deep"), "\(malformed)")
        let nested = String(repeating: "<a>", count: 200) + "x" + String(repeating: "</a>", count: 200)
        var element = try? parseMetadataXML(Data(nested.utf8)).get()
        var depth = 0
        while let current = element {
            depth += 1
            element = current.children.first
        }
        #expect(depth == 200)
    }

    @Test func largeDocumentsAreRead() throws {
        let count = 70_000
        var text = "<Profile xmlns=\"http://soap.sforce.com/2006/04/metadata\">\n"
        for index in 0..<count {
            text += "    <fieldPermissions><field>Account.F\(index)__c</field><editable>true</editable></fieldPermissions>\n"
        }
        text += "</Profile>\n"
        let root = try parseMetadataXML(Data(text.utf8)).get()
        #expect(root.children.count == count)
        #expect(root.children.last?.children.first?.text == "Account.F\(count - 1)__c")
        // Past 65,535 lines: libxml2's element nodes cap their line there, its parser does not.
        #expect(root.children.last?.range?.start.line == count + 1)
    }
}
