#ifndef CCURL_H
#define CCURL_H
#include <stddef.h>
#ifdef __cplusplus
extern "C" {
#endif

/* libcurl, loaded with dlopen on the first request: linking it (as Foundation's URLSession
   does) made every confab command load ~30 shared libraries at start, 6 ms of a 13 ms start. */

/* Loads libcurl once; NULL when ready, else why not (a static string). Thread-safe. */
const char *ccurl_load(void);

/* An easy handle: reused across requests it keeps the server's connection open. */
void *ccurl_handle_new(void);
void ccurl_handle_free(void *handle);

/* Receives body bytes; return `size` to go on, anything else stops the transfer. */
typedef size_t (*ccurl_write_fn)(const char *data, size_t size, void *context);
/* Polled during the transfer; nonzero stops it. */
typedef int (*ccurl_abort_fn)(void *context);

enum ccurl_code {
  CCURL_OK = 0,
  CCURL_CANNOT_CONNECT = 1,
  CCURL_TIMED_OUT = 2,
  CCURL_CONNECTION_LOST = 3,
  CCURL_STOPPED = 4,
  CCURL_OTHER = 5,
};

typedef struct {
  int code;          /* enum ccurl_code */
  long status;       /* HTTP status, 0 when none arrived */
  char error[256];   /* libcurl's words for CCURL_OTHER and the rest */
} ccurl_result;

/* POSTs `body` as JSON to `url` and blocks until the response is read, the transfer fails,
   `timeout_ms` passes (the whole request) or a callback stops it. `authorization` is the
   whole header value ("Bearer ...") or NULL. */
void ccurl_post(void *handle, const char *url, const char *body, size_t body_length, const char *authorization,
                long timeout_ms, ccurl_write_fn write, ccurl_abort_fn abort, void *context, ccurl_result *result);

#ifdef __cplusplus
}
#endif
#endif
