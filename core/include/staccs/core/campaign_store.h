// The campaigns a kit knows, and for a secretariat the secret keys of those it owns.
// Files are kept exactly as received (sealed at rest) and verified again whenever read.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"
#include "staccs/core/kit.h"
#include "staccs/crypto/sealed_box.h"
#include "staccs/crypto/signing.h"

namespace staccs::core {

enum class ImportOutcome { kNew, kUpdated, kUnchanged };

struct ImportedCampaign {
  Campaign campaign;
  ImportOutcome outcome = ImportOutcome::kNew;
  std::uint64_t previous_sequence = 0;
};

// What the secretariat keeps secret. The signing key may later move offline; the pull subkey
// and the encryption key are what day-to-day collection needs.
struct CampaignSecrets {
  crypto::SigningKeyPair signing;
  crypto::BoxKeyPair encryption;
  crypto::SigningKeyPair pull;
};

class CampaignStore {
 public:
  explicit CampaignStore(Kit& kit) : kit_(kit) {}

  // Verifies the file (campaign_file.h), then applies the sequence rule: a higher sequence
  // replaces what is held, the same bytes are a no-op, anything else is refused.
  Result<ImportedCampaign> Import(ByteView file);

  // Secretariat: new keys, sequence 1, signed; stored with its secrets. Returns the file.
  Result<Bytes> Create(Campaign content);

  // Secretariat: the next sequence of a campaign this kit owns (SPEC §2). `edit` changes the
  // held content (title, deadline, relays, questions…); the id, keys and pull certificate are
  // put back as they were whatever it did, the sequence becomes the held one plus one, and
  // the file is signed with the campaign's signing key, stored here (through Import's
  // sequence rule) and returned. Kits take it with Import: a higher sequence replaces theirs.
  Result<Bytes> Update(std::string_view id_or_prefix, const std::function<Status(Campaign&)>& edit);

  Result<std::vector<Campaign>> List();
  Result<Campaign> Get(std::string_view id_or_prefix);
  Result<Bytes> File(std::string_view id_hex);
  Result<CampaignSecrets> Secrets(std::string_view id_hex);
  // Whether this kit is the campaign's secretariat (holds its secret keys); nothing decrypted.
  Result<bool> HoldsSecrets(std::string_view id_hex);
  // From a key backup: signing (64) | encryption (32) | pull (64) secret keys, checked against
  // the held campaign's public keys before they are stored.
  Status RestoreSecrets(const std::string& id_hex, ByteView secrets);

 private:
  Kit& kit_;
};

}  // namespace staccs::core
