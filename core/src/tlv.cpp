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

bool IsCleanUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      if (c == 0 || (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) return false;
      ++i;
      continue;
    }
    std::size_t n;
    std::uint32_t cp;
    if ((c & 0xe0) == 0xc0) { n = 1; cp = c & 0x1f; }
    else if ((c & 0xf0) == 0xe0) { n = 2; cp = c & 0x0f; }
    else if ((c & 0xf8) == 0xf0) { n = 3; cp = c & 0x07; }
    else return false;
    if (s.size() - i <= n) return false;
    for (std::size_t k = 1; k <= n; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xc0) != 0x80) return false;
      cp = cp << 6 | (cc & 0x3f);
    }
    // Overlong forms, surrogates and values past U+10FFFF are all refused.
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
      return false;
    i += n + 1;
  }
  return true;
}

}  // namespace staccs::core
