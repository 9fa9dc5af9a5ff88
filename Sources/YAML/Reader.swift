import CYAML
import Diagnostics

/// What reading one file produced: its documents and the problems found on the way.
public struct ReadResult: Sendable {
    public var documents: [Document]
    public var findings: [Finding]
}

/// Turns libyaml's events into `Node` trees with 1-based source ranges.
///
/// This is the only place that converts libyaml's 0-based marks, and the only module that
/// imports CYAML. Problems are returned as findings (their rules give the severity); reading stops at the first syntax
/// error or exceeded limit, keeping the documents completed before it.
public enum YAMLReader {
    public static func read(_ file: SourceFile, limits: YAMLLimits = .default) -> ReadResult {
        var documents: [Document] = []
        let findings = read(file, limits: limits) { documents.append($0) }
        return ReadResult(documents: documents, findings: findings)
    }

    /// Reads document by document: each goes to `body` as soon as it ends and can be dropped
    /// after, so that the trees of a large file are never all in memory at once. Returns the
    /// problems found; `body` sees exactly the documents `read(_:limits:)` would return.
    public static func read(
        _ file: SourceFile, limits: YAMLLimits = .default, eachDocument body: (Document) -> Void
    ) -> [Finding] {
        var interner = StringInterner()
        return read(file, limits: limits, sharing: &interner, eachDocument: body)
    }

    /// Reads as ``read(_:limits:eachDocument:)`` does, with the long texts made once across
    /// every file read with `interner`: a configuration of many small files repeats its
    /// permission sets and principal names from file to file, not only within one.
    public static func read(
        _ file: SourceFile, limits: YAMLLimits = .default, sharing interner: inout StringInterner,
        eachDocument body: (Document) -> Void
    ) -> [Finding] {
        if file.count > limits.maxFileSize {
            let finding = Finding(
                rule: .yamlLimits,
                message: "file is larger than the limit of \(limits.maxFileSize) bytes",
                file: file.path, range: .fileStart,
                notes: [Note("split the file, or raise the limit with --max-file-size")])
            return [finding]
        }
        if file.isEmpty { return [] }
        if let encoding = file.withUnsafeBytes(unsupportedEncoding) {
            let finding = Finding(
                rule: .yamlSyntax,
                message: "file is \(encoding) (by its byte order mark); credc reads UTF-8, save the file as UTF-8",
                file: file.path, range: .fileStart)
            return [finding]
        }
        var builder = TreeBuilder(file: file, limits: limits)
        swap(&builder.interner, &interner)
        file.withUnsafeBytes { buffer in
            builder.run(buffer, eachDocument: body)
        }
        swap(&builder.interner, &interner)
        return builder.findings
    }

    /// A run of whole documents of a file, which libyaml can read on its own: it starts at a
    /// `---` line (or at the file's start) and ends where the next chunk starts.
    public struct Chunk: Sendable {
        public var bytes: Range<Int>
        /// The 1-based line the chunk starts on.
        public var firstLine: Int
    }

    /// Splits a file into about `count` chunks of whole documents, so that they can be read on
    /// several cores; nil when it cannot be split so that reading the chunks one after another
    /// is the same as reading the file.
    ///
    /// A line that starts with `---` and a blank is a document start wherever it stands: libyaml
    /// checks for the marker at column 0 between tokens and inside every scalar (a block scalar
    /// is indented at least one space), so that the chunks hold the documents the file does,
    /// when the file reads without a problem. Where it does not, a chunk may break differently
    /// (an unterminated flow collection, a quoted scalar): ``read(_:chunk:firstDocument:limits:eachDocument:)``
    /// callers read the file whole again when any chunk has a finding. A file with a directive
    /// (`%YAML`, `%TAG`, which apply to the next document) or with a line break libyaml knows and
    /// `SourceFile` does not (NEL, LS, PS) is not split.
    public static func chunks(of file: SourceFile, count: Int, limits: YAMLLimits = .default) -> [Chunk]? {
        guard count > 1, file.count <= limits.maxFileSize, file.withUnsafeBytes(unsupportedEncoding) == nil else { return nil }
        // The searches pass over the whole file: a mapped one's pages are dropped after them.
        defer { file.releasePages(0..<file.count) }
        return file.withUnsafeBytes { buffer -> [Chunk]? in
            if buffer.first == UInt8(ascii: "%") || firstOffset(of: Array("\n%".utf8), in: buffer, from: 0) != nil
                || firstOffset(of: [0xC2, 0x85], in: buffer, from: 0) != nil
                || firstOffset(of: [0xE2, 0x80, 0xA8], in: buffer, from: 0) != nil
                || firstOffset(of: [0xE2, 0x80, 0xA9], in: buffer, from: 0) != nil
            {
                return nil
            }
            let marker = Array("\n---".utf8)
            var starts = [0]
            for part in 1..<count {
                var search = max(buffer.count / count * part, starts[starts.count - 1])
                while let found = firstOffset(of: marker, in: buffer, from: search) {
                    let after = found + marker.count
                    if after == buffer.count || [0x20, 0x09, 0x0A, 0x0D].contains(buffer[after]) {
                        starts.append(found + 1)
                        break
                    }
                    search = found + 1
                }
            }
            guard starts.count > 1 else { return nil }
            let ends = starts.dropFirst() + [buffer.count]
            return zip(starts, ends).map { start, end in
                Chunk(bytes: start..<end, firstLine: file.line(ofByteOffset: start))
            }
        }
    }

