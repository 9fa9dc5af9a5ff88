// A few libcurl entry points, looked up with dlopen() at first use. curl_easy_setopt is
// variadic, which Swift cannot call, so each option is set here with its real type. The
// option numbers are libcurl's ABI (curl/curl.h), stable since 7.x.
#include "chttp.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;

enum {
    OPT_WRITEDATA = 10001,
    OPT_URL = 10002,
    OPT_POSTFIELDS = 10015,
    OPT_HTTPHEADER = 10023,
    OPT_CUSTOMREQUEST = 10036,
    OPT_NOPROXY = 10177,
    OPT_WRITEFUNCTION = 20011,
    OPT_FOLLOWLOCATION = 52,
    OPT_POSTFIELDSIZE = 60,
    OPT_SSL_VERIFYPEER = 64,
    OPT_HTTPGET = 80,
    OPT_SSL_VERIFYHOST = 81,
    OPT_NOSIGNAL = 99,
    OPT_TIMEOUT_MS = 155,
    OPT_CONNECTTIMEOUT_MS = 156,
    OPT_PROTOCOLS = 181,
    OPT_REDIR_PROTOCOLS = 182,
    INFO_RESPONSE_CODE = 0x200000 + 2,
    PROTO_HTTP = 1,
    PROTO_HTTPS = 2,
    GLOBAL_DEFAULT = 3,
};

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
} curl;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];
static int loaded;

static void load(void) {
    const char *names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.4.dylib", "libcurl.dylib"};
    void *library = NULL;
    for (size_t index = 0; index < sizeof names / sizeof names[0] && library == NULL; index++) {
        library = dlopen(names[index], RTLD_NOW | RTLD_LOCAL);
    }
    if (library == NULL) {
        snprintf(load_error, sizeof load_error, "%s", "libcurl is not installed (Debian and Ubuntu: apt-get install libcurl4)");
        return;
    }
#define FIND(field, symbol)                                                                                    \
    if ((*(void **)&curl.field = dlsym(library, symbol)) == NULL) {                                           \
        snprintf(load_error, sizeof load_error, "libcurl has no %s; install libcurl4 7.19 or later", symbol); \
        return;                                                                                                \
    }
    FIND(global_init, "curl_global_init")
    FIND(easy_init, "curl_easy_init")
    FIND(easy_setopt, "curl_easy_setopt")
    FIND(easy_perform, "curl_easy_perform")
    FIND(easy_getinfo, "curl_easy_getinfo")
    FIND(easy_cleanup, "curl_easy_cleanup")
    FIND(easy_strerror, "curl_easy_strerror")
    FIND(slist_append, "curl_slist_append")
    FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
    if (curl.global_init(GLOBAL_DEFAULT) != 0) {
        snprintf(load_error, sizeof load_error, "%s", "libcurl could not be initialised");
        return;
    }
    loaded = 1;
}

int chttp_load(char *error, size_t error_size) {
    pthread_once(&load_once, load);
    if (!loaded && error != NULL && error_size > 0) snprintf(error, error_size, "%s", load_error);
    return loaded;
}

typedef struct {
    char *bytes;
    size_t length;
    int overflow;
} buffer;

// Salesforce's answers are small; a body past 8 MiB is cut off rather than held.
static size_t collect(char *data, size_t size, size_t count, void *context) {
    buffer *into = context;
    size_t length = size * count;
    if (into->length + length > (8u << 20)) {
        into->overflow = 1;
        return length;
    }
    char *grown = realloc(into->bytes, into->length + length + 1);
    if (grown == NULL) return 0;
    memcpy(grown + into->length, data, length);
    into->bytes = grown;
    into->length += length;
    into->bytes[into->length] = 0;
    return length;
}

void chttp_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                   const char *body, size_t body_length, long timeout_ms, chttp_response *response) {
    memset(response, 0, sizeof *response);
    if (!chttp_load(response->error, sizeof response->error)) return;
    CURL *handle = curl.easy_init();
    if (handle == NULL) {
        snprintf(response->error, sizeof response->error, "%s", "libcurl could not start a request");
        return;
    }
    struct curl_slist *list = NULL;
    for (size_t index = 0; index < header_count; index++) list = curl.slist_append(list, headers[index]);
    buffer received = {0};
    curl.easy_setopt(handle, OPT_URL, url);
    curl.easy_setopt(handle, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_REDIR_PROTOCOLS, (long)(PROTO_HTTPS));
    curl.easy_setopt(handle, OPT_FOLLOWLOCATION, 0L);
    curl.easy_setopt(handle, OPT_SSL_VERIFYPEER, 1L);
    curl.easy_setopt(handle, OPT_SSL_VERIFYHOST, 2L);
    curl.easy_setopt(handle, OPT_NOSIGNAL, 1L);
    // A proxy configured for the internet must not see a request to this machine.
    curl.easy_setopt(handle, OPT_NOPROXY, "localhost,127.0.0.1,::1");
    curl.easy_setopt(handle, OPT_TIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_CONNECTTIMEOUT_MS, timeout_ms);
    curl.easy_setopt(handle, OPT_HTTPHEADER, list);
    curl.easy_setopt(handle, OPT_WRITEFUNCTION, collect);
    curl.easy_setopt(handle, OPT_WRITEDATA, &received);
    if (strcmp(method, "GET") == 0) {
        curl.easy_setopt(handle, OPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(handle, OPT_CUSTOMREQUEST, method);
        curl.easy_setopt(handle, OPT_POSTFIELDSIZE, (long)body_length);
        curl.easy_setopt(handle, OPT_POSTFIELDS, body != NULL ? body : "");
    }
    CURLcode code = curl.easy_perform(handle);
    if (code == 0) {
        response->ok = 1;
        curl.easy_getinfo(handle, INFO_RESPONSE_CODE, &response->status);
        response->body = received.bytes;
        response->body_length = received.length;
    } else {
        snprintf(response->error, sizeof response->error, "%s", curl.easy_strerror(code));
        free(received.bytes);
    }
    curl.slist_free_all(list);
    curl.easy_cleanup(handle);
}

void chttp_free(chttp_response *response) {
    free(response->body);
    response->body = NULL;
}
