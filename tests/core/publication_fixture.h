// A secretariat receiving contributions sealed directly by many authors (each a fresh
// signing key, as a participant's per-campaign key is), for the publication's tests: any
// content, consent or revision, without a participant kit per author.
#pragma once

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

#include "flow_fixture.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/collection.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/practice.h"
#include "staccs/core/publication.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/signing.h"

namespace staccs::test {

struct PublicationFlow : Flow {
  std::int64_t clock = 1'760'000'000;  // creation times in sending order: publication order

  // Seals one revision to the secretariat; returns the bundle id. `submission` (hex) names the
  // submission a revision belongs to; empty: a new one (its id is written back).
  std::string Send(const crypto::SigningKeyPair& author, core::BundleType type, const Bytes& content,
                   std::string* submission = nullptr, std::uint32_t revision = 1) {
    core::BundleContents c;
    c.type = type;
    Bytes id = submission && !submission->empty() ? *FromHex(*submission) : crypto::RandomBytes(16);
    std::copy(id.begin(), id.end(), c.submission_id.begin());
    if (submission) *submission = ToHex(id);
    c.revision = revision;
    c.created_unix = ++clock;
    c.author_key = author.public_key();
    Bytes secret = crypto::RandomBytes(32);
    std::copy(secret.begin(), secret.end(), c.ack_secret.begin());
    c.content = content;
    auto sealed = core::SealBundle(c, campaign, author);
    if (!sealed) throw std::runtime_error(sealed.error().message);
    if (!core::BundleStore(secretariat).Put(sealed->bytes, false)) throw std::runtime_error("put");
    return sealed->id_hex();
  }
  std::string Answer(const crypto::SigningKeyPair& author, const core::DraftContent& d, std::string* submission = nullptr,
                     std::uint32_t revision = 1) {
    return Send(author, core::BundleType::kSubmission, core::EncodeDraftContent(d), submission, revision);
  }
  std::string Practice(const crypto::SigningKeyPair& author, const core::PracticeContent& p) {
    return Send(author, core::BundleType::kPractice, core::EncodePracticeContent(p));
  }
  void Collect() {
    auto r = core::CollectHeldBundles(secretariat);
    REQUIRE_MESSAGE(r.ok(), Why(r));
    REQUIRE(r->rejected == 0);
  }
  core::DraftContent Draft(core::Consent consent, const std::string& answer, core::AuthorDetails author = {}) const {
    core::DraftContent d;
    d.consent = consent;
    d.author = std::move(author);
    d.answers.push_back({campaign.questions[0].id, answer});
    return d;
  }
  // Writes the publication into this flow's folder; returns the report.
  core::PublicationReport Write(core::PublicationFormat format, const std::string& name,
                                core::PublicationOptions options = {}) {
    auto r = core::WritePublication(secretariat, campaign.id_hex(), format, dir / name, options);
    REQUIRE_MESSAGE(r.ok(), Why(r));
    return std::move(r).value();
  }
};

// Runs tests/scripts/publication_check.py (Debian's python3 with html5lib and markdown).
inline nlohmann::json CheckWithPython(const std::string& kind, const fs::path& file) {
  auto r = RunProcess({"/usr/bin/python3", std::string(STACCS_SOURCE_DIR) + "/tests/scripts/publication_check.py", kind,
                       file.string()});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  REQUIRE_FALSE(j.is_discarded());
  return j;
}

}  // namespace staccs::test
