// The reference for `make bench`: a plain C++ simdjson On-Demand program computing the same
// per-transcript statistics as `confab scan` (tokens, mean logprob, entropy lower bound, share
// outside the top-k) over OpenAI-shaped JSONL, one thread per line-aligned range.
#include <simdjson.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "token_stats.h"

static void scan_range(const std::string &data, size_t begin, size_t end, Totals &out) {
  simdjson::ondemand::parser parser;
  size_t pos = begin;
  while (pos < end) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string::npos) nl = data.size();
    simdjson::padded_string line(data.data() + pos, nl - pos);
    pos = nl + 1;
    if (line.size() == 0) continue;
    add_transcript(parser.iterate(line), out);
  }
}

int main(int argc, char **argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: scan_stats FILE [THREADS]\n"); return 2; }
  int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  // One read of the whole file: the fastest way for this program to get its input.
  std::FILE *file = std::fopen(argv[1], "rb");
  if (!file) { std::perror(argv[1]); return 1; }
  std::fseek(file, 0, SEEK_END);
  std::string data(static_cast<size_t>(std::ftell(file)), '\0');
  std::fseek(file, 0, SEEK_SET);
  if (std::fread(data.data(), 1, data.size(), file) != data.size()) { std::perror("read"); return 1; }
  std::fclose(file);
  std::vector<size_t> cuts{0};
  for (int i = 1; i < threads; i++) {
    size_t at = data.find('\n', data.size() * i / threads);
    cuts.push_back(at == std::string::npos ? data.size() : at + 1);
  }
  cuts.push_back(data.size());
  std::vector<Totals> totals(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; i++) workers.emplace_back(scan_range, std::cref(data), cuts[i], cuts[i + 1], std::ref(totals[i]));
  for (auto &w : workers) w.join();
  Totals all;
  for (auto &t : totals) { all.transcripts += t.transcripts; all.tokens += t.tokens; all.outside += t.outside; all.logprob += t.logprob; all.entropy += t.entropy; }
  std::printf("transcripts %ld tokens %ld mean_logprob %.3f mean_entropy_bound %.3f outside %.2f%%\n", all.transcripts, all.tokens,
              all.logprob / all.tokens, all.entropy / all.tokens, 100.0 * all.outside / all.tokens);
}
