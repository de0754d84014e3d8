// Reads the unlocked kit into one immutable Snapshot (on the main worker).
#include <algorithm>

#include "session_impl.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/unlock_throttle.h"
#include "staccs/sync/sync_now.h"

namespace staccs::gui::model {

namespace {

std::vector<std::string> Groups(const std::string& fingerprint) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : fingerprint) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

BundleState StateOf(const core::OutboxEntry& e) {
  if (e.received_unix) return BundleState::kReceived;
  BundleState s = BundleState::kSealed;
  for (const auto& p : e.paths) {
    if (p.path.rfind("relay:", 0) == 0) return BundleState::kAtRelay;
    if (p.path.rfind("stick:", 0) == 0) s = BundleState::kOnStick;
    else if (p.path.rfind("file:", 0) == 0 && s == BundleState::kSealed) s = BundleState::kAsFile;
  }
  return s;
}

}  // namespace

const CampaignView* FindCampaign(const Snapshot& s, const std::string& id) {
  for (const auto& c : s.campaigns)
    if (c.campaign.id_hex() == id) return &c;
  return nullptr;
}

const DraftView* FindDraft(const Snapshot& s, const std::string& id) {
  for (const auto& d : s.drafts)
    if (d.draft.id == id) return &d;
  return nullptr;
}

std::shared_ptr<const Snapshot> Session::Impl::BuildSnapshot() {
  auto s = std::make_shared<Snapshot>();
  s->version = ++snapshot_version;
  s->home = options.home.string();
  s->demo = options.demo;
  const std::int64_t now = Now();
  if (!kit) {
    s->stage = core::Kit::Exists(options.home) ? Stage::kLocked : Stage::kFirstRun;
    auto throttle = core::UnlockThrottle::Load(core::KitPaths{options.home}.lock_state());
    s->failed_unlocks = throttle.failures;
    if (auto wait = throttle.SecondsToWait(now); wait > 0) s->unlock_allowed_at_unix = now + wait;
    return s;
  }
  s->stage = Stage::kUnlocked;
  s->kit_name = kit->name();
  // A part that cannot be read is left empty rather than hiding the rest; the error is shown.
  auto report = [&](Topic t, const Error& e) { Emit(event::Failed{t, e.message}); };

  core::CampaignStore campaigns(*kit);
  if (auto list = campaigns.List()) {
    for (auto& c : *list) {
      CampaignView v;
      v.fingerprint_groups = Groups(core::Fingerprint(c.id));
      if (c.deadline_unix != 0) {
        const std::int64_t diff = c.deadline_unix - now;
        v.days_left = diff >= 0 ? (diff + 86399) / 86400 : -((-diff) / 86400);
      }
      v.campaign = std::move(c);
      s->campaigns.push_back(std::move(v));
    }
  } else {
    report(Topic::kCampaigns, list.error());
  }

  core::Outbox outbox(*kit);
  std::vector<core::SubmissionIndexEntry> sealed_index;
  if (auto idx = outbox.SubmissionIndex()) sealed_index = std::move(*idx);
  core::AttachmentStore attachments(*kit);
  if (auto list = drafts->List()) {
    for (auto& d : *list) {
      DraftView v;
      if (const CampaignView* c = FindCampaign(*s, d.campaign_id)) {
        v.campaign_title = c->campaign.title.Get(d.content.language);
        v.words = core::CountDraftWords(d.content, c->campaign);
      }
      if (auto att = attachments.ForDraft(d.id)) v.attachments = std::move(*att);
      v.sealed_before = std::any_of(sealed_index.begin(), sealed_index.end(),
                                    [&](const auto& e) { return e.source_id == d.id; });
      v.draft = std::move(d);
      s->drafts.push_back(std::move(v));
    }
    std::sort(s->drafts.begin(), s->drafts.end(),
              [](const DraftView& a, const DraftView& b) { return a.draft.updated_unix > b.draft.updated_unix; });
  } else {
    report(Topic::kDraft, list.error());
  }

  if (auto list = core::PracticeStore(*kit).List()) {
    s->practices = std::move(*list);
    std::sort(s->practices.begin(), s->practices.end(),
              [](const core::Practice& a, const core::Practice& b) { return a.updated_unix > b.updated_unix; });
  } else {
    report(Topic::kPractices, list.error());
  }

  if (auto list = outbox.List()) {
    for (auto& e : *list) {
      OutboxRow row;
      row.state = StateOf(e);
      if (const DraftView* d = FindDraft(*s, e.source_id)) row.title = d->campaign_title;
      for (const auto& p : s->practices)
        if (p.id == e.source_id) row.title = p.content.title;
      row.entry = std::move(e);
      s->outbox.push_back(std::move(row));
    }
    std::sort(s->outbox.begin(), s->outbox.end(),
              [](const OutboxRow& a, const OutboxRow& b) { return a.entry.sealed_unix > b.entry.sealed_unix; });
  } else {
    report(Topic::kSync, list.error());
  }
  if (auto st = sync::LoadSyncState(*kit)) s->sync = *st;
  s->sync_has_work = sync::HasSomethingToSend(*kit);
  return s;
}

}  // namespace staccs::gui::model
