// libxml2's SAX2 parser, looked up with dlopen() at first use. The few types used are declared
// here, so that building credc needs no libxml2 headers: xmlSAXHandler's layout (27 SAX1
// callbacks, `initialized`, `_private`, then the three SAX2 ones) and xmlError's first two
// fields are libxml2's ABI, unchanged since 2.6 because applications allocate both.
#include "cxml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned char xml_char;
typedef void parser_context;

typedef struct {
    int domain;
    int code;
} xml_error_head;

typedef void (*start_element_ns)(void *, const xml_char *, const xml_char *, const xml_char *, int,
                                 const xml_char **, int, int, const xml_char **);
typedef void (*end_element_ns)(void *, const xml_char *, const xml_char *, const xml_char *);
typedef void (*characters_callback)(void *, const xml_char *, int);
typedef void (*structured_error)(void *, xml_error_head *);

typedef struct {
    void *sax1[17];
    characters_callback characters;
    characters_callback ignorable_whitespace;
    void *sax1_more[6];
    characters_callback cdata_block;
    void *external_subset;
    unsigned int initialized;
    void *private_data;
    start_element_ns start_element;
    end_element_ns end_element;
    structured_error error;
} sax_handler;

#define SAX2_MAGIC 0xDEEDBEAFu

enum {
    // Forbid network access; entities are not substituted (no XML_PARSE_NOENT) and no DTD is
    // loaded (no XML_PARSE_DTDLOAD), so hostile input makes credc read nothing else.
    PARSE_NONET = 1 << 11,
};

static struct {
    void (*init_parser)(void);
    parser_context *(*create_push_parser)(sax_handler *, void *, const char *, int, const char *);
    int (*use_options)(parser_context *, int);
    int (*parse_chunk)(parser_context *, const char *, int, int);
    void (*free_parser)(parser_context *);
    void (*stop_parser)(parser_context *);
    int (*line_number)(void *);
    int (*column_number)(void *);
    void (*set_structured_error)(void *, structured_error);
} xml;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded;

static void load(void) {
    const char *names[] = {"libxml2.so.2", "libxml2.2.dylib", "libxml2.dylib"};
    void *library = NULL;
    for (size_t index = 0; index < sizeof names / sizeof names[0] && library == NULL; index++) {
        library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "%s",
                 "reading Salesforce metadata needs libxml2, which is not installed (Debian and Ubuntu: apt-get install libxml2)");
        return;
    }
#define FIND(field, symbol)                                                                             \
    if ((*(void **)&xml.field = dlsym(library, symbol)) == NULL) {                                     \
        snprintf(load_error, sizeof load_error, "libxml2 has no %s; install libxml2 2.9 or later", symbol); \
        return;                                                                                         \
    }
    FIND(init_parser, "xmlInitParser")
    FIND(create_push_parser, "xmlCreatePushParserCtxt")
    FIND(use_options, "xmlCtxtUseOptions")
    FIND(parse_chunk, "xmlParseChunk")
    FIND(free_parser, "xmlFreeParserCtxt")
    FIND(stop_parser, "xmlStopParser")
    FIND(line_number, "xmlSAX2GetLineNumber")
    FIND(column_number, "xmlSAX2GetColumnNumber")
    FIND(set_structured_error, "xmlSetStructuredErrorFunc")
#undef FIND
    xml.init_parser();
    loaded = 1;
}

int cxml_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (!loaded && error != NULL && error_size > 0) snprintf(error, error_size, "%s", load_error);
    return loaded;
}

typedef struct {
    parser_context *parser;
    const cxml_callbacks *callbacks;
    void *context;
    cxml_result *result;
    char *name;
    size_t name_capacity;
    int depth;
    int too_deep;
} parse_state;

