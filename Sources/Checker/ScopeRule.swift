import Diagnostics
import Model
import YAML

extension Checker {
    mutating func checkScopeFormula(_ scope: Located<String>, style: ScalarStyle?, file: String) {
        // Filled in when the scope formula parser lands.
    }
}
