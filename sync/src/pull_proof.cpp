#include "staccs/sync/pull_proof.h"

#include <algorithm>
#include <cstdlib>

#include "staccs/crypto/random.h"

namespace staccs::sync {

namespace {
Error Bad(const std::string& why) { return Error::BadInput("pull proof: " + why); }

Bytes Unsigned(const PullProof& p) {
  Bytes out;
  PutU16(out, kPullProofVersion);
  Append(out, p.relay_key);
  Append(out, p.nonce);
  PutU64(out, static_cast<std::uint64_t>(p.time_unix));
  Append(out, p.campaign_id);
  out.push_back(static_cast<std::uint8_t>(p.method.size()));
  Append(out, AsBytes(p.method));
  PutU16(out, static_cast<std::uint16_t>(p.path.size()));
  Append(out, AsBytes(p.path));
  Append(out, p.body_hash);
  return out;
}
}  // namespace

Bytes MakePullProof(const crypto::SigningKeyPair& pull_key, const crypto::SigningPublicKey& relay_key,
                    const crypto::Hash32& campaign_id, const std::string& method, const std::string& path,
                    ByteView body, std::int64_t now_unix) {
  PullProof p;
  p.relay_key = relay_key;
  crypto::FillRandom(p.nonce.data(), p.nonce.size());
  p.time_unix = now_unix;
  p.campaign_id = campaign_id;
  p.method = method.substr(0, 16);
  p.path = path.substr(0, 2048);
  p.body_hash = crypto::Blake2b256(body);
  Bytes out = Unsigned(p);
  Append(out, pull_key.Sign(crypto::SignatureDomain::kPullProof, kPullProofVersion, out));
  return out;
}

Result<PullProof> ParsePullProof(ByteView b, const core::Campaign& campaign) {
  // Fixed part: 2 + 32 + 16 + 8 + 32 + 1 (+ method) + 2 (+ path) + 32 + 64.
  if (b.size() < 189 || b.size() > 4096) return Bad("malformed");
  if (GetU16(b.data()) != kPullProofVersion) return Bad("version is not supported");
  PullProof p;
  std::size_t at = 2;
  std::copy_n(b.data() + at, 32, p.relay_key.begin()); at += 32;
  std::copy_n(b.data() + at, 16, p.nonce.begin()); at += 16;
  p.time_unix = static_cast<std::int64_t>(GetU64(b.data() + at)); at += 8;
  std::copy_n(b.data() + at, 32, p.campaign_id.begin()); at += 32;
  const std::size_t method_len = b[at++];
  if (b.size() < at + method_len + 2 + 32 + 64) return Bad("malformed");
  p.method.assign(reinterpret_cast<const char*>(b.data() + at), method_len); at += method_len;
  const std::size_t path_len = GetU16(b.data() + at); at += 2;
  if (b.size() != at + path_len + 32 + 64) return Bad("malformed");
  p.path.assign(reinterpret_cast<const char*>(b.data() + at), path_len); at += path_len;
  std::copy_n(b.data() + at, 32, p.body_hash.begin()); at += 32;
  if (p.campaign_id != campaign.id) return Bad("is for another campaign");
  crypto::Signature sig;
  std::copy_n(b.data() + at, 64, sig.begin());
  if (!crypto::Verify(campaign.pull_key, crypto::SignatureDomain::kPullProof, kPullProofVersion, b.first(at), sig))
    return Bad("signature does not verify with the campaign's pull key");
  return p;
}

Status CheckPullProof(const PullProof& p, const crypto::SigningPublicKey& relay_key, const std::string& method,
                      const std::string& path, ByteView body, std::int64_t now) {
  if (p.relay_key != relay_key) return Bad("was made for another relay");
  if (p.method != method || p.path != path) return Bad("was made for another request");
  if (p.body_hash != crypto::Blake2b256(body)) return Bad("does not match the request body");
  if (std::llabs(now - p.time_unix) > kPullProofWindowSeconds)
    return Bad("is stale: its time is more than five minutes from the relay's clock");
  return {};
}

}  // namespace staccs::sync
