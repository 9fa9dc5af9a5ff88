#ifndef CREDC_CXML_H
#define CREDC_CXML_H

#include <stddef.h>

/// What the parser reports, in document order, to the caller's `context`. Names and the
/// namespace are NUL-terminated UTF-8; `line` is where the start tag ends (libxml2's position
/// when it reports the element).
typedef struct {
    void (*start_element)(void *context, const char *name, const char *default_namespace, long line);
    void (*end_element)(void *context);
    /// Character data, entities and character references decoded, and CDATA sections alike.
    void (*text)(void *context, const char *bytes, size_t length);
} cxml_callbacks;

/// libxml2's SAX parser, unlike its tree builder, sets no limit on nesting; the caller's tree is
/// walked recursively, so the parse stops with this error code past this depth.
enum { cxml_max_depth = 256, cxml_error_too_deep = -1 };

/// How a parse ended. `error_*` describe the first error or warning libxml2 reported, with
/// its position then (1-based); `line` and `column` are the parser's position at the end.
typedef struct {
    int well_formed;
    int has_error;
    int error_code;
    long error_line;
    long error_column;
    long line;
    long column;
} cxml_result;

/// Loads libxml2 on first use ("libxml2.so.2"): credc links no XML parser, so that commands
/// that read no metadata start as fast as before. Returns 1 when loaded; otherwise 0 with the
/// reason in `error`.
int cxml_load(char *error, size_t error_size);

/// Parses one document held in memory. Entities are not substituted and nothing outside the
/// document is loaded: no DTD, no external entity, no network. Call cxml_load first.
void cxml_parse(const char *bytes, size_t length, const cxml_callbacks *callbacks, void *context,
                cxml_result *result);

#endif
