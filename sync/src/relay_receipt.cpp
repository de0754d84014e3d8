#include "staccs/sync/relay_receipt.h"

#include <algorithm>
#include <cstring>

namespace staccs::sync {

namespace {
Error Bad(const std::string& why) { return Error::BadInput("relay receipt: " + why); }

Bytes SignedPart(const RelayReceipt& r) {
  Bytes out(kReceiptMagic, kReceiptMagic + sizeof kReceiptMagic);
  out.reserve(kReceiptSize);
  PutU16(out, kReceiptVersion);
  PutU16(out, 0);
  Append(out, r.relay_key);
  Append(out, r.bundle_id);
  Append(out, r.campaign_id);
  PutU64(out, static_cast<std::uint64_t>(r.stored_unix));
  return out;
}
}  // namespace

Bytes WriteReceipt(const RelayReceipt& receipt, const crypto::SigningKeyPair& relay_key) {
  RelayReceipt r = receipt;
  r.relay_key = relay_key.public_key();
  Bytes out = SignedPart(r);
  Append(out, relay_key.Sign(crypto::SignatureDomain::kRelayReceipt, kReceiptVersion, out));
  return out;
}

Result<RelayReceipt> ParseReceipt(ByteView b, const crypto::SigningPublicKey* expected_key) {
  if (b.size() != kReceiptSize) return Bad("has " + std::to_string(b.size()) + " bytes, expected " + std::to_string(kReceiptSize));
  if (std::memcmp(b.data(), kReceiptMagic, 8) != 0) return Bad("not a STACCS relay receipt");
  if (GetU16(b.data() + 8) != kReceiptVersion) return Bad("format version is not supported by this kit");
  if (GetU16(b.data() + 10) != 0) return Bad("reserved field is not zero");
  RelayReceipt r;
  std::copy_n(b.data() + 12, 32, r.relay_key.begin());
  std::copy_n(b.data() + 44, 32, r.bundle_id.begin());
  std::copy_n(b.data() + 76, 32, r.campaign_id.begin());
  r.stored_unix = static_cast<std::int64_t>(GetU64(b.data() + 108));
  if (expected_key && *expected_key != r.relay_key) return Bad("signed by a key the campaign does not list for this relay");
  crypto::Signature sig;
  std::copy_n(b.data() + 116, 64, sig.begin());
  if (!crypto::Verify(r.relay_key, crypto::SignatureDomain::kRelayReceipt, kReceiptVersion, b.first(116), sig))
    return Bad("signature does not verify");
  return r;
}

}  // namespace staccs::sync
