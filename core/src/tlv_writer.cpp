#include "staccs/core/tlv.h"

namespace staccs::core {

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
