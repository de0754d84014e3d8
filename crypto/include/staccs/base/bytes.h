// Byte buffers and views, and their hex spelling. Ids are lowercase hex everywhere (SPEC §5).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace staccs {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

inline ByteView AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}
inline std::string_view AsChars(ByteView b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}
inline void Append(Bytes& out, ByteView b) { out.insert(out.end(), b.begin(), b.end()); }

std::string ToHex(ByteView bytes);
// Accepts lowercase or uppercase hex of any even length; nullopt on anything else.
std::optional<Bytes> FromHex(std::string_view hex);

// Little-endian integer encoding used by every on-disk and on-wire format of the kit.
void PutU16(Bytes& out, std::uint16_t v);
void PutU32(Bytes& out, std::uint32_t v);
void PutU64(Bytes& out, std::uint64_t v);
std::uint16_t GetU16(const std::uint8_t* p);
std::uint32_t GetU32(const std::uint8_t* p);
std::uint64_t GetU64(const std::uint8_t* p);

}  // namespace staccs
