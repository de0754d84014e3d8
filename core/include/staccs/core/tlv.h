// tag u16 | length u32 | value framing, shared by the kit's binary formats. The reader checks
// every length against what is left before touching a byte, and never throws.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "staccs/base/bytes.h"

namespace staccs::core {

struct TlvRecord {
  std::uint16_t tag = 0;
  ByteView value;
};

class TlvReader {
 public:
  explicit TlvReader(ByteView data) : data_(data) {}
  bool AtEnd() const { return pos_ == data_.size(); }
  // The next record, or nullopt at the end or when the framing is broken (then failed() is true).
  std::optional<TlvRecord> Next();
  bool failed() const { return failed_; }

 private:
  ByteView data_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

class TlvWriter {
 public:
  TlvWriter& Add(std::uint16_t tag, ByteView value);
  TlvWriter& Add(std::uint16_t tag, std::string_view text) { return Add(tag, AsBytes(text)); }
  TlvWriter& AddU32(std::uint16_t tag, std::uint32_t v);
  TlvWriter& AddU64(std::uint16_t tag, std::uint64_t v);
  const Bytes& bytes() const { return out_; }
  Bytes Take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace staccs::core