    /// Reads one chunk of `file` as ``read(_:limits:eachDocument:)`` reads a file; positions are
    /// the file's, and documents are numbered from `firstDocument`. Returns the problems found
    /// and the number of documents read.
    public static func read(
        _ file: SourceFile, chunk: Chunk, firstDocument: Int, limits: YAMLLimits = .default,
        eachDocument body: (Document) -> Void
    ) -> (findings: [Finding], documents: Int) {
        var builder = TreeBuilder(file: file, limits: limits, chunk: chunk, firstDocument: firstDocument)
        file.withUnsafeBytes { buffer in
            builder.run(UnsafeBufferPointer(rebasing: buffer[chunk.bytes]), eachDocument: body)
        }
        return (builder.findings, builder.documentsRead)
    }
}

/// libyaml would decode UTF-16 by its BOM, but positions and carets assume UTF-8.
private func unsupportedEncoding(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
    if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32" }
    if bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE]) { return "UTF-16" }
    return nil
}

/// A collection whose end event has not come yet.
private struct Frame {
    var isMapping: Bool
    var start: SourcePosition
    var anchor: String?
    /// Where its children start on the builder's stack of pending children: a sequence's
    /// items, a mapping's keys and values in pairs (an odd count ends with a key awaiting its value).
    var firstChild: Int
    var hasMergeKey = false
    /// Built once a mapping grows large, so duplicate detection stays linear.
    var keyIndex: [ScalarValue: Int]?
}

private struct StopReading: Error {}

private struct TreeBuilder {
    let file: SourceFile
    let limits: YAMLLimits
    var findings: [Finding] = []
    private var documentCount: Int
    /// Where the text libyaml reads starts in the file: a chunk's first line and byte.
    private let lineBase: Int
    private let byteBase: Int
    /// The document whose end event just came, to hand to the caller.
    private var finished: Document?
    private var frames: [Frame] = []
    /// The children of the open collections, innermost last: each frame's run is copied into
    /// the arena's links when its collection ends, so an open collection allocates nothing.
    private var children: [Int32] = []
    /// The document's arena.
    private var writer = TreeWriter()
    private var anchors: [String: (node: Int32, range: SourceRange)] = [:]
    /// Anchors of the file's earlier documents, where they were defined: an alias to one of
    /// them gets a message saying that anchors do not cross documents.
    private var earlierAnchors: [String: SourceRange] = [:]
    private var expansion = 0
    private var root: Int32?
    var interner = StringInterner()

    init(file: SourceFile, limits: YAMLLimits, chunk: YAMLReader.Chunk? = nil, firstDocument: Int = 0) {
        self.file = file
        self.limits = limits
        lineBase = (chunk?.firstLine ?? 1) - 1
        byteBase = chunk?.bytes.lowerBound ?? 0
        documentCount = firstDocument
        self.firstDocument = firstDocument
    }

