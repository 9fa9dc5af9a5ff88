/// How text looks in a terminal: which characters are unsafe to print and how many cells
/// each takes, so carets line up under emoji, accents, CJK and tabs.
enum TerminalText {
    /// Replaces characters that would corrupt or reorder a terminal line (C0 and C1 controls
    /// other than tab, line breaks, DEL, bidirectional overrides) with U+FFFD, one per scalar,
    /// so that columns still count the same scalars.
    static func sanitized(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isUnsafe(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }

    /// Terminal cells of one (already sanitized) character other than a tab.
    static func cells(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        let scalars = character.unicodeScalars
        if scalars.contains(where: { $0.properties.isEmojiPresentation }) { return 2 }
        if first.properties.isEmoji, scalars.contains("\u{FE0F}") { return 2 }
        if isWide(first) { return 2 }
        switch first.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: return 1
        }
    }

    /// East Asian Wide and Fullwidth blocks.
    private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }

    /// What goes under a source line to mark columns `start..<end` (1-based, in Unicode
    /// scalars): padding that keeps the line's tabs as tabs and gives every other character
    /// its cell width, and the number of carets (at least one). A column past the end of
    /// the line is reached with spaces.
    static func underline(
        line: String, startColumn: Int, endColumn: Int
    ) -> (padding: String, carets: Int) {
        var padding = ""
        var carets = 0
        var column = 1
        for character in line {
            if column >= endColumn { break }
            let width = character == "\t" ? 1 : cells(character)
            if column < startColumn {
                padding += character == "\t" ? "\t" : String(repeating: " ", count: width)
            } else {
                carets += width
            }
            column += character.unicodeScalars.count
        }
        if column < startColumn { padding += String(repeating: " ", count: startColumn - column) }
        return (padding, max(carets, 1))
    }
}
