#include "staccs/core/tlv.h"

namespace staccs::core {

std::optional<TlvRecord> TlvReader::Next() {
  if (failed_ || AtEnd()) return std::nullopt;
  if (data_.size() - pos_ < 6) {
    failed_ = true;
    return std::nullopt;
  }
  TlvRecord r;
  r.tag = GetU16(data_.data() + pos_);
  std::uint32_t len = GetU32(data_.data() + pos_ + 2);
  pos_ += 6;
  if (len > data_.size() - pos_) {
    failed_ = true;
    return std::nullopt;
  }
  r.value = data_.subspan(pos_, len);
  pos_ += len;
  return r;
}

TlvWriter& TlvWriter::Add(std::uint16_t tag, ByteView value) {
  PutU16(out_, tag);
  PutU32(out_, static_cast<std::uint32_t>(value.size()));
  Append(out_, value);
  return *this;
}

TlvWriter& TlvWriter::AddU32(std::uint16_t tag, std::uint32_t v) {
  Bytes b;
  PutU32(b, v);
  return Add(tag, b);
}

TlvWriter& TlvWriter::AddU64(std::uint16_t tag, std::uint64_t v) {
  Bytes b;
  PutU64(b, v);
  return Add(tag, b);
}

}  // namespace staccs::core
