// Kits in the three roles of SPEC §1, each in its own home, and the steps of the flow between
// them, for the tests of bundles, sticks and the publication.
#pragma once

#include <string>

#include "kit_fixture.h"
#include "staccs/core/answers_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/collection.h"
#include "staccs/core/draft_store.h"
#include "staccs/core/outbox.h"

namespace staccs::test {

struct Flow {
  TempDir dir;
  core::Kit secretariat = MakeKit(dir / "secretariat");
  Bytes campaign_file = MakeCampaign(secretariat);
  core::Campaign campaign = core::CampaignStore(secretariat).List()->front();

  core::Kit NewParticipant(const std::string& name) { return MakeParticipant(dir / name, campaign_file); }

  // Writes a draft from Markdown and seals it; returns the outbox entry.
  core::OutboxEntry Submit(core::Kit& kit, const std::string& markdown, std::string* draft_id = nullptr) {
    auto content = core::ParseAnswersFile(markdown, campaign);
    if (!content) throw std::runtime_error(content.error().message);
    auto draft = core::DraftStore(kit).Create(campaign.id_hex(), *content);
    if (draft_id) *draft_id = draft->id;
    auto sealed = core::Outbox(kit).Submit(draft->id);
    if (!sealed) throw std::runtime_error(sealed.error().message);
    return std::move(sealed).value();
  }

  // Moves one bundle's bytes from one kit to another (any channel), as a carrier would.
  void Carry(core::Kit& from, core::Kit& to, const std::string& bundle_id) {
    auto bytes = core::BundleStore(from).Read(bundle_id);
    if (!bytes) throw std::runtime_error(bytes.error().message);
    if (!core::BundleStore(to).Put(*bytes, false)) throw std::runtime_error("put");
  }
};

}  // namespace staccs::test
