// Plain OpenAI Chat Completions records, read in one pass over their text (json_cursor.h),
// in one of two ways:
// - figures: the token figures (TranscriptFigures' sums and TokenStats' entropy bound) are
//   added up while the record is read, and no token is made (`scan --figures-only`). They
//   must equal the importer's bit for bit, so every rule here mirrors one in
//   TokenEntryParser, OpenAIChatImporter and TokenStats;
// - entries: each token entry is handed over as the file gave it (flat arrays), and Swift
//   makes the tokens with the importer's own rules;
// - digest: the figures as above, and per sampled token the sums TokenStats is made of, with
//   only the alternatives an analysis rule reads (a starter word's, or one at least as likely
//   as the competing-answer floor): what `confab scan` analyses without making every
//   alternative (a few a position instead of twenty).
// Whatever it is not sure of, it declines, and the caller reads the record the usual way
// (simdjson's DOM). Values it does not use are still fully read, so malformed input is
// declined (and then reported by the usual path), never passed.
#include "chat_record.h"
#include "json_cursor.h"
#include "spelling_table.h"
#include <simdjson.h>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

using json_cursor::Cursor;
using json_cursor::is_digit;
using json_cursor::is_key;
using json_cursor::is_space;
using spelling_table::ByteBuffer;
using spelling_table::Interner;

namespace {

// Swift's min and max, which these figures use: the same operand wins on ties.
inline double swift_min(double x, double y) { return y < x ? y : x; }
inline double swift_max(double x, double y) { return y >= x ? y : x; }

// Logprob.value: finite, above the sentinel floor, at most 0.
inline bool usable(bool known, double raw, double &value) {
  if (!known || !std::isfinite(raw) || !(raw > -1000.0)) return false;
  value = swift_min(raw, 0.0);
  return true;
}

// A token's byte list: tokens are short (a longer list declines the record).
struct Bytes {
  uint8_t bytes[256];
  size_t count = 0;
  std::string_view view() const { return std::string_view(reinterpret_cast<const char *>(bytes), count); }
};

// What an entry says of its token: its spelling (its `bytes` when they are a non-empty list,
// else its `token` string), its logprob (known: a number was given; null and absent are not)
// and its token id (llama.cpp's `id`; null is none).
struct Entry {
  std::string_view bytes;
  double raw = 0;
  bool known = false;
  int64_t id = 0;
  bool has_id = false;
};

// An alternative kept for later: only when an entry lists its alternatives before its own
// spelling is known. Its spelling is copied into the reader's arena.
struct Kept {
  size_t start, length;
  double raw;
  bool known;
  int64_t id;
  bool has_id;
};

// TokenStats over the alternatives, added one at a time in the file's order, with the
// chosen token looked for on the way (TokenEntryParser.chosenIndex): by id when the token and
// any alternative have one, else by bytes and logprob.
struct Top {
  size_t k = 0;
  double covered = 0, entropy = 0, smallest = 1, best = 0;
  long exact = -1, hits = 0, hit = -1;
  Entry exact_entry, hit_entry;
  bool any_id = false;
  long same_id = -1;
  Entry same_id_entry;
};

// TokenEntryParser's sameValue on two logprobs.
bool same_value(const Entry &a, const Entry &b) {
  double x, y;
  bool has_x = usable(a.known, a.raw, x), has_y = usable(b.known, b.raw, y);
  if (has_x && has_y) return std::fabs(x - y) <= 1e-6 * swift_max(1.0, std::fabs(x));
  return !has_x && !has_y;
}

// One alternative into the sums, `token` being the sampled token's final spelling and logprob;
// its value (-infinity when unusable) and probability (0 then) are handed back for a digest.
[[gnu::always_inline]] inline void add_alternative(Top &top, const Entry &token, const Entry &alternative, double &value,
                                                   double &probability) {
  const long index = long(top.k++);
  if (alternative.has_id) {
    top.any_id = true;
    if (top.same_id < 0 && token.has_id && alternative.id == token.id) {
      top.same_id = index;
      top.same_id_entry = alternative;
    }
  }
  if (alternative.bytes == token.bytes) {
    // The first with the same bytes and logprob, else the only one with the bytes.
    if (top.exact < 0 && token.known && same_value(alternative, token)) {
      top.exact = index;
      top.exact_entry = alternative;
    }
    top.hits++;
    top.hit = index;
    top.hit_entry = alternative;
  }
  double lp;
  value = -INFINITY;
  probability = 0;
  if (!usable(alternative.known, alternative.raw, lp)) return;
  const double p = std::exp(lp);
  value = lp;
  probability = p;
  top.covered += p;
  top.entropy -= p * lp;
  top.smallest = swift_min(top.smallest, p);
  top.best = swift_max(top.best, p);
}

// The starter words of StarterCues, as Swift gave them: a spelling whose first word hashes to
// one of them may carry a cue, and is kept in a digest (Swift reads its cues itself).
class StarterWords {
 public:
  void set(const uint32_t *follows, const uint64_t *hashes, size_t count) {
    std::copy(follows, follows + 26, follows_);
    size_t size = 16;
    while (size < 4 * count) size *= 2;
    slots_.assign(size, 0);
    for (size_t index = 0; index < count; index++) {
      size_t slot = size_t(hashes[index]) & (size - 1);
      while (slots_[slot] != 0 && slots_[slot] != hashes[index]) slot = (slot + 1) & (size - 1);
      slots_[slot] = hashes[index];
    }
  }