static void start_element(void *user, const xml_char *local_name, const xml_char *prefix, const xml_char *uri,
                          int namespace_count, const xml_char **namespaces, int attribute_count,
                          int defaulted_count, const xml_char **attributes) {
    (void)uri, (void)attribute_count, (void)defaulted_count, (void)attributes;
    parse_state *state = user;
    if (++state->depth > cxml_max_depth) {
        if (!state->too_deep && !state->result->has_error) {
            state->result->has_error = 1;
            state->result->error_code = cxml_error_too_deep;
            state->result->error_line = xml.line_number(state->parser);
            state->result->error_column = xml.column_number(state->parser);
        }
        state->too_deep = 1;
        xml.stop_parser(state->parser);
        return;
    }
    // Without namespace processing the name is the qualified one, as XMLParser reported it.
    const char *name = (const char *)local_name;
    if (prefix != NULL) {
        size_t length = strlen((const char *)prefix) + 1 + strlen((const char *)local_name) + 1;
        if (length > state->name_capacity) {
            char *grown = realloc(state->name, length);
            if (grown == NULL) return;
            state->name = grown;
            state->name_capacity = length;
        }
        snprintf(state->name, length, "%s:%s", prefix, local_name);
        name = state->name;
    }
    // The default namespace declaration (`xmlns="…"`): the pair whose prefix is NULL.
    const char *default_namespace = NULL;
    for (int index = 0; index < namespace_count; index++) {
        if (namespaces[2 * index] == NULL) {
            default_namespace = namespaces[2 * index + 1] != NULL ? (const char *)namespaces[2 * index + 1] : "";
        }
    }
    state->callbacks->start_element(state->context, name, default_namespace, xml.line_number(state->parser));
}

static void end_element(void *user, const xml_char *local_name, const xml_char *prefix, const xml_char *uri) {
    (void)local_name, (void)prefix, (void)uri;
    parse_state *state = user;
    if (state->depth-- > cxml_max_depth) return;
    state->callbacks->end_element(state->context);
}

static void characters(void *user, const xml_char *bytes, int length) {
    parse_state *state = user;
    if (length > 0) state->callbacks->text(state->context, (const char *)bytes, (size_t)length);
}

// The first error or warning is the one reported, at the parser's position then.
static void record_error(void *user, xml_error_head *error) {
    parse_state *state = user;
    if (state == NULL || state->result->has_error) return;
    state->result->has_error = 1;
    state->result->error_code = error != NULL ? error->code : 0;
    if (state->parser != NULL) {
        state->result->error_line = xml.line_number(state->parser);
        state->result->error_column = xml.column_number(state->parser);
    }
}

void cxml_parse(const char *bytes, size_t length, const cxml_callbacks *callbacks, void *context,
                cxml_result *result) {
    memset(result, 0, sizeof *result);
    if (!cxml_load(NULL, 0)) return;
    if (bytes == NULL) bytes = "";
    sax_handler handler;
    memset(&handler, 0, sizeof handler);
    handler.initialized = SAX2_MAGIC;
    handler.start_element = start_element;
    handler.end_element = end_element;
    handler.characters = characters;
    handler.ignorable_whitespace = characters;
    handler.cdata_block = characters;
    handler.error = record_error;
    parse_state state = {NULL, callbacks, context, result, NULL, 0, 0, 0};
    // Errors libxml2 raises outside the parser's own channel (encoding, I/O) come here too,
    // rather than to stderr; the handler is the calling thread's.
    xml.set_structured_error(&state, record_error);
    // The first four bytes go in first, for the encoding to be detected from them.
    size_t head = length < 4 ? length : 4;
    state.parser = xml.create_push_parser(&handler, &state, bytes, (int)head, NULL);
    if (state.parser == NULL) {
        xml.set_structured_error(NULL, NULL);
        result->has_error = 1;
        result->error_code = 2;  // XML_ERR_NO_MEMORY
        result->error_line = result->error_column = 1;
        return;
    }
    xml.use_options(state.parser, PARSE_NONET);
    size_t offset = head;
    int status = 0;
    do {
        size_t chunk = length - offset > (1u << 30) ? (1u << 30) : length - offset;
        int last = offset + chunk == length;
        status = xml.parse_chunk(state.parser, bytes + offset, (int)chunk, last);
        offset += chunk;
    } while (offset < length && status == 0);
    result->well_formed = status == 0 && !state.too_deep;
    if (!result->has_error && status != 0) result->error_code = status;
    result->line = xml.line_number(state.parser);
    result->column = xml.column_number(state.parser);
    xml.free_parser(state.parser);
    xml.set_structured_error(NULL, NULL);
    free(state.name);
}
