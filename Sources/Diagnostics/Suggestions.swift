/// "Did you mean" by edit distance, as compilers suggest a misspelt name.
public enum Suggestions {
    /// The candidate closest to `word`, ignoring case, if it is close enough to be a plausible
    /// typo: within a third of the word's length (at least one edit). Ties go to the candidate
    /// first in code-point order, so that the answer never depends on the candidates' order.
    ///
    /// A word cut short (`OKTA_ASS` for `OKTA_ASSERTION_TYPE`) is many edits from what it
    /// began, and a few from something unrelated (`OKTA_HOST`): unless a candidate is one edit
    /// away, the shortest candidate that begins with a word of at least three letters wins.
    public static func closest<C: Collection<String>>(to word: String, in candidates: C) -> String? {
        let closest = closestByEdits(to: word, in: candidates)
        if let closest, editDistance(Array(word.lowercased().unicodeScalars), Array(closest.lowercased().unicodeScalars)) <= 1 {
            return closest
        }
        let lowered = word.lowercased()
        guard lowered.unicodeScalars.count >= 3 else { return closest }
        let completions = candidates.filter { $0 != word && $0.lowercased().hasPrefix(lowered) }
        let shortest = completions.min { lhs, rhs in
            lhs.unicodeScalars.count != rhs.unicodeScalars.count
                ? lhs.unicodeScalars.count < rhs.unicodeScalars.count : lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
        }
        return shortest ?? closest
    }

    private static func closestByEdits<C: Collection<String>>(to word: String, in candidates: C) -> String? {
        let typed = Array(word.lowercased().unicodeScalars)
        let allowed = max(1, (typed.count + 2) / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(typed, Array(candidate.lowercased().unicodeScalars))
            guard distance <= allowed else { continue }
            if let current = best,
                distance > current.distance
                    || (distance == current.distance && !candidate.utf8.lexicographicallyPrecedes(current.candidate.utf8))
            {
                continue
            }
            best = (candidate, distance)
        }
        return best?.candidate
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and
    /// transpositions of neighbours each cost 1, so `Okta_Prdo` is one edit from `Okta_Prod`.
    public static func editDistance<T: Equatable>(_ lhs: [T], _ rhs: [T]) -> Int {
        if lhs.isEmpty { return rhs.count }
        if rhs.isEmpty { return lhs.count }
        var beforePrevious = [Int](repeating: 0, count: rhs.count + 1)
        var previous = Array(0...rhs.count)
        var current = [Int](repeating: 0, count: rhs.count + 1)
        for i in 1...lhs.count {
            current[0] = i
            for j in 1...rhs.count {
                let substitution = lhs[i - 1] == rhs[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + substitution)
                if i > 1, j > 1, lhs[i - 1] == rhs[j - 2], lhs[i - 2] == rhs[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[rhs.count]
    }
}
