// libcurl through dlopen: its entry points are looked up once, on the first request.
#include "ccurl.h"
#include <curl/curl.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

static struct {
  CURLcode (*global_init)(long);
  CURL *(*easy_init)(void);
  void (*easy_cleanup)(CURL *);
  void (*easy_reset)(CURL *);
  CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
  CURLcode (*easy_perform)(CURL *);
  CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
  const char *(*easy_strerror)(CURLcode);
  struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
  void (*slist_free_all)(struct curl_slist *);
} api;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const char *load_error = "libcurl not loaded";

static void load(void) {
  void *library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (!library) library = dlopen("libcurl.so", RTLD_NOW | RTLD_LOCAL);
  if (!library) {
    load_error = "cannot load libcurl (libcurl.so.4): install libcurl4 to talk to a model server";
    return;
  }
#define FIND(field, name)                                                      \
  if (!(*(void **)(&api.field) = dlsym(library, name))) {                      \
    load_error = "libcurl lacks " name;                                        \
    return;                                                                    \
  }
  FIND(global_init, "curl_global_init")
  FIND(easy_init, "curl_easy_init")
  FIND(easy_cleanup, "curl_easy_cleanup")
  FIND(easy_reset, "curl_easy_reset")
  FIND(easy_setopt, "curl_easy_setopt")
  FIND(easy_perform, "curl_easy_perform")
  FIND(easy_getinfo, "curl_easy_getinfo")
  FIND(easy_strerror, "curl_easy_strerror")
  FIND(slist_append, "curl_slist_append")
  FIND(slist_free_all, "curl_slist_free_all")
#undef FIND
  if (api.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    load_error = "libcurl failed to initialize";
    return;
  }
  load_error = NULL;
}

const char *ccurl_load(void) {
  pthread_once(&once, load);
  return load_error;
}

void *ccurl_handle_new(void) { return ccurl_load() ? NULL : api.easy_init(); }

void ccurl_handle_free(void *handle) {
  if (handle) api.easy_cleanup((CURL *)handle);
}

struct transfer {
  ccurl_write_fn write;
  ccurl_abort_fn abort;
  void *context;
  int stopped;
};

static size_t on_write(char *data, size_t size, size_t count, void *pointer) {
  struct transfer *transfer = pointer;
  size_t length = size * count;
  size_t taken = transfer->write(data, length, transfer->context);
  if (taken != length) transfer->stopped = 1;
  return taken;
}

static int on_progress(void *pointer, curl_off_t a, curl_off_t b, curl_off_t c, curl_off_t d) {
  (void)a, (void)b, (void)c, (void)d;
  struct transfer *transfer = pointer;
  if (transfer->abort(transfer->context)) {
    transfer->stopped = 1;
    return 1;
  }
  return 0;
}

void ccurl_post(void *handle, const char *url, const char *body, size_t body_length, const char *authorization,
                long timeout_ms, ccurl_write_fn write, ccurl_abort_fn abort, void *context, ccurl_result *result) {
  memset(result, 0, sizeof *result);
  const char *why = ccurl_load();
  if (why || !handle) {
    result->code = CCURL_OTHER;
    snprintf(result->error, sizeof result->error, "%s", why ? why : "libcurl could not make a handle");
    return;
  }
  CURL *curl = handle;
  api.easy_reset(curl);
  struct transfer transfer = {write, abort, context, 0};
  struct curl_slist *headers = api.slist_append(NULL, "Content-Type: application/json");
  // An empty "Expect:" stops libcurl from waiting for a 100-continue llama-server never sends
  // (bodies over 1 KiB ran at 7 requests/s instead of 60).
  headers = api.slist_append(headers, "Expect:");
  char auth[4096];
  if (authorization && snprintf(auth, sizeof auth, "Authorization: %s", authorization) < (int)sizeof auth) {
    headers = api.slist_append(headers, auth);
  }
  api.easy_setopt(curl, CURLOPT_URL, url);
  api.easy_setopt(curl, CURLOPT_POST, 1L);
  api.easy_setopt(curl, CURLOPT_POSTFIELDS, body);
  api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)body_length);
  api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, timeout_ms);
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_write);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  api.easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  api.easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
  api.easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  CURLcode code = api.easy_perform(curl);
  api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result->status);
  api.slist_free_all(headers);
  snprintf(result->error, sizeof result->error, "%s", api.easy_strerror(code));
  if (code == CURLE_OK) {
    result->code = CCURL_OK;
  } else if (transfer.stopped) {
    result->code = CCURL_STOPPED;
  } else if (code == CURLE_COULDNT_CONNECT) {
    result->code = CCURL_CANNOT_CONNECT;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    result->code = CCURL_TIMED_OUT;
  } else if (code == CURLE_RECV_ERROR || code == CURLE_PARTIAL_FILE || code == CURLE_GOT_NOTHING ||
             code == CURLE_SEND_ERROR) {
    result->code = CCURL_CONNECTION_LOST;
  } else {
    result->code = CCURL_OTHER;
  }
}
