// A strict, forward-only reader of one JSON text, for the chat-record reader's hot path.
// It takes exactly RFC 8259's grammar and declines (returns false) whatever it is not sure of:
// a declined record is read by simdjson's DOM parse, which also words the error. So a value
// read here must be the value the DOM reads, bit for bit; anything else may be declined.
// UTF-8 is checked by the caller, once for the whole text (simdjson::validate_utf8).
//
// Why not On-Demand: for a token entry's few known members, simdjson's stage 1 (indexing
// every structural character) and the On-Demand walk over that index cost twice what reading
// the text once in order does (docs/bench.md, eighth session).
#pragma once
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace json_cursor {

// The readers a record's hot loop calls, forced inline so that its cursor stays in registers.
#define JSON_CURSOR_HOT [[gnu::always_inline]] inline

inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Where reading is: [at, end). The text may be followed by other bytes (the next lines of a
// block), never read as part of it. Its last byte is a closing bracket (`over` checks it):
// a scan over digits, spaces or a number's characters stops there, so those loops need no
// bound check of their own.
struct Cursor {
  const char *at;
  const char *end;

  // A cursor over a JSON text whose value is an object or array: false for anything else.
  // Trailing spaces are left out, so that what follows the value is checked by at == end.
  static bool over(const char *text, size_t length, Cursor &out) {
    while (length > 0 && is_space(text[length - 1])) length--;
    if (length == 0 || (text[length - 1] != '}' && text[length - 1] != ']')) return false;
    out = Cursor{text, text + length};
    return true;
  }

  JSON_CURSOR_HOT void skip_space() {
    while (at < end && is_space(*at)) at++;
  }
  // The next character after spaces, or 0 at the end.
  JSON_CURSOR_HOT char peek() {
    skip_space();
    return at < end ? *at : 0;
  }
  // Takes `c` when it is next after spaces.
  JSON_CURSOR_HOT bool take(char c) {
    if (peek() != c) return false;
    at++;
    return true;
  }
  bool take_literal(const char *word, size_t length) {
    if (size_t(end - at) < length || std::memcmp(at, word, length) != 0) return false;
    at += length;
    return true;
  }
  // JSON null, taken; false (nothing taken) for anything else.
  JSON_CURSOR_HOT bool take_null() { return peek() == 'n' && take_literal("null", 4); }
};

// A string's text between its quotes, as written (escapes not yet decoded).
struct String {
  std::string_view raw;
  bool escaped = false;
};

inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Four hex digits at `at` (bounds checked by the caller).
inline bool read_hex4(const char *at, unsigned &value) {
  value = 0;
  for (int i = 0; i < 4; i++) {
    const int digit = hex_value(at[i]);
    if (digit < 0) return false;
    value = value * 16 + unsigned(digit);
  }
  return true;
}

// One escape at `at` (its backslash): the position after it, or null for a bad one. A
// surrogate must come as a pair (high then low): a lone one is declined, whatever a parser
// would make of it. (Positions are returned, not updated through a reference: a pointer
// whose address is taken lives in memory, and the string loop stored it on every byte.)
inline const char *skip_escape(const char *at, const char *end, unsigned &code) {
  if (end - at < 2) return nullptr;
  switch (at[1]) {
    case '"': code = '"'; break;
    case '\\': code = '\\'; break;
    case '/': code = '/'; break;
    case 'b': code = '\b'; break;
    case 'f': code = '\f'; break;
    case 'n': code = '\n'; break;
    case 'r': code = '\r'; break;
    case 't': code = '\t'; break;
    case 'u': {
      if (end - at < 6 || !read_hex4(at + 2, code)) return nullptr;
      if (code >= 0xDC00 && code <= 0xDFFF) return nullptr;
      if (code < 0xD800 || code > 0xDBFF) return at + 6;
      unsigned low;
      if (end - at < 12 || at[6] != '\\' || at[7] != 'u' || !read_hex4(at + 8, low) || low < 0xDC00 || low > 0xDFFF) return nullptr;
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
      return at + 12;
    }
    default: return nullptr;
  }
  return at + 2;
}

// Where a word's first quote, backslash or control character is (its byte's high bit set
// in the result), 0 when it has none. Each test flags its lowest match exactly (a borrow
// only runs upward), so the lowest bit of the result marks the first such byte.
inline uint64_t special_bytes(uint64_t word) {
  constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  const uint64_t quote = word ^ (ones * '"'), backslash = word ^ (ones * '\\');
  const uint64_t zero_quote = (quote - ones) & ~quote, zero_backslash = (backslash - ones) & ~backslash;
  const uint64_t control = (word - ones * 0x20) & ~word;  // a byte < 0x20 (never one >= 0x80)
  return (zero_quote | zero_backslash | control) & highs;
}

// A string starting at `at` (its opening quote): its raw text, escapes checked; the position
// after its closing quote, or null.
JSON_CURSOR_HOT const char *scan_string(const char *at, const char *end, String &out) {
  const char *start = ++at;
  bool escaped = false;
  while (true) {
    // Eight bytes at a time, to the first special one: tokens are a few bytes, message
    // texts run to kilobytes.
    while (end - at >= 8) {
      uint64_t word;
      std::memcpy(&word, at, 8);
      const uint64_t special = special_bytes(word);
      if (special != 0) {
        at += __builtin_ctzll(special) / 8;
        break;
      }
      at += 8;
    }
    if (at >= end) return nullptr;
    const unsigned char c = static_cast<unsigned char>(*at);
    if (c == '"') break;
    if (c < 0x20) return nullptr;
    if (c == '\\') {
      unsigned code;
      at = skip_escape(at, end, code);
      if (at == nullptr) return nullptr;
      escaped = true;
      continue;
    }
    at++;
  }
  out.raw = std::string_view(start, size_t(at - start));
  out.escaped = escaped;
  return at + 1;
}

JSON_CURSOR_HOT bool read_string(Cursor &cursor, String &out) {
  if (cursor.peek() != '"') return false;
  const char *after = scan_string(cursor.at, cursor.end, out);
  if (after == nullptr) return false;
  cursor.at = after;
  return true;
}

inline void append_utf8(std::string &out, unsigned code) {
  if (code < 0x80) {
    out += char(code);
  } else if (code < 0x800) {
    out += char(0xC0 | (code >> 6));
    out += char(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += char(0xE0 | (code >> 12));
    out += char(0x80 | ((code >> 6) & 0x3F));
    out += char(0x80 | (code & 0x3F));
  } else {
    out += char(0xF0 | (code >> 18));
    out += char(0x80 | ((code >> 12) & 0x3F));
    out += char(0x80 | ((code >> 6) & 0x3F));
    out += char(0x80 | (code & 0x3F));
  }
}

// A string's decoded text (its raw text when it has no escapes): `scratch` holds it.
inline std::string_view decoded(const String &string, std::string &scratch) {
  if (!string.escaped) return string.raw;
  scratch.clear();
  const char *at = string.raw.data(), *end = at + string.raw.size();
  while (at < end) {
    if (*at != '\\') {
      scratch += *at++;
      continue;
    }
    unsigned code = 0;
    at = skip_escape(at, end, code);  // checked when the string was read
    append_utf8(scratch, code);
  }
  return scratch;
}

// A number's text, its grammar checked: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
// With it, what Clinger's fast path needs: its digits as one integer and the power of ten
// they are scaled by.
struct Number {
  const char *begin, *end;
  bool integer;       // no fraction and no exponent
  bool negative;
  bool short_digits;  // no exponent, at most 2^53 and 19 digits: `digits` is exact, and so is its double
  uint64_t digits;
  int scale;          // minus the count of fraction digits
};

// Whether the eight bytes at `at` are all digits, and their value (simdjson's test and
// multiplications): a logprob's fraction is read eight digits at a time.
JSON_CURSOR_HOT bool eight_digits(const char *at, uint64_t &value) {
  uint64_t word;
  std::memcpy(&word, at, 8);
  if (((word & 0xF0F0F0F0F0F0F0F0ull) | (((word + 0x0606060606060606ull) & 0xF0F0F0F0F0F0F0F0ull) >> 4)) != 0x3333333333333333ull) {
    return false;
  }
  word = (word & 0x0F0F0F0F0F0F0F0Full) * 2561 >> 8;
  word = (word & 0x00FF00FF00FF00FFull) * 6553601 >> 16;
  value = uint32_t((word & 0x0000FFFF0000FFFFull) * 42949672960001ull >> 32);
  return true;
}

// A number starting at `at` (inside a Cursor's text): the position after it, or null.
JSON_CURSOR_HOT const char *scan_number(const char *at, const char *end, Number &out) {
  out.begin = at;
  out.negative = *at == '-';
  if (out.negative) at++;
  if (!is_digit(*at)) return nullptr;
  uint64_t digits = 0;  // wraps past 19 digits: then unused
  const char *first = at;
  if (*at == '0') {
    at++;
    first = at;  // a leading 0 adds no digit
  } else {
    for (; is_digit(*at); at++) digits = digits * 10 + unsigned(*at - '0');
  }
  int count = int(at - first), scale = 0;
  out.integer = true;
  if (*at == '.') {
    out.integer = false;
    if (!is_digit(*++at)) return nullptr;
    const char *fraction = at;
    uint64_t eight;
    while (end - at >= 8 && eight_digits(at, eight)) {
      digits = digits * 100000000 + eight;
      at += 8;
    }
    for (; is_digit(*at); at++) digits = digits * 10 + unsigned(*at - '0');
    scale = -int(at - fraction);
    count -= scale;
  }
  out.short_digits = count <= 19 && digits <= (uint64_t(1) << 53);
  if (*at == 'e' || *at == 'E') {
    out.integer = false;
    out.short_digits = false;
    if (*++at == '+' || *at == '-') at++;
    if (!is_digit(*at)) return nullptr;
    while (is_digit(*at)) at++;
  }
  // A number runs to a structural character or a space: "1x" or "01" is no number.
  if (at < end && !is_space(*at) && *at != ',' && *at != '}' && *at != ']') return nullptr;
  out.digits = digits;
  out.scale = scale;
  out.end = at;
  return at;
}

JSON_CURSOR_HOT bool read_number(Cursor &cursor, Number &out) {
  cursor.skip_space();
  if (cursor.at == cursor.end) return false;
  const char *after = scan_number(cursor.at, cursor.end, out);
  if (after == nullptr) return false;
  cursor.at = after;
  return true;
}

// An integer that fits in 64 signed bits (a larger one, or a fraction or exponent: false).
inline bool to_int64(const Number &number, int64_t &value) {
  if (!number.integer) return false;
  if (number.short_digits) {
    value = number.negative ? -int64_t(number.digits) : int64_t(number.digits);
    return true;
  }
  const auto result = std::from_chars(number.begin, number.end, value);
  return result.ec == std::errc() && result.ptr == number.end;
}

// A number's double, correctly rounded as simdjson reads it. A finite result only: a number
// out of range is declined. The integer -0 has no sign (the DOM reads it as the integer 0).
inline bool to_double(const Number &number, double &value) {
  static const double powers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                  1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  // Clinger's fast path: the digits' double and the power of ten are exact, so one correctly
  // rounded divide gives the correctly rounded result.
  if (number.short_digits && number.scale >= -22) {
    const double magnitude = number.scale == 0 ? double(number.digits) : double(number.digits) / powers[-number.scale];
    value = number.negative && !(number.integer && number.digits == 0) ? -magnitude : magnitude;
    return true;
  }
  if (number.integer) return false;  // past 2^53 an integer's rules in the DOM differ
  const auto result = std::from_chars(number.begin, number.end, value);
  return result.ec == std::errc() && result.ptr == number.end && std::isfinite(value);
}

// Any value, all of it checked (its numbers read as the DOM would read them), nothing kept.
inline bool skip_value(Cursor &cursor, int depth) {
  if (depth > 512) return false;
  switch (cursor.peek()) {
    case '{': {
      cursor.at++;
      if (cursor.take('}')) return true;
      do {
        String key;
        if (!read_string(cursor, key) || !cursor.take(':') || !skip_value(cursor, depth + 1)) return false;
      } while (cursor.take(','));
      return cursor.take('}');
    }
    case '[': {
      cursor.at++;
      if (cursor.take(']')) return true;
      do {
        if (!skip_value(cursor, depth + 1)) return false;
      } while (cursor.take(','));
      return cursor.take(']');
    }
    case '"': {
      String string;
      return read_string(cursor, string);
    }
    case 't': return cursor.take_literal("true", 4);
    case 'f': return cursor.take_literal("false", 5);
    case 'n': return cursor.take_literal("null", 4);
    default: {
      Number number;
      if (!read_number(cursor, number)) return false;
      int64_t whole;
      double real;
      return number.integer ? to_int64(number, whole) : to_double(number, real);
    }
  }
}

// Whether a member's key is `name`, compared at a constant length so that it is a few
// inline loads (a string_view compare calls memcmp).
template <size_t N>
JSON_CURSOR_HOT bool is_key(std::string_view key, const char (&name)[N]) {
  return key.size() == N - 1 && __builtin_memcmp(key.data(), name, N - 1) == 0;
}

// Each member of an object at the cursor: `body(key, cursor)` reads the value. A key with
// escapes is declined (no member confab reads has one; the DOM reads the rest).
template <typename Body>
JSON_CURSOR_HOT bool each_member(Cursor &cursor, Body &&body) {
  if (!cursor.take('{')) return false;
  if (cursor.take('}')) return true;
  do {
    String key;
    if (!read_string(cursor, key) || key.escaped || !cursor.take(':') || !body(key.raw, cursor)) return false;
  } while (cursor.take(','));
  return cursor.take('}');
}

// Each element of an array at the cursor: `body(cursor)` reads it.
template <typename Body>
JSON_CURSOR_HOT bool each_element(Cursor &cursor, Body &&body) {
  if (!cursor.take('[')) return false;
  if (cursor.take(']')) return true;
  do {
    if (!body(cursor)) return false;
  } while (cursor.take(','));
  return cursor.take(']');
}

}  // namespace json_cursor
