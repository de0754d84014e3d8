// Reads the unlocked kit into one immutable Snapshot (on the main worker).
#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

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
  // Drafts and practices something was sealed from, and the outbox rows' titles, are looked up
  // by id: a kit with 10^4 drafts and 10^5 practices made these scans 10^9 comparisons.
  std::unordered_set<std::string> sealed_from;
  if (auto idx = outbox.SubmissionIndex())
    for (const auto& e : *idx) sealed_from.insert(e.source_id);
  core::AttachmentStore attachments(*kit);
  if (auto list = drafts->List()) {
    for (auto& d : *list) {
      DraftView v;
      if (const CampaignView* c = FindCampaign(*s, d.campaign_id)) {
        v.campaign_title = c->campaign.title.Get(d.content.language);
        v.words = core::CountDraftWords(d.content, c->campaign);
      }
      if (auto att = attachments.ForDraft(d.id)) v.attachments = std::move(*att);
      v.sealed_before = sealed_from.count(d.id) != 0;
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
    std::unordered_map<std::string_view, const std::string*> title_of;
    for (const auto& d : s->drafts) title_of.emplace(d.draft.id, &d.campaign_title);
    for (const auto& p : s->practices) title_of.insert_or_assign(p.id, &p.content.title);
    for (auto& e : *list) {
      OutboxRow row;
      row.state = StateOf(e);
      if (auto t = title_of.find(e.source_id); t != title_of.end()) row.title = *t->second;
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