  // WordShape.firstWordHash: after leading spaces, the letters of the first word, case-folded;
  // a spelling whose first two letters begin no starter word has no cue (most: checked
  // inline, the word hashed out of line).
  [[gnu::always_inline]] bool may_start(std::string_view bytes) const {
    size_t index = 0;
    const size_t count = bytes.size();
    while (index < count && (bytes[index] == ' ' || bytes[index] == '\n' || bytes[index] == '\t')) index++;
    if (index == count || !is_letter(bytes[index])) return false;
    const unsigned next = index + 1 < count && is_letter(bytes[index + 1]) ? (uint8_t(bytes[index + 1]) | 0x20) - 'a' : 26;
    if (!((follows_[(uint8_t(bytes[index]) | 0x20) - 'a'] >> next) & 1)) return false;
    return is_starter(bytes, index);
  }

 private:
  // Per first letter, case-folded: the letters that follow it in some starter word (bit
  // letter - 'a'; bit 26: the word ends there).
  uint32_t follows_[26] = {};
  std::vector<uint64_t> slots_;  // the words' FNV-1a hashes, open addressing (0: empty)

  static bool is_letter(char byte) { return (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z'); }

  [[gnu::noinline]] bool is_starter(std::string_view bytes, size_t index) const {
    if (slots_.empty()) return false;
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (; index < bytes.size() && is_letter(bytes[index]); index++) hash = (hash ^ (uint8_t(bytes[index]) | 0x20)) * 0x100000001b3ULL;
    const size_t mask = slots_.size() - 1;
    for (size_t slot = size_t(hash) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      if (slots_[slot] == hash) return true;
    }
    return false;
  }
};

struct Reader {
  Bytes sampled;                    // the sampled token's byte list
  Bytes alternative;                // the byte list of the alternative being read
  std::string sampled_text;         // the sampled token's string, decoded when it has escapes
  std::string alternative_text;     // the same for the alternative being read
  std::string scratch;              // other strings' decoded text
  ByteBuffer arena;                 // kept alternatives' spellings
  std::vector<Kept> kept;
  std::vector<cj_chat_choice> choices;
  ByteBuffer token_bytes;
  std::vector<uint32_t> token_ends;
  int mode = CJ_CHAT_FIGURES;       // what a read hands over besides the figures
  // Kept with CJ_CHAT_ENTRIES only: what the file gave for every entry.
  std::vector<cj_chat_token> tokens;
  // Every entry's alternatives (`entries`), or those a digest keeps.
  std::vector<cj_chat_alternative> alternatives;
  Interner spellings;
  // The digest's: its competing-answer floor, each position's sums, and the current
  // position's alternatives' values (-infinity: unusable) for the chosen's rank.
  double floor = 0;
  StarterWords starters;
  std::vector<cj_chat_position> positions;
  std::vector<double> values;
  std::string model, prompt_id, custom_id;
  std::string_view messages_json;
};

// Marks `bit` seen; false when it was already (a repeated member: declined).
inline bool first_time(unsigned &seen, unsigned bit) {
  if (seen & bit) return false;
  seen |= bit;
  return true;
}

// A value the figures do not need, all of it checked (skipping would not check it).
inline bool check(Cursor &cursor) { return json_cursor::skip_value(cursor, 1); }

// A `bytes` list starting at `at` (its bracket, inside a Cursor's text), `[32, 116]`, into
// `out`: integers 0-255 only, as the importer takes them (it rejects the rest: so is the
// record declined). Read from the text in one loop: a token entry has 21 such lists. No
// bound checks: a digit, space or comma is never the text's last byte. The position after
// it, or null.
[[gnu::always_inline]] inline const char *scan_byte_list(const char *at, Bytes &out) {
  size_t count = 0;
  at++;
  while (is_space(*at)) at++;
  if (*at == ']') {
    out.count = 0;
    return at + 1;
  }
  while (true) {
    if (count == sizeof out.bytes) return nullptr;
    unsigned value = unsigned(*at - '0');
    if (value > 9) return nullptr;
    if (is_digit(*++at)) {
      if (value == 0) return nullptr;  // a leading zero is not JSON
      value = value * 10 + unsigned(*at - '0');
      if (is_digit(*++at)) {
        value = value * 10 + unsigned(*at - '0');
        if (value > 255 || is_digit(*++at)) return nullptr;
      }
    }
    out.bytes[count++] = uint8_t(value);
    while (is_space(*at)) at++;
    const char separator = *at++;
    if (separator == ']') break;
    if (separator != ',') return nullptr;  // 1.5, 1e2, 97 98 ...
    while (is_space(*at)) at++;
  }
  out.count = count;
  return at;
}

JSON_CURSOR_HOT bool read_byte_list(Cursor &cursor, Bytes &out) {
  if (cursor.peek() != '[') return false;
  const char *after = scan_byte_list(cursor.at, out);
  if (after == nullptr) return false;
  cursor.at = after;
  return true;
}

// The members of an entry both kinds share: token, logprob, id and bytes (into `list`).
// Returns false to decline; sets `handled` false for a member it does not know.
[[gnu::always_inline]] inline bool read_member(std::string_view key, Cursor &cursor, unsigned &seen, Entry &out,
                                               json_cursor::String &text, bool &has_text, Bytes &list, bool &handled) {
  handled = true;
  if (is_key(key, "token")) {
    if (!first_time(seen, 1)) return false;
    has_text = true;
    return json_cursor::read_string(cursor, text);  // not a string: the importer reports it
  }
  if (is_key(key, "logprob")) {
    if (!first_time(seen, 2)) return false;
    if (cursor.take_null()) return true;
    json_cursor::Number number;
    if (!json_cursor::read_number(cursor, number) || !json_cursor::to_double(number, out.raw)) return false;
    out.known = true;
    return true;
  }
  if (is_key(key, "id")) {
    if (!first_time(seen, 16)) return false;
    if (cursor.take_null()) return true;  // the importer skips a null id
    // Only a plain integer: the importer also takes 1.0 or 1e2 for 100 (its own rules read those).
    json_cursor::Number number;
    if (!json_cursor::read_number(cursor, number) || !json_cursor::to_int64(number, out.id)) return false;
    out.has_id = true;
    return true;
  }
  if (is_key(key, "bytes")) {
    if (!first_time(seen, 4)) return false;
    return cursor.take_null() || read_byte_list(cursor, list);
  }
  handled = false;
  return true;
}

// The spelling the importer takes: the byte list when it is not empty, else the token string
// (decoded into `scratch` when it has escapes).
inline bool spell(Entry &entry, const Bytes &list, const json_cursor::String &text, bool has_text, std::string &scratch) {
  if (list.count > 0) {
    entry.bytes = list.view();
    return true;
  }
  if (!has_text) return false;
  entry.bytes = json_cursor::decoded(text, scratch);
  return true;
}

// One alternative {token, logprob, bytes}, its byte list read into `list`.
// The hot loop of a read (20 a token): it reads from a copy of the cursor, which the
// compiler keeps in registers, where the caller's lives in memory.
[[gnu::always_inline]] inline bool read_alternative(Cursor &cursor, Entry &out, Bytes &list, std::string &scratch) {
  unsigned seen = 0;
  json_cursor::String text;
  bool has_text = false;
  list.count = 0;
  Cursor local = cursor;
  const bool read = json_cursor::each_member(local, [&](std::string_view key, Cursor &inner) __attribute__((always_inline)) {
    bool handled;  // an unknown member (prob, ...) brings the importer's other rules
    return read_member(key, inner, seen, out, text, has_text, list, handled) && handled;
  });
  cursor.at = local.at;
  return read && spell(out, list, text, has_text, scratch);
}

// An alternative as the file gave it, for the importer's rules (`entries` only).
inline bool keep_entry(Reader &reader, const Entry &alternative) {
  uint32_t spelling;
  if (!reader.spellings.intern(alternative.bytes, spelling)) return false;
  reader.alternatives.push_back(
    {alternative.raw, alternative.id, spelling, uint8_t(alternative.known), uint8_t(alternative.has_id)});
  return true;
}

// One alternative into the token's sums, in the file's order, and with a digest its share:
// its value, for the chosen token's rank, and the alternative itself when a rule may read it
// (Pressure reads starter words, EventRules.competing alternatives at or above the floor;
// Swift applies both rules). False to decline.
template <bool Digest>
[[gnu::always_inline]] inline bool take_alternative(Reader &reader, Top &top, const Entry &token, const Entry &alternative) {
  double value, probability;
  add_alternative(top, token, alternative, value, probability);
  if (!Digest) return true;
  reader.values.push_back(value);
  if (probability >= reader.floor || reader.starters.may_start(alternative.bytes)) return keep_entry(reader, alternative);
  return true;
}

// One sampled token {token, logprob, bytes, top_logprobs}: its bytes appended to the
// record's, its figures added to `choice`. One copy for each way of reading that sums
// figures, so the figures' loop has nothing of the digest's in it.
template <bool Digest>
bool add_token(Reader &reader, Cursor &cursor, cj_chat_choice &choice) {
  reader.sampled.count = 0;
  reader.arena.clear();
  reader.kept.clear();
  if (Digest) reader.values.clear();
  unsigned seen = 0;
  Entry token;
  json_cursor::String text;
  bool has_text = false;
  bool listed = false;   // top_logprobs was a list (null or absent: none)
  bool streamed = false;  // its alternatives were added as they came
  bool id_before_list = false;
  Top top;
  const bool read = json_cursor::each_member(cursor, [&](std::string_view key, Cursor &inner) {
    bool handled;
    if (!read_member(key, inner, seen, token, text, has_text, reader.sampled, handled)) return false;
    if (handled) return true;
    if (!is_key(key, "top_logprobs") || !first_time(seen, 8)) return false;
    if (inner.take_null()) return true;
    listed = true;
    // The usual order (token, logprob, bytes, then the list): the token's spelling is final,
    // so each alternative is added as it is read. Otherwise they are kept until the end.
    streamed = (seen & 7) == 7 && spell(token, reader.sampled, text, has_text, reader.sampled_text);
    id_before_list = seen & 16;
    return json_cursor::each_element(inner, [&](Cursor &item) {
      Entry alternative;
      if (!read_alternative(item, alternative, reader.alternative, reader.alternative_text)) return false;
      if (reader.mode == CJ_CHAT_ENTRIES) return keep_entry(reader, alternative);  // the importer's own rules find the chosen token
      if (streamed) {
        if (!take_alternative<Digest>(reader, top, token, alternative)) return false;
      } else {
        reader.kept.push_back({reader.arena.size(), alternative.bytes.size(), alternative.raw, alternative.known,
                               alternative.id, alternative.has_id});
        reader.arena.append(alternative.bytes);
      }
      return true;
    });
  });
  if (!read) return false;
  // An id and no byte list: MLX-LM's entries, for its own importer (their pieces are raw BPE).
  if ((seen & 16) && !(seen & 4)) return false;
  // Streamed, the token was spelled when its list began (nothing after can change it).
  if (!streamed && !spell(token, reader.sampled, text, has_text, reader.sampled_text)) return false;
  if (listed && !streamed) {
    for (const Kept &kept : reader.kept) {
      Entry alternative;
      alternative.bytes = std::string_view(reinterpret_cast<const char *>(reader.arena.data()) + kept.start, kept.length);
      alternative.raw = kept.raw;
      alternative.known = kept.known;
      alternative.id = kept.id;
      alternative.has_id = kept.has_id;
      if (!take_alternative<Digest>(reader, top, token, alternative)) return false;
    }
  }
  if (reader.token_bytes.size() + token.bytes.size() > UINT32_MAX) return false;
  reader.token_bytes.append(token.bytes);
  reader.token_ends.push_back(uint32_t(reader.token_bytes.size()));
  choice.tokens++;
  if (reader.mode == CJ_CHAT_ENTRIES) {
    // The entry as the file gave it; TokenStats and the figures are Swift's to make.
    uint32_t spelling;
    if (reader.alternatives.size() > UINT32_MAX || !reader.spellings.intern(token.bytes, spelling)) return false;
    reader.tokens.push_back(
      {token.raw, token.id, uint32_t(reader.alternatives.size()), spelling, uint8_t(token.known), uint8_t(token.has_id)});
    return true;
  }
  // By id when the token and any alternative have one. Streamed alternatives were matched
  // against the id known when the list began: one given after it is left to the importer.
  const bool by_id = token.has_id && top.any_id;
  if (by_id && streamed && !id_before_list) return false;
  const long chosen = by_id ? top.same_id : top.exact >= 0 ? top.exact : (top.hits == 1 ? top.hit : -1);
  // Old llama.cpp's rule: the chosen token's logprob from its list when it has none.
  if (!token.known && chosen >= 0) {
    const Entry &from = by_id ? top.same_id_entry : top.exact >= 0 ? top.exact_entry : top.hit_entry;
    token.known = from.known;
    token.raw = from.raw;
  }
  if (Digest) {
    // Token.chosenRank: 1 + the listed alternatives with a higher value than the chosen one's.
    uint32_t rank = 0;
    if (chosen >= 0) {
      const double chosen_value = reader.values[size_t(chosen)];
      rank = 1;
      for (const double value : reader.values) rank += value > chosen_value;
    }
    uint32_t spelling;
    if (reader.alternatives.size() > UINT32_MAX || !reader.spellings.intern(token.bytes, spelling)) return false;
    reader.positions.push_back({token.raw, top.covered, top.entropy, top.smallest, top.best, token.id, uint32_t(top.k), rank,
                                uint32_t(reader.alternatives.size()), spelling, uint8_t(token.known), uint8_t(token.has_id),
                                uint8_t(chosen >= 0)});
  }
  // TokenStats, as TokenStats.init(token:) computes it.
  double value_lp;
  const bool has_value = usable(token.known, token.raw, value_lp);
  const double probability = has_value ? std::exp(value_lp) : 0;
  double covered = top.covered, entropy = top.entropy;
  if (chosen < 0 && has_value) {
    covered += probability;
    entropy -= probability * value_lp;
  }
  covered = swift_min(covered, 1);
  const double tail = swift_max(0, 1 - covered);
  // TranscriptFigures' sums.
  if (has_value) {
    choice.logprob_sum += value_lp;
    choice.logprob_count++;
  }
  if (top.k > 0) {
    const double tail_term = top.smallest < 1 && top.smallest > 0 ? tail * std::log(1 / top.smallest) : 0;
    const double bound = swift_max(0, entropy + tail_term);
    choice.entropy_sum += bound;
    choice.entropy_max = choice.entropy_count == 0 ? bound : swift_max(choice.entropy_max, bound);
    choice.entropy_count++;
    choice.with_top++;
    if (chosen < 0) choice.outside++;
  }
  return true;
}

// choices[i].logprobs: `content` read token by token; other channels are declined.
bool read_logprobs(Reader &reader, Cursor &cursor, cj_chat_choice &choice) {
  unsigned seen = 0;
  const bool read = json_cursor::each_member(cursor, [&](std::string_view key, Cursor &inner) {
    if (is_key(key, "content")) {
      return first_time(seen, 1) &&
             json_cursor::each_element(inner, [&](Cursor &entry) {
               return reader.mode == CJ_CHAT_DIGEST ? add_token<true>(reader, entry, choice) : add_token<false>(reader, entry, choice);
             });
    }
    // Another channel, or the legacy arrays.
    if (is_key(key, "refusal") || is_key(key, "reasoning") || is_key(key, "tokens")) return inner.take_null();
    return check(inner);
  });
  // An empty list keeps the message's text instead: the importer's rule.
  return read && choice.tokens > 0;
}

// choices[i].message: only its other channels matter (the text is the tokens').
bool read_message(Cursor &cursor) {
  return json_cursor::each_member(cursor, [](std::string_view key, Cursor &inner) {
    if (is_key(key, "reasoning_content") || is_key(key, "reasoning") || is_key(key, "refusal")) return inner.take_null();
    return check(inner);
  });
}

// An integer member (null: none), as the importer's `.int`: a plain integer only.
bool read_integer(Cursor &cursor, int64_t &value, int &has) {
  if (cursor.take_null()) return true;
  json_cursor::Number number;
  if (!json_cursor::read_number(cursor, number) || !json_cursor::to_int64(number, value)) return false;
  has = 1;
  return true;
}

bool read_choice(Reader &reader, Cursor &cursor, cj_chat_choice &choice) {
  unsigned seen = 0;
  choice.first_token = reader.token_ends.size();
  const bool read = json_cursor::each_member(cursor, [&](std::string_view key, Cursor &inner) {
    if (is_key(key, "index")) return first_time(seen, 1) && read_integer(inner, choice.index, choice.has_index);
    if (is_key(key, "message")) return first_time(seen, 2) && read_message(inner);
    if (is_key(key, "logprobs")) return first_time(seen, 4) && read_logprobs(reader, inner, choice);
    if (is_key(key, "finish_reason") || is_key(key, "stop_reason") || is_key(key, "matched_stop")) return check(inner);
    return false;  // delta, text, prompt_logprobs ...: another shape or rule
  });
  choice.end_token = reader.token_ends.size();
  return read && (seen & 6) == 6;
}

// A string member kept (decoded) when it is a string (the importer's `.string`), checked otherwise.
bool read_optional_string(Cursor &cursor, std::string &scratch, std::string &out, bool &has) {
  if (cursor.peek() != '"') return check(cursor);
  json_cursor::String text;
  if (!json_cursor::read_string(cursor, text)) return false;
  out.assign(json_cursor::decoded(text, scratch));
  has = true;
  return true;
}

// A prompt's messages: kept as raw JSON for the caller's importer (null: none).
bool read_messages(Cursor &cursor, std::string_view &json) {
  if (cursor.take_null()) return true;
  if (cursor.peek() != '[') return false;  // the importer words it
  const char *start = cursor.at;
  if (!check(cursor)) return false;
  json = std::string_view(start, size_t(cursor.at - start));
  return true;
}

bool read_request(Cursor &cursor, std::string_view &messages) {
  if (cursor.take_null()) return true;
  unsigned seen = 0;
  return json_cursor::each_member(cursor, [&](std::string_view key, Cursor &inner) {
    if (is_key(key, "messages")) return first_time(seen, 1) && read_messages(inner, messages);
    return check(inner);
  });
}

// The object that holds the choices: the record itself, or its `response` (a {request,
// response} pair).
struct Response {
  unsigned seen = 0;
  bool has_model = false;
  std::string model;
};

// A member of the response object; `handled` false for one it does not know.
bool read_response_member(Reader &reader, std::string_view key, Cursor &inner, Response &response, bool &handled) {
  handled = true;
  if (is_key(key, "choices")) {
    if (!first_time(response.seen, 1)) return false;
    return json_cursor::each_element(inner, [&](Cursor &item) {
      cj_chat_choice choice{};
      if (!read_choice(reader, item, choice)) return false;
      reader.choices.push_back(choice);
      return true;
    });
  }
  if (is_key(key, "model")) {
    return first_time(response.seen, 2) && read_optional_string(inner, reader.scratch, response.model, response.has_model);
  }
  if (is_key(key, "object")) {
    // A stream chunk or a Responses object is another format.
    if (inner.peek() != '"') return check(inner);
    json_cursor::String text;
    if (!json_cursor::read_string(inner, text)) return false;
    const std::string_view object = json_cursor::decoded(text, reader.scratch);
    return object != "chat.completion.chunk" && object != "response";
  }
  if (is_key(key, "id") || is_key(key, "created") || is_key(key, "usage") || is_key(key, "system_fingerprint") ||
      is_key(key, "service_tier") || is_key(key, "timings") || is_key(key, "prompt_filter_results") ||
      is_key(key, "kv_transfer_params")) {
    return check(inner);
  }
  handled = false;  // prompt, prompt_logprobs, body, candidates, details ...: another rule or format
  return true;
}

bool read_record(Reader &reader, Cursor &cursor, cj_chat_record &out) {
  unsigned seen = 0;
  bool has_prompt_id = false, has_custom_id = false;
  bool prompt_id_null = true, custom_id_null = true;
  std::string_view request_messages, root_messages;
  Response top, wrapped;
  bool has_wrapped = false;
  const bool read = json_cursor::each_member(cursor, [&](std::string_view key, Cursor &inner) {
    if (is_key(key, "prompt_id")) {
      if (!first_time(seen, 4)) return false;
      prompt_id_null = inner.take_null();
      return prompt_id_null || read_optional_string(inner, reader.scratch, reader.prompt_id, has_prompt_id);
    }
    if (is_key(key, "custom_id")) {
      if (!first_time(seen, 8)) return false;
      custom_id_null = inner.take_null();
      return custom_id_null || read_optional_string(inner, reader.scratch, reader.custom_id, has_custom_id);
    }
    if (is_key(key, "sample")) return first_time(seen, 16) && read_integer(inner, out.sample, out.has_sample);
    if (is_key(key, "request")) return first_time(seen, 32) && read_request(inner, request_messages);
    if (is_key(key, "messages")) return first_time(seen, 64) && read_messages(inner, root_messages);
    if (is_key(key, "response")) {
      if (!first_time(seen, 128)) return false;
      has_wrapped = true;
      return json_cursor::each_member(inner, [&](std::string_view response_key, Cursor &value) {
        bool handled;
        return read_response_member(reader, response_key, value, wrapped, handled) && handled;
      });
    }
    bool handled;
    return read_response_member(reader, key, inner, top, handled) && handled;
  });
  // Nothing may follow the record but spaces (the DOM rejects trailing content).
  cursor.skip_space();
  if (!read || cursor.at != cursor.end) return false;
  // Choices in one place only: the record's own, or its response's.
  const bool top_choices = top.seen & 1, wrapped_choices = wrapped.seen & 1;
  if (top_choices == wrapped_choices || (top_choices && has_wrapped) || reader.choices.empty()) return false;
  const Response &response = top_choices ? top : wrapped;
  // request.messages wins over messages, as in the importer.
  reader.messages_json = request_messages.empty() ? root_messages : request_messages;
  reader.model = response.model;
  out.choices = reader.choices.data();
  out.choice_count = reader.choices.size();
  out.token_bytes = reader.token_bytes.data();
  out.token_ends = reader.token_ends.data();
  out.tokens = reader.tokens.data();
  out.positions = reader.positions.data();
  out.alternatives = reader.alternatives.data();
  out.spelling_bytes = reader.spellings.bytes();
  out.spelling_ends = reader.spellings.ends();
  out.spelling_count = reader.spellings.count();
  out.has_model = response.has_model;
  out.model = reader.model.data();
  out.model_length = reader.model.size();
  // (prompt_id ?? custom_id)?.string: the first present one, if it is a string.
  const std::string *id = !prompt_id_null ? (has_prompt_id ? &reader.prompt_id : nullptr)
                                          : (!custom_id_null && has_custom_id ? &reader.custom_id : nullptr);
  out.has_prompt_id = id != nullptr;
  out.prompt_id = id ? id->data() : nullptr;
  out.prompt_id_length = id ? id->size() : 0;
  out.has_messages = !reader.messages_json.empty();
  out.messages_json = reader.messages_json.data();
  out.messages_length = reader.messages_json.size();
  return true;
}

}  // namespace

struct cj_chat_reader {
  Reader reader;
};

extern "C" cj_chat_reader *cj_chat_reader_new(void) { return new (std::nothrow) cj_chat_reader(); }

extern "C" void cj_chat_reader_free(cj_chat_reader *reader) { delete reader; }

extern "C" void cj_chat_reader_set_starters(cj_chat_reader *handle, const uint32_t *follows, const uint64_t *hashes, size_t count) {
  handle->reader.starters.set(follows, hashes, count);
}

extern "C" int cj_chat_read(cj_chat_reader *handle, const uint8_t *buf, size_t len, int mode, double floor,
                            cj_chat_record *out) {
  Reader &reader = handle->reader;
  reader.mode = mode;
  reader.floor = floor;
  reader.tokens.clear();
  reader.positions.clear();
  reader.alternatives.clear();
  if (mode == CJ_CHAT_ENTRIES && reader.alternatives.capacity() == 0) {
    // A new reader's first record: room for its entries at once (an alternative is 40-90
    // bytes of text). Grown by doubling, the explorer's first record had its lists copied a
    // dozen times before its first screen. Later records reuse the room, or grow it by
    // doubling (reserving for each longer record was no faster, with a fifth more faults).
    reader.alternatives.reserve(std::min<size_t>(len / 40, 1 << 18));
    reader.tokens.reserve(std::min<size_t>(len / 400, 1 << 15));
  }
  reader.spellings.clear();
  reader.choices.clear();
  reader.token_bytes.clear();
  reader.token_ends.clear();
  reader.model.clear();
  reader.prompt_id.clear();
  reader.custom_id.clear();
  reader.messages_json = {};
  *out = cj_chat_record{};
  const char *text = reinterpret_cast<const char *>(buf);
  // Without a "choices" member it is no chat record: declined before the text is checked.
  static const char choices[] = "\"choices\"";
  if (!memmem(buf, len, choices, sizeof choices - 1)) return 0;
  // The DOM rejects a text that is not UTF-8 anywhere, in a string or not.
  if (!simdjson::validate_utf8(text, len)) return 0;
  Cursor cursor;
  return Cursor::over(text, len, cursor) && read_record(reader, cursor, *out) ? 1 : 0;
}
