#include "staccs/core/key_file.h"

#include <algorithm>
#include <cstring>

namespace staccs::core {

static constexpr char kMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'K', 'F'};
static constexpr std::uint16_t kVersion = 1;

static Bytes Header(const KeyFile& k) {
  Bytes out(kMagic, kMagic + sizeof kMagic);
  out.reserve(48);
  PutU16(out, kVersion);
  PutU16(out, 0);
  PutU64(out, k.kdf.ops_limit);
  PutU64(out, k.kdf.mem_limit);
  Append(out, k.kdf.salt);
  return out;
}

Bytes KeyFile::SlotAssociatedData(bool duress) const {
  Bytes ad = Header(*this);
  ad.push_back(duress ? 'D' : 'M');
  return ad;
}

Bytes KeyFile::Serialize() const {
  Bytes out = Header(*this);
  PutU32(out, wipe_after_failures);
  Append(out, main_slot);
  Append(out, duress_slot);
  return out;
}

Result<KeyFile> KeyFile::Parse(ByteView b) {
  if (b.size() != kKeyFileSize)
    return Error::BadInput("key file has " + std::to_string(b.size()) + " bytes, expected " +
                           std::to_string(kKeyFileSize));
  if (std::memcmp(b.data(), kMagic, 8) != 0) return Error::BadInput("not a STACCS key file");
  if (GetU16(b.data() + 8) != kVersion)
    return Error::BadInput("key file version " + std::to_string(GetU16(b.data() + 8)) +
                           " is not supported by this version of the kit");
  KeyFile k;
  k.kdf.ops_limit = GetU64(b.data() + 12);
  k.kdf.mem_limit = GetU64(b.data() + 20);
  std::copy_n(b.data() + 28, 16, k.kdf.salt.begin());
  k.wipe_after_failures = GetU32(b.data() + 44);
  std::copy_n(b.data() + 48, kKeySlotSize, k.main_slot.begin());
  std::copy_n(b.data() + 120, kKeySlotSize, k.duress_slot.begin());
  return k;
}

}  // namespace staccs::core