    private let firstDocument: Int
    var documentsRead: Int { documentCount - firstDocument }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>, eachDocument body: (Document) -> Void) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        // The pages of a mapped file that the parser has passed are dropped as it goes: the
        // trees own their texts, so that only the lines a finding shows are read again.
        let releases = file.isMapped
        var released = 0
        defer { file.releasePages(byteBase..<byteBase + buffer.count) }

        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(&parser, &event) == 1 else {
                reportParserError(parser)
                return
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return }
            do {
                try handle(event)
            } catch {
                return
            }
            if let document = finished {
                finished = nil
                body(document)
                // libyaml counts characters, not bytes: never past what it read.
                let passed = Int(event.end_mark.index)
                if releases, passed - released >= SourceFile.releasedBlock {
                    file.releasePages(byteBase + released..<byteBase + passed)
                    released = passed
                }
            }
        }
    }

    private mutating func handle(_ event: yaml_event_t) throws {
        let range = SourceRange(
            start: Self.position(event.start_mark, lineBase: lineBase), end: Self.position(event.end_mark, lineBase: lineBase))
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            frames.removeAll(keepingCapacity: true)
            children.removeAll(keepingCapacity: true)
            for (name, anchor) in anchors { earlierAnchors[name] = anchor.range }
            anchors.removeAll(keepingCapacity: true)
            expansion = 0
            root = nil
        case YAML_DOCUMENT_END_EVENT:
            if let root, !writer.isEmptyDocument(root) {
                // The next document gets the room this one took: a file's documents are alike.
                let sizes = (writer.nodes.count, writer.links.count, writer.texts.count)
                finished = Document(root: writer.finish(root: root), index: documentCount)
                writer = TreeWriter(reservingLike: sizes)
                documentCount += 1
            }
            root = nil
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = data.value.map { interner.string(UnsafeBufferPointer(start: $0, count: data.length)) } ?? ""
            let style = scalarStyle(data.style)
            let tag = optionalString(data.tag)
            let value = resolveScalar(text: text, style: style, tag: tag, range: range)
            try complete(writer.appendScalar(text: text, style: style, value: value, range: range), anchor: optionalString(data.anchor))
        case YAML_ALIAS_EVENT:
            let name = optionalString(event.data.alias.anchor) ?? ""
            guard let anchored = anchors[name] else {
                if let earlier = earlierAnchors[name] {
                    report(
                        .yamlSyntax,
                        "alias '*\(name)' refers to an anchor of an earlier document; anchors do not cross documents (`---`): define '&\(name)' in this document or repeat the value",
                        range, notes: [Note("'&\(name)' is defined here, in another document", file: file.path, range: earlier)])
                } else {
                    report(.yamlSyntax, "alias '*\(name)' refers to no anchor defined before it", range)
                }
                throw StopReading()
            }
            let node = writer.nodes[Int(anchored.node)]
            expansion += Int(node.weight)
            if expansion > limits.maxAliasExpansion {
                report(
                    .yamlLimits,
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes in this document",
                    range, notes: [Note("this looks like an alias bomb; expand the aliases by hand")])
                throw StopReading()
            }
            if frames.count + Int(node.height) > limits.maxDepth {
                reportDepth(range)
                throw StopReading()
            }
            try complete(writer.appendAlias(of: anchored.node, range: range), anchor: nil)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            if frames.count + 1 > limits.maxDepth {
                reportDepth(range)
                throw StopReading()
            }
            let tag =
                isMapping
                ? optionalString(event.data.mapping_start.tag)
                : optionalString(event.data.sequence_start.tag)
            let anchor =
                isMapping
                ? optionalString(event.data.mapping_start.anchor)
                : optionalString(event.data.sequence_start.anchor)
            checkCollectionTag(tag, isMapping: isMapping, range: range)
            frames.append(Frame(isMapping: isMapping, start: range.start, anchor: anchor, firstChild: children.count))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = frames.popLast() else { return }
            let fullRange = SourceRange(start: frame.start, end: range.end)
            // The children are read through a buffer, not a slice: a slice alive at the
            // removal below made the stack shared, so each collection's end copied it.
            var pending: [Int32] = []
            swap(&pending, &children)
            let node = pending.withUnsafeBufferPointer { all -> Int32 in
                let own = UnsafeBufferPointer(rebasing: all[frame.firstChild...])
                if !frame.isMapping {
                    return writer.appendCollection(.sequence, links: own, explicit: Int32(own.count), range: fullRange)
                } else if frame.hasMergeKey {
                    let (links, explicit) = resolveMerges(Array(own))
                    return writer.appendCollection(.mapping, links: links, explicit: explicit, range: fullRange)
                } else {
                    return writer.appendCollection(.mapping, links: own, explicit: Int32(own.count / 2), range: fullRange)
                }
            }
            pending.removeSubrange(frame.firstChild...)
            swap(&pending, &children)
            try complete(node, anchor: frame.anchor)
        default:
            break
        }
    }

    /// Attaches a finished node to its parent, or makes it the document's root.
    private mutating func complete(_ node: Int32, anchor: String?) throws {
        if let anchor { anchors[anchor] = (node, writer.nodes[Int(node)].range) }
        guard !frames.isEmpty else {
            root = node
            return
        }
        let top = frames.count - 1
        if frames[top].isMapping, (children.count - frames[top].firstChild) % 2 == 0 {
            if writer.isMergeKey(node) {
                frames[top].hasMergeKey = true
            } else {
                checkDuplicate(key: node, in: top)
            }
        }
        children.append(node)
    }

    /// Reports `key` when an earlier key of the open mapping at `frameIndex` has its value: the
    /// keys before it are the even children of the frame.
    private mutating func checkDuplicate(key: Int32, in frameIndex: Int) {
        guard writer.nodes[Int(key)].kind == .scalar else { return }
        // Entries are never merged here: merge keys are resolved when the mapping ends.
        let first = frames[frameIndex].firstChild
        let count = (children.count - first) / 2
        var firstIndex: Int?
        if let index = frames[frameIndex].keyIndex {
            firstIndex = writer.value(of: key).flatMap { index[$0] }
        } else {
            firstIndex = (0..<count).first { writer.sameKey(children[first + 2 * $0], key) }
            if firstIndex == nil, count >= 16 {
                // Built once a mapping grows large, so that finding duplicates stays linear.
                var index: [ScalarValue: Int] = [:]
                for position in 0..<count {
                    if let value = writer.value(of: children[first + 2 * position]), index[value] == nil { index[value] = position }
                }
                frames[frameIndex].keyIndex = index
            }
        }
        if let firstIndex {
            let earlier = children[first + 2 * firstIndex]
            let keyText = writer.text(of: key) ?? ""
            report(
                .duplicateKey,
                "key '\(keyText)' is defined twice in this mapping",
                writer.nodes[Int(key)].range, path: path(appending: keyText),
                notes: [Note("first defined here", file: file.path, range: writer.nodes[Int(earlier)].range)])
        } else if frames[frameIndex].keyIndex != nil, let value = writer.value(of: key) {
            frames[frameIndex].keyIndex?[value] = count
        }
    }

    /// Explicit keys win over merged ones; among merged mappings, the first listed wins. Takes
    /// and returns keys and values in pairs, with the count of explicit entries.
    private mutating func resolveMerges(_ pairs: [Int32]) -> (links: [Int32], explicit: Int32) {
        var explicit: [Int32] = []
        var sources: [Int32] = []
        for position in stride(from: 0, to: pairs.count, by: 2) {
            let (key, value) = (pairs[position], pairs[position + 1])
            guard writer.isMergeKey(key) else {
                explicit += [key, value]
                continue
            }
            let raw = writer.nodes[Int(value)]
            let items = raw.kind == .sequence ? writer.links[Int(raw.start)..<Int(raw.start) + Int(raw.count)] : []
            switch raw.kind {
            case .mapping:
                sources.append(value)
            case .sequence where items.allSatisfy({ writer.nodes[Int($0)].kind == .mapping }):
                sources.append(contentsOf: items)
            default:
                let found = raw.kind == .sequence ? "a list" : withArticle(writer.value(of: value)?.typeName ?? "mapping")
                report(.yamlSyntax, "a merge key '<<' needs a mapping or a list of mappings, found \(found)", raw.range)
            }
        }
        var seen = Set(stride(from: 0, to: explicit.count, by: 2).compactMap { writer.value(of: explicit[$0]) })
        var result = explicit
        for source in sources {
            let raw = writer.nodes[Int(source)]
            for link in stride(from: Int(raw.start), to: Int(raw.start) + 2 * Int(raw.count), by: 2) {
                let (key, value) = (writer.links[link], writer.links[link + 1])
                guard let keyValue = writer.value(of: key) else { continue }
                if seen.insert(keyValue).inserted { result += [key, value] }
            }
        }
        return (result, Int32(explicit.count / 2))
    }

    // MARK: Scalars and tags

    private static let coreTagPrefix = "tag:yaml.org,2002:"

    private mutating func resolveScalar(
        text: String, style: ScalarStyle, tag: String?, range: SourceRange
    ) -> ScalarValue {
        guard let tag else {
            return style == .plain ? CoreSchema.resolve(plain: text) : .string(text)
        }
        if tag == "!" || tag == Self.coreTagPrefix + "str" { return .string(text) }
        let resolved = CoreSchema.resolve(plain: text)
        let expected: String? =
            switch tag {
            case Self.coreTagPrefix + "int": "integer"
            case Self.coreTagPrefix + "float": "float"
            case Self.coreTagPrefix + "bool": "boolean"
            case Self.coreTagPrefix + "null": "null"
            default: nil
            }
        guard let expected else {
            report(.yamlSyntax, "tag '\(displayTag(tag))' is not supported; credc reads plain YAML 1.2 values", range)
            return .string(text)
        }
        if case .int(let integer) = resolved, expected == "float" { return .float(Double(integer)) }
        if resolved.typeName != expected {
            report(.yamlSyntax, "'\(text)' is not a valid \(displayTag(tag)) value", range)
            return .string(text)
        }
        return resolved
    }

    private mutating func checkCollectionTag(_ tag: String?, isMapping: Bool, range: SourceRange) {
        guard let tag, tag != "!" else { return }
        let expected = Self.coreTagPrefix + (isMapping ? "map" : "seq")
        if tag != expected {
            report(.yamlSyntax, "tag '\(displayTag(tag))' is not supported; credc reads plain YAML 1.2 values", range)
        }
    }

    private func displayTag(_ tag: String) -> String {
        tag.hasPrefix(Self.coreTagPrefix) ? "!!" + tag.dropFirst(Self.coreTagPrefix.count) : tag
    }

    // MARK: Positions and errors

    /// The one conversion from libyaml's 0-based marks; static, so that a mutating method's
    /// call copies nothing.
    private static func position(_ mark: yaml_mark_t, lineBase: Int) -> SourcePosition {
        SourcePosition(line: Int(mark.line) + 1 + lineBase, column: Int(mark.column) + 1)
    }

    private func position(_ mark: yaml_mark_t) -> SourcePosition { Self.position(mark, lineBase: lineBase) }

    private func path(appending key: String) -> String {
        var components: [String] = []
        for (depth, frame) in frames.enumerated() {
            let end = depth + 1 < frames.count ? frames[depth + 1].firstChild : children.count
            let count = end - frame.firstChild
            if frame.isMapping {
                if count % 2 == 1, let key = writer.text(of: children[end - 1]) { components.append(key) }
            } else {
                components.append("[\(count)]")
            }
        }
        components.append(key)
        var result = ""
        for component in components {
            if component.hasPrefix("[") || result.isEmpty {
                result += component
            } else {
                result += "." + component
            }
        }
        return result
    }

    private mutating func report(
        _ rule: RuleID, _ message: String, _ range: SourceRange, path: String = "", notes: [Note] = []
    ) {
        findings.append(Finding(rule: rule, message: message, file: file.path, range: range, path: path, notes: notes))
    }

    private mutating func reportDepth(_ range: SourceRange) {
        report(
            .yamlLimits, "nesting is deeper than \(limits.maxDepth) levels", range,
            notes: [Note("no credc resource nests this deep; check the indentation")])
    }

    private mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = optionalString(parser.problem) ?? "malformed YAML"
        if parser.error == YAML_READER_ERROR {
            let offset = Int(parser.problem_offset) + byteBase
            let start = file.position(ofByteOffset: offset)
            let end = SourcePosition(line: start.line, column: start.column + 1)
            let value = Int(parser.problem_value)
            let message: String
            if problem.contains("control characters") {
                let code = String(value, radix: 16, uppercase: true)
                let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
                message = "control character U+\(padded) is not allowed in YAML"
                    + (value == 0 ? "; is this a binary file?" : "")
            } else if problem.contains("UTF-8") || problem.contains("Unicode") {
                message = "invalid UTF-8: \(problem) at byte offset \(offset); save the file as UTF-8"
            } else {
                message = problem
            }
            report(.yamlSyntax, message, SourceRange(start: start, end: end))
            return
        }
        if parser.error == YAML_MEMORY_ERROR {
            report(.yamlLimits, "out of memory while reading YAML", .fileStart)
            return
        }
        let start = position(parser.problem_mark)
        var message = problem
        var notes: [Note] = []
        if let context = optionalString(parser.context) {
            message += " " + context
            let contextStart = position(parser.context_mark)
            if contextStart != start {
                var subject = Substring(context)
                for prefix in ["while scanning ", "while parsing "] where subject.hasPrefix(prefix) {
                    subject = subject.dropFirst(prefix.count)
                }
                notes.append(Note("\(subject) starts here", file: file.path, range: .at(contextStart)))
            }
        }
        var range = SourceRange(start: start, end: SourcePosition(line: start.line, column: start.column + 1))
        if problem.contains("mapping values are not allowed") {
            let advice = Self.mappingValueAdvice(at: start, in: file)
            message += "; " + advice.text
            range = advice.range ?? range
        } else if problem.contains("did not find expected key"), optionalString(parser.context) == "while parsing a block mapping",
            let advice = Self.misalignedKeyAdvice(at: start, mapping: position(parser.context_mark), in: file)
        {
            message += "; " + advice
        } else if let advice = Self.advice(for: problem, at: file.byteOffset(of: start), in: file) {
            message += "; " + advice
        }
        report(.yamlSyntax, message, range, notes: notes)
    }

    /// libyaml says "mapping values are not allowed" for two different mistakes: a plain value
    /// holding ': ' (`label: Billing: API`), and a key indented deeper than the key above it,
    /// which already has a value (`- name: Admin` over `    sequence: 1`). Which one it is shows
    /// on the line: before the rejected ':' the line holds a key and its value, or only a key.
    /// For an indentation error the range is the over-indented key, which is what to move.
    private static func mappingValueAdvice(at colon: SourcePosition, in file: SourceFile) -> (text: String, range: SourceRange?) {
        let line = Array(file.lineText(colon.line).unicodeScalars)
        let keyStart = Self.keyStart(of: line)
        let head = Array(line[min(keyStart, line.count)..<min(max(keyStart, colon.column - 1), line.count)])
        if let separator = firstSeparator(in: head) {
            // The value is not repeated: in a file that does not parse, no node says whether it is a secret.
            return ("the value of '\(text(head[..<separator]))' holds ': ', which YAML reads as the start of a "
                + "nested mapping: put the whole value in quotes (key: 'a: b')", nil)
        }
        let key = text(head).trimmingSpaces
        let range = SourceRange(
            start: SourcePosition(line: colon.line, column: keyStart + 1),
            end: SourcePosition(line: colon.line, column: colon.column + 1))
        // The key above: the nearest earlier line that holds something other than a comment.
        var above = colon.line - 1
        while above >= 1 {
            let trimmed = file.lineText(above).trimmingSpaces
            if !trimmed.isEmpty, !trimmed.hasPrefix("#") { break }
            above -= 1
        }
        let aboveLine = above >= 1 ? Array(file.lineText(above).unicodeScalars) : []
        let aboveStart = Self.keyStart(of: aboveLine)
        guard above >= 1, aboveStart < keyStart, let aboveColon = aboveLine[aboveStart...].firstIndex(of: ":") else {
            return ("'\(key)' is indented deeper than the line above it: indent every key of a mapping alike", range)
        }
        let aboveKey = text(aboveLine[aboveStart..<aboveColon])
        return (
            "'\(key)' is indented deeper than '\(aboveKey)' on line \(above), which already has a value: "
                + "to make it a key of the same mapping, indent it as '\(aboveKey)' is (column \(aboveStart + 1))",
            range
        )
    }

    /// libyaml's "did not find expected key" in a block mapping: a line that does not line up
    /// with the keys of the mapping it follows (a comment or a blank line above it hides the
    /// "mapping values" case).
    private static func misalignedKeyAdvice(at start: SourcePosition, mapping: SourcePosition, in file: SourceFile) -> String? {
        let line = Array(file.lineText(start.line).unicodeScalars)
        let keyStart = Self.keyStart(of: line)
        guard keyStart + 1 == start.column, keyStart + 1 != mapping.column, let colon = line[keyStart...].firstIndex(of: ":")
        else { return nil }
        let key = text(line[keyStart..<colon])
        let depth = keyStart + 1 > mapping.column ? "deeper" : "less deeply"
        return "'\(key)' is indented \(depth) than the keys of the mapping that starts on line \(mapping.line): "
            + "indent it as they are (column \(mapping.column)), or as a key of the mapping it belongs to"
    }

    /// The offset of the first `: ` outside quotes: where a key's value begins.
    private static func firstSeparator(in scalars: [Unicode.Scalar]) -> Int? {
        var quote: Unicode.Scalar?
        for index in scalars.indices {
            let scalar = scalars[index]
            if let open = quote {
                if scalar == open { quote = nil }
            } else if index == 0 && (scalar == "'" || scalar == "\"") {
                quote = scalar
            } else if scalar == ":", index + 1 < scalars.count, scalars[index + 1] == " " {
                return index
            }
        }
        return nil
    }

    private static func text(_ scalars: some Sequence<Unicode.Scalar>) -> String {
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }

    /// Where a line's key begins, in Unicode scalars from 0: after its indentation and any
    /// list-item dashes (`  - name:` begins at 4).
    private static func keyStart(of line: [Unicode.Scalar]) -> Int {
        var index = 0
        while index < line.count {
            if line[index] == " " {
                index += 1
            } else if line[index] == "-", index + 1 < line.count, line[index + 1] == " " {
                index += 2
            } else {
                break
            }
        }
        return index
    }

    /// How to fix the libyaml problems people meet most, whose own text does not say.
    private static func advice(for problem: String, at offset: Int, in file: SourceFile) -> String? {
        let byte = file.byte(at: offset) ?? 0
        let isTab = byte == UInt8(ascii: "\t")
        if problem.contains("tab character") || (isTab && problem.contains("cannot start any token")) {
            return "YAML indents with spaces only: replace the tab with spaces"
        }
        if problem.contains("cannot start any token"), byte == UInt8(ascii: "@") || byte == UInt8(ascii: "`") {
            return "a value cannot begin with '\(Character(Unicode.Scalar(byte)))' unless it is quoted: put it in quotes"
        }
        return nil
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces (YAML indents with spaces only).
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

// MARK: C strings

private func optionalString(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
}

private func optionalString(_ pointer: UnsafePointer<CChar>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
}

private func scalarStyle(_ style: yaml_scalar_style_t) -> ScalarStyle {
    switch style {
    case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
    case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
    case YAML_LITERAL_SCALAR_STYLE: .literal
    case YAML_FOLDED_SCALAR_STYLE: .folded
    default: .plain
    }
}

// Reads of the arena while a document is built: methods of the writer, not of the builder,
// which a call from its mutating methods would copy whole (224 bytes) each time.
private extension TreeWriter {
    /// The scalar value of the node at `index`; nil for a collection.
    func value(of index: Int32) -> ScalarValue? {
        let raw = nodes[Int(index)]
        return raw.kind == .scalar ? raw.value(texts: texts) : nil
    }

    func text(of index: Int32) -> String? {
        let raw = nodes[Int(index)]
        return raw.kind == .scalar ? texts[Int(raw.start)] : nil
    }

    func isMergeKey(_ index: Int32) -> Bool {
        let raw = nodes[Int(index)]
        return raw.kind == .scalar && raw.style == .plain && texts[Int(raw.start)] == "<<"
    }

    /// Whether two keys are the same scalar value, compared in the arena: no value is made.
    func sameKey(_ first: Int32, _ second: Int32) -> Bool {
        let (a, b) = (nodes[Int(first)], nodes[Int(second)])
        guard a.kind == .scalar, b.kind == .scalar, a.valueKind == b.valueKind else { return false }
        switch a.valueKind {
        case .null: return true
        case .bool, .int: return a.payload == b.payload
        case .float: return Double(bitPattern: a.payload) == Double(bitPattern: b.payload)
        case .string, .largeInt: return texts[Int(a.start)] == texts[Int(b.start)]
        }
    }

    func isEmptyDocument(_ node: Int32) -> Bool {
        let raw = nodes[Int(node)]
        return raw.kind == .scalar && raw.valueKind == .null && raw.style == .plain
    }
}
