#ifndef CHAT_RECORD_H
#define CHAT_RECORD_H
#include <stddef.h>
#include <stdint.h>
#ifdef __cplusplus
extern "C" {
#endif

/* Reads an OpenAI Chat Completions record in one pass over its text, straight into the token
   figures `confab scan --figures-only` prints (no tape, no per-token objects), or into flat
   arrays of its token entries that the importer's own rules make tokens of. Only the plain
   shape is taken (choices[].message and choices[].logprobs.content[] of {id, token, logprob,
   bytes, top_logprobs}, ids as llama.cpp writes them); anything else, malformed input included, is declined, and the
   caller reads the record the usual way (which also words any error). One per thread. */
typedef struct cj_chat_reader cj_chat_reader;

/* One choice's sums, as TranscriptFigures adds them up per token. */
typedef struct cj_chat_choice {
  int64_t index;
  int has_index;
  /* Its sampled tokens: token_ends[first_token ..< end_token]. */
  size_t first_token, end_token;
  int64_t tokens, logprob_count, entropy_count, with_top, outside;
  double logprob_sum, entropy_sum, entropy_max;
} cj_chat_choice;

/* With `entries`: each sampled token's logprob as the file gave it (known: a number, not null
   or absent), its id (llama.cpp's; has_id 0: none), its spelling (an index into the record's
   distinct spellings) and where its alternatives end in `alternatives`. */
typedef struct cj_chat_token {
  double raw;
  int64_t id;
  uint32_t alternatives_end;
  uint32_t spelling;
  uint8_t known;
  uint8_t has_id;
} cj_chat_token;

/* With the digest: one per sampled token (token_ends' indexes), in order. Its logprob after
   the importer's rule (the chosen alternative's when it had none); the sums TokenStats makes
   over its listed alternatives, in the file's order (usable ones: covered probability, -sum
   p ln p, the smallest and largest probability); how many were listed and the chosen token's
   rank among them (0: not listed); where the alternatives the digest kept for it end in
   `alternatives`; its spelling. */
typedef struct cj_chat_position {
  double raw;
  double covered, entropy, smallest, best;
  int64_t id;
  uint32_t k, rank;
  uint32_t kept_end;
  uint32_t spelling;
  uint8_t known;
  uint8_t has_id;
  uint8_t chosen_listed;
} cj_chat_position;

/* An alternative as the file gave it, its spelling an index into the distinct spellings. */
typedef struct cj_chat_alternative {
  double raw;
  int64_t id;
  uint32_t spelling;
  uint8_t known;
  uint8_t has_id;
} cj_chat_alternative;

/* Valid until the reader's next call. Strings are not NUL-terminated. */
typedef struct cj_chat_record {
  const cj_chat_choice *choices;
  size_t choice_count;
  /* Every choice's sampled token bytes, back to back; token i ends at token_ends[i]. */
  const uint8_t *token_bytes;
  const uint32_t *token_ends;
  const char *model;
  size_t model_length;
  int has_model;
  /* prompt_id, else custom_id, when it is a string. */
  const char *prompt_id;
  size_t prompt_id_length;
  int has_prompt_id;
  int64_t sample;
  int has_sample;
  /* The raw JSON of request.messages, else of messages: the prompt, read by the caller. */
  const char *messages_json;
  size_t messages_length;
  int has_messages;
  /* With `entries` only, one per sampled token (token_ends' indexes), in order. */
  const cj_chat_token *tokens;
  /* With the digest only. */
  const cj_chat_position *positions;
  /* Every entry's alternatives (`entries`), or those the digest kept. */
  const cj_chat_alternative *alternatives;
  /* The record's distinct spellings (sampled and listed), each once: spelling i ends at
     spelling_ends[i] in spelling_bytes. A reply's 20 alternatives a position repeat a few
     thousand spellings, so its importer makes an array per spelling, not per alternative. */
  const uint8_t *spelling_bytes;
  const uint32_t *spelling_ends;
  size_t spelling_count;
} cj_chat_record;

cj_chat_reader *cj_chat_reader_new(void);
void cj_chat_reader_free(cj_chat_reader *reader);

/* What a read hands over besides the figures. */
enum {
  CJ_CHAT_FIGURES = 0,
  /* Every token entry as the file gave it, to make tokens of. */
  CJ_CHAT_ENTRIES = 1,
  /* Each position's sums, and the alternatives whose first word hashes to one of the starter
     words, or whose probability is at least the read's `floor`. */
  CJ_CHAT_DIGEST = 2
};

/* The starter words a digest keeps alternatives for (StarterCues): for each of the 26 first
   letters, case-folded, the letters that follow it in some word (bit letter - 'a'; bit 26:
   the word ends there), and the FNV-1a hashes of the lowercased words. */
void cj_chat_reader_set_starters(cj_chat_reader *reader, const uint32_t *follows, const uint64_t *hashes, size_t count);

/* Reads buf[0..<len] in place (never a byte past it), as `mode` says (`floor`: the digest's).
   Returns 1 and fills *out when the record is the plain shape; 0 when it is declined. */
int cj_chat_read(cj_chat_reader *reader, const uint8_t *buf, size_t len, int mode, double floor, cj_chat_record *out);

#ifdef __cplusplus
}
#endif
#endif
