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

}  // namespace staccs::core
