// The whole C++ surface confab needs from simdjson: parse, then hand Swift the tape.
#include "csimdjson.h"
#include <simdjson.h>

struct cj_parser {
  simdjson::dom::parser parser;
};

extern "C" cj_parser *cj_parser_new(void) { return new (std::nothrow) cj_parser(); }

extern "C" void cj_parser_free(cj_parser *p) { delete p; }

extern "C" size_t cj_padding(void) { return simdjson::SIMDJSON_PADDING; }

extern "C" int cj_parse(cj_parser *p, const uint8_t *buf, size_t len, size_t capacity,
                        const uint64_t **tape, const uint8_t **strings) {
  const bool padded = capacity >= len + simdjson::SIMDJSON_PADDING;
  auto result = p->parser.parse(buf, len, !padded);
  if (result.error()) return int(result.error());
  *tape = p->parser.doc.tape.get();
  *strings = p->parser.doc.string_buf.get();
  return 0;
}

extern "C" const char *cj_error_message(int code) {
  return simdjson::error_message(simdjson::error_code(code));
}
