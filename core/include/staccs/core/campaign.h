// A campaign: one call for input (SPEC §2). Plain data; campaign_file.h reads and writes it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/crypto/hash.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/crypto/signing.h"

namespace staccs::core {

// Text in several languages, keyed by a language code ("en", "fr", "ar").
struct LocalizedText {
  std::map<std::string, std::string> by_language;
  // The text in `language`, else English, else any; empty if none.
  const std::string& Get(const std::string& language) const;
  bool operator==(const LocalizedText&) const = default;
};

struct Question {
  std::string id;            // stable, [a-z0-9_-], used in answers files
  std::uint32_t word_limit = 0;  // 0: none. Exceeding it warns, never blocks.
  LocalizedText prompt;
  bool operator==(const Question&) const = default;
};

struct RelayEntry {
  std::string url;
  std::optional<crypto::SigningPublicKey> receipt_key;  // absent: receipts shown as unverified
  std::optional<crypto::Hash32> tls_pin;                // SHA-256 of the relay's SPKI, optional
  bool operator==(const RelayEntry&) const = default;
};

struct Campaign {
  crypto::Hash32 id{};  // CampaignIdFor(signing_key)
  std::uint64_t sequence = 1;
  std::int64_t created_unix = 0;
  std::int64_t deadline_unix = 0;  // 0: no deadline
  std::vector<std::string> languages;        // in order of preference
  std::vector<std::string> awaiting_review;  // machine-drafted translations
  LocalizedText title;
  LocalizedText description;
  std::vector<Question> questions;
  std::uint32_t total_word_limit = 0;
  std::uint64_t attachment_limit_bytes = 10'000'000;
  std::vector<std::string> practice_fields;
  std::vector<RelayEntry> relays;  // in order of preference
  crypto::BoxPublicKey encryption_key{};
  crypto::SigningPublicKey signing_key{};
  crypto::SigningPublicKey pull_key{};
  crypto::Signature pull_certificate{};  // signing_key over (id, pull_key)

  std::string id_hex() const { return ToHex(id); }
};

// BLAKE2b-256 of the label "staccs campaign id v1" followed by the signing key.
crypto::Hash32 CampaignIdFor(const crypto::SigningPublicKey& signing_key);

// A short code people read aloud to compare: six groups of five digits from the campaign id
// ("80412 33017 …"). Depends only on the id, so every update of a campaign keeps it.
std::string Fingerprint(const crypto::Hash32& campaign_id);

// A usage error naming the campaign's languages unless `language` is one of them (a request
// for text in another language must not fall back to English without a word).
Status RequireLanguage(const Campaign& campaign, std::string_view language);

// Where the campaign's deadline stands at `now`. A deadline lasts its whole UTC day.
struct DeadlineState {
  bool has_deadline = false;
  bool closed = false;
  std::int64_t days_left = 0;  // whole days after today until the deadline's day; 0: today
};
DeadlineState DeadlineAt(const Campaign& campaign, std::int64_t now_unix);
// "no deadline", "closes 2026-03-31 (12 days left)", "closes today (2026-03-31)",
// "closed on 2026-03-31".
std::string DescribeDeadline(const Campaign& campaign, std::int64_t now_unix);

}  // namespace staccs::core
