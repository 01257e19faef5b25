// The streaming reference for `make bench` (issue 14): the same statistics as scan_stats.cpp
// (tokens, mean logprob, entropy lower bound, share outside the top-k) over OpenAI-shaped
// JSONL, but read as a streaming program would: each thread owns a line-aligned byte range of
// the file and reads it in fixed-size blocks (pread, 4 MiB), parsing each whole line in place
// with its own On-Demand parser; a line cut by the block end is carried into the next block.
// Memory is bounded by the threads' blocks, not the file.
#include <simdjson.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "token_stats.h"

static const size_t kBlock = 4 << 20;

// Lines starting in [begin, end): the range was cut just after a newline (or at 0).
static void scan_range(int fd, off_t begin, off_t end, Totals &out) {
  simdjson::ondemand::parser parser;
  std::vector<char> buffer(kBlock + simdjson::SIMDJSON_PADDING);
  size_t kept = 0;  // bytes of an unfinished line at the buffer's start
  off_t at = begin;
  bool done = false;
  while (!done) {
    if (kept == buffer.size() - simdjson::SIMDJSON_PADDING) buffer.resize(buffer.size() * 2);  // a line longer than a block
    size_t room = buffer.size() - simdjson::SIMDJSON_PADDING - kept;
    ssize_t got = pread(fd, buffer.data() + kept, room, at);
    if (got <= 0) done = true; else at += got;
    size_t filled = kept + (got > 0 ? got : 0);
    size_t start = 0;
    while (true) {
      char *nl = static_cast<char *>(std::memchr(buffer.data() + start, '\n', filled - start));
      size_t stop = nl ? nl - buffer.data() : filled;
      if (!nl && !done) break;  // an unfinished line: read on
      if (stop > start) {
        // The line's own end is where the parser stops; the bytes after it are its padding.
        add_transcript(parser.iterate(buffer.data() + start, stop - start, buffer.size() - start), out);
      }
      if (!nl) { start = filled; break; }
      start = stop + 1;
      // Lines that start at or past the range's end belong to the next thread.
      if (static_cast<off_t>(at - (filled - start)) >= end) { done = true; start = filled; break; }
    }
    kept = filled - start;
    std::memmove(buffer.data(), buffer.data() + start, kept);
    if (done) break;
  }
}

int main(int argc, char **argv) {
  if (argc < 2) { std::fprintf(stderr, "usage: scan_stream FILE [THREADS]\n"); return 2; }
  int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) { std::perror(argv[1]); return 1; }
  struct stat info;
  fstat(fd, &info);
  off_t size = info.st_size;
  // Cut points just after a newline near each equal share.
  std::vector<off_t> cuts{0};
  for (int i = 1; i < threads; i++) {
    off_t guess = size * i / threads;
    char probe[65536];
    off_t cut = size;
    for (off_t at = guess; at < size;) {
      ssize_t got = pread(fd, probe, sizeof probe, at);
      if (got <= 0) break;
      void *nl = std::memchr(probe, '\n', got);
      if (nl) { cut = at + (static_cast<char *>(nl) - probe) + 1; break; }
      at += got;
    }
    cuts.push_back(cut);
  }
  cuts.push_back(size);
  std::vector<Totals> totals(threads);
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; i++) workers.emplace_back(scan_range, fd, cuts[i], cuts[i + 1], std::ref(totals[i]));
  for (auto &w : workers) w.join();
  Totals all;
  for (auto &t : totals) { all.transcripts += t.transcripts; all.tokens += t.tokens; all.outside += t.outside; all.logprob += t.logprob; all.entropy += t.entropy; }
  std::printf("transcripts %ld tokens %ld mean_logprob %.3f mean_entropy_bound %.3f outside %.2f%%\n", all.transcripts, all.tokens,
              all.logprob / all.tokens, all.entropy / all.tokens, 100.0 * all.outside / all.tokens);
}
