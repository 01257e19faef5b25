#ifndef CSIMDJSON_H
#define CSIMDJSON_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* One simdjson DOM parser; not thread-safe, use one per thread. */
typedef struct cj_parser cj_parser;

cj_parser *cj_parser_new(void);
void cj_parser_free(cj_parser *parser);

/* Bytes simdjson may read past the end of the input. */
size_t cj_padding(void);

/* Parses buf[0..<len]. When capacity >= len + cj_padding() the input is read in place,
   otherwise it is copied. On success returns 0 and points *tape and *strings at the parsed
   tape (simdjson's documented tape format) and string buffer, valid until the next parse.
   On failure returns simdjson's error code. */
int cj_parse(cj_parser *parser, const uint8_t *buf, size_t len, size_t capacity,
             const uint64_t **tape, const uint8_t **strings);

/* A short English description of an error code. */
const char *cj_error_message(int code);

#ifdef __cplusplus
}
#endif
#endif
