// Linux release builds link Foundation statically (Package.swift). A static Foundation module
// names the libraries it needs (FoundationXML: libxml2 and CoreFoundation's XML interface) only
// to the modules compiled against it with `-static-stdlib`; the metadata reader imports
// FoundationXML in a module compiled against the shared runtime, so that the tests can link
// it too. This import, in the one module compiled for the static link, carries those names.
#if canImport(FoundationXML)
import FoundationXML
#endif
