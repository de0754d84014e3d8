// The proof a secretariat sends to pull its campaign's bundles from a relay (SPEC §3.6),
// in the header `Staccs-Pull-Proof: <hex>`:
//
//   version u16 | relay key (32) | nonce (16) | time u64 | campaign id (32) |
//   method length u8 | method | path length u16 | path | BLAKE2b-256 of the body (32) |
//   Ed25519 signature (64) by the campaign's pull subkey, domain kPullProof
//
// It binds the relay (a proof for one relay is useless at another), the request (method, path,
// body) and the moment; the relay remembers nonces across restarts and refuses a proof older
// or newer than five minutes by its clock (which it tells in every answer's Date header).
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "staccs/base/bytes.h"
#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/crypto/signing.h"

namespace staccs::sync {

inline constexpr std::uint16_t kPullProofVersion = 1;
inline constexpr std::int64_t kPullProofWindowSeconds = 300;

struct PullProof {
  crypto::SigningPublicKey relay_key{};
  std::array<std::uint8_t, 16> nonce{};
  std::int64_t time_unix = 0;
  crypto::Hash32 campaign_id{};
  std::string method;
  std::string path;
  crypto::Hash32 body_hash{};
};

// A fresh proof (random nonce, the given time) for one request.
Bytes MakePullProof(const crypto::SigningKeyPair& pull_key, const crypto::SigningPublicKey& relay_key,
                    const crypto::Hash32& campaign_id, const std::string& method, const std::string& path,
                    ByteView body, std::int64_t now_unix);

// The one parser: structure and signature against `campaign`'s pull key; the caller checks
// relay key, request, time and nonce (CheckPullProof does all of it but the nonce).
Result<PullProof> ParsePullProof(ByteView bytes, const core::Campaign& campaign);
Status CheckPullProof(const PullProof& proof, const crypto::SigningPublicKey& relay_key, const std::string& method,
                      const std::string& path, ByteView body, std::int64_t now_unix);

}  // namespace staccs::sync
