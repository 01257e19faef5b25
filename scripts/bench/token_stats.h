// What both scan references compute per transcript, as confab scan does: tokens, the sum of
// sampled logprobs, the entropy lower bound, and the tokens sampled outside the top-k.
#pragma once
#include <simdjson.h>
#include <algorithm>
#include <cmath>
#include <string_view>

struct Totals { long transcripts = 0, tokens = 0, outside = 0; double logprob = 0, entropy = 0; };

// `doc` is an OpenAI-shaped record (choices[].logprobs.content[]), iterated On-Demand.
template <typename Document>
static void add_transcript(Document &&doc, Totals &out) {
  out.transcripts++;
  for (auto choice : doc["choices"]) {
    for (auto entry : choice["logprobs"]["content"]) {
      std::string_view chosen = entry["token"].get_string().value();
      double lp = entry["logprob"].get_double().value();
      double covered = 0, h = 0, smallest = 1;
      bool found = false;
      for (auto alt : entry["top_logprobs"]) {
        std::string_view text = alt["token"].get_string().value();
        double alp = alt["logprob"].get_double().value();
        if (!found && text == chosen && alp == lp) found = true;
        double p = std::exp(alp);
        covered += p;
        h -= p * alp;
        smallest = std::min(smallest, p);
      }
      if (!found) { double p = std::exp(lp); covered += p; h -= p * lp; }
      double tail = std::max(0.0, 1 - std::min(covered, 1.0));
      if (smallest > 0 && smallest < 1) h += tail * std::log(1 / smallest);
      out.tokens++;
      out.logprob += lp;
      out.entropy += h;
      if (!found) out.outside++;
    }
  }
}
