#ifndef CREDC_CHTTP_H
#define CREDC_CHTTP_H

#include <stddef.h>

/// One HTTP exchange's result. `body` is malloc'ed (free it with chttp_free); `error` holds
/// libcurl's message when `ok` is 0 (no response: connection refused, timeout, TLS failure).
typedef struct {
    int ok;
    long status;
    char *body;
    size_t body_length;
    char error[256];
} chttp_response;

/// Loads libcurl on first use ("libcurl.so.4", then "libcurl-gnutls.so.4"): credc links no
/// HTTP client, so that commands that send nothing start as fast as before. Returns 1 when
/// loaded; otherwise 0 with the reason in `error`.
int chttp_load(char *error, size_t error_size);

/// Sends one request: `headers` are "Name: value" lines; `body` may be NULL. Redirects are not
/// followed (a bearer token must not leave the host), TLS peers and host names are verified,
/// only http and https are allowed. Times are in milliseconds.
void chttp_perform(const char *method, const char *url, const char *const *headers, size_t header_count,
                   const char *body, size_t body_length, long timeout_ms, chttp_response *response);

void chttp_free(chttp_response *response);

#endif
