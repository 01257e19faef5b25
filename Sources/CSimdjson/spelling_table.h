// The chat-record reader's growing byte store and its table of a record's distinct
// spellings (chat_record.cpp, `entries`): each spelling stored once and named by its index.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace spelling_table {

// Bytes appended one token's worth at a time, without the zero fill of vector::resize, which
// wrote every byte twice (1.8% of a full scan's samples).
class ByteBuffer {
 public:
  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  const uint8_t *data() const { return bytes_.get(); }

  void append(std::string_view more) {
    if (more.size() > capacity_ - size_) grow(size_ + more.size());
    if (!more.empty()) std::memcpy(bytes_.get() + size_, more.data(), more.size());
    size_ += more.size();
  }

 private:
  void grow(size_t needed) {
    const size_t capacity = std::max(needed, capacity_ * 2 + 4096);
    std::unique_ptr<uint8_t[]> bigger(new uint8_t[capacity]);
    if (size_ > 0) std::memcpy(bigger.get(), bytes_.get(), size_);
    bytes_ = std::move(bigger);
    capacity_ = capacity;
  }

  std::unique_ptr<uint8_t[]> bytes_;
  size_t size_ = 0, capacity_ = 0;
};

// A record's distinct spellings, each stored once and named by its index (`entries` only):
// an open-addressing table, cleared per record. A slot holds an index and the upper half of
// its spelling's hash, so that a probe compares bytes only when the hashes agree (a slot
// naming an index alone sent every probe to the hash list and then to the bytes: a tenth of
// a full scan).
class Interner {
 public:
  void clear() {
    ends_.clear();
    bytes_.clear();
    hashes_.clear();
    if (!slots_.empty()) std::fill(slots_.begin(), slots_.end(), Slot{});
  }

  const uint8_t *bytes() const { return bytes_.data(); }
  const uint32_t *ends() const { return ends_.data(); }
  size_t count() const { return ends_.size(); }

  // The index of `spelling`, added when it is new; false when the record's spellings would
  // outgrow 32-bit offsets.
  bool intern(std::string_view spelling, uint32_t &index) {
    if ((ends_.size() + 1) * 2 > slots_.size()) rehash(std::max<size_t>(1024, slots_.size() * 2));
    const uint64_t hash = hash_of(spelling);
    const uint32_t check = uint32_t(hash >> 32);
    const size_t mask = slots_.size() - 1;
    for (size_t position = size_t(hash) & mask;; position = (position + 1) & mask) {
      const Slot slot = slots_[position];
      if (slot.index == 0) {
        if (bytes_.size() + spelling.size() > UINT32_MAX) return false;
        bytes_.append(spelling);
        ends_.push_back(uint32_t(bytes_.size()));
        hashes_.push_back(hash);
        index = uint32_t(ends_.size() - 1);
        slots_[position] = Slot{index + 1, check};
        return true;
      }
      if (slot.check == check && view(slot.index - 1) == spelling) {
        index = slot.index - 1;
        return true;
      }
    }
  }

 private:
  struct Slot {
    uint32_t index = 0;  // the spelling's index + 1; 0: empty
    uint32_t check = 0;  // the upper half of its hash
  };

  std::string_view view(size_t index) const {
    const size_t start = index == 0 ? 0 : ends_[index - 1];
    return std::string_view(reinterpret_cast<const char *>(bytes_.data()) + start, ends_[index] - start);
  }

  // Eight bytes at a time, multiplied and folded: token spellings are mostly under 8 bytes.
  // The last 1-7 bytes are read with fixed-size loads (two overlapping halves, or the first,
  // middle and last byte): a copy of a variable length called memcpy, and the word read back
  // from its copy stalled (two fifths of this function's time).
  static uint64_t hash_of(std::string_view text) {
    uint64_t hash = text.size() * 0x9E3779B97F4A7C15ull;
    size_t at = 0;
    for (; at + 8 <= text.size(); at += 8) {
      uint64_t word;
      std::memcpy(&word, text.data() + at, 8);
      hash = (hash ^ word) * 0xBF58476D1CE4E5B9ull;
      hash ^= hash >> 31;
    }
    const size_t rest = text.size() - at;
    if (rest > 0) {
      const unsigned char *tail = reinterpret_cast<const unsigned char *>(text.data()) + at;
      uint64_t word;
      if (rest >= 4) {
        uint32_t low, high;
        std::memcpy(&low, tail, 4);
        std::memcpy(&high, tail + rest - 4, 4);
        word = low | uint64_t(high) << 32;
      } else {
        word = tail[0] | uint64_t(tail[rest / 2]) << 8 | uint64_t(tail[rest - 1]) << 16;
      }
      hash = (hash ^ word) * 0x94D049BB133111EBull;
    }
    return hash ^ (hash >> 29);
  }

  void rehash(size_t size) {
    slots_.assign(size, Slot{});
    const size_t mask = size - 1;
    for (size_t index = 0; index < hashes_.size(); index++) {
      size_t position = size_t(hashes_[index]) & mask;
      while (slots_[position].index != 0) position = (position + 1) & mask;
      slots_[position] = Slot{uint32_t(index + 1), uint32_t(hashes_[index] >> 32)};
    }
  }

  ByteBuffer bytes_;
  std::vector<uint32_t> ends_;
  std::vector<uint64_t> hashes_;  // for rehashing
  std::vector<Slot> slots_;
};

}  // namespace spelling_table
