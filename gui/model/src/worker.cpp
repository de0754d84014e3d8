// The main worker's handling of each intent: calls into core/sync, then tells the UI.
#include <filesystem>

#include "session_impl.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/practice_store.h"
#include "staccs/core/submission.h"
#include "staccs/core/unlock_throttle.h"
#include "staccs/sync/stick_transfer.h"
#include "staccs/sync/sync_now.h"

namespace staccs::gui::model {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

event::Synced SyncedFrom(const Result<sync::SyncAttempt>& attempt) {
  event::Synced s;
  if (!attempt) {
    s.ran = true;
    s.problems.push_back(attempt.error().message);
    return s;
  }
  s.ran = attempt->ran;
  s.reached = attempt->report.ok();
  if (attempt->report) {
    s.uploaded = attempt->report->uploaded;
    s.already_there = attempt->report->already_there;
    s.marked_received = attempt->report->marked_received;
    s.problems = attempt->report->problems;
  } else {
    s.problems.push_back(attempt->report.error().message);
  }
  return s;
}
}  // namespace

void Session::Impl::MaybeBackgroundSync() {
  if (!kit || LaneOf(Lane::kSync).kind != TransferKind::kNone || options.background_sync_check.count() == 0) return;
  if (!sync::HasSomethingToSend(*kit)) return;
  auto state = sync::LoadSyncState(*kit);
  if (!state || !sync::DueNow(*state, Now())) return;
  sync::SyncOptions o;
  o.http = options.http;
  o.progress = &LaneOf(Lane::kSync).progress;
  StartTransfer(Lane::kSync, TransferKind::kSync, [this, o](core::Kit& k) -> Event {
    return SyncedFrom(sync::RunSync(k, o, sync::SyncTrigger::kScheduled, Now()));
  });
}

void Session::Impl::HandleIntent(Intent& intent) {
  auto fail = [this](Topic t, const Error& e) { Emit(event::Failed{t, e.message}); };
  auto need_kit = [&](Topic t) {
    if (kit) return true;
    fail(t, Error::Usage("the kit is locked"));
    return false;
  };
  std::visit(
      Overloaded{
          [&](intent::CreateKit& i) {
            core::CreateOptions o;
            o.name = i.name;
            o.kdf_profile = options.kdf_profile;
            std::string code;
            crypto::WipeOnExit wipe_code(code);  // the failure return below included
            auto created = core::Kit::Create(options.home, i.passphrase, o, code);
            if (!created) return fail(Topic::kKit, created.error());
            kit.emplace(std::move(*created));
            drafts.emplace(*kit);
            if (!options.test_recovery_code_file.empty() && options.kdf_profile == crypto::KdfProfile::kFastInsecureForTests)
              (void)platform::WriteFileAtomically(options.test_recovery_code_file, AsBytes(code));
            Emit(event::KitCreated{code});
            PublishSnapshot();
          },
          [&](intent::Unlock& i) {
            auto opened = core::Kit::Unlock(options.home, i.passphrase);
            if (!opened) {
              auto throttle = core::UnlockThrottle::Load(core::KitPaths{options.home}.lock_state());
              Emit(event::UnlockRefused{opened.error().message, Now() + throttle.SecondsToWait(Now())});
              // After N failures the owner may have chosen a wipe: the snapshot shows first run.
              return PublishSnapshot();
            }
            kit.emplace(std::move(*opened));
            drafts.emplace(*kit);
            if (auto built = core::PracticeStore(*kit).BuildIndex()) index = std::move(*built);
            PublishSnapshot();
          },
          [&](intent::Lock&) {
            CloseKit();
            PublishSnapshot();
          },
          [&](intent::PanicWipe&) {
            CloseKit();
            if (auto st = core::Kit::Wipe(options.home); !st) return fail(Topic::kSettings, st.error());
            Emit(event::Wiped{});
            PublishSnapshot();
          },
          [&](intent::ImportCampaignFile& i) {
            if (!need_kit(Topic::kCampaigns)) return;
            auto bytes = platform::ReadFile(i.file, (1 << 20) + 1);
            if (!bytes) return fail(Topic::kCampaigns, bytes.error());
            auto imported = core::CampaignStore(*kit).Import(*bytes);
            if (!imported) return fail(Topic::kCampaigns, std::move(imported).error().Within(i.file.string()));
            Emit(event::CampaignImported{imported->campaign.id_hex(), imported->outcome == core::ImportOutcome::kUpdated,
                                         imported->outcome == core::ImportOutcome::kUnchanged});
            PublishSnapshot();
          },
          [&](intent::NewDraft& i) {
            if (!need_kit(Topic::kDraft)) return;
            core::DraftContent content;
            content.language = i.language;
            auto created = drafts->Create(i.campaign_id, content);
            if (!created) return fail(Topic::kDraft, created.error());
            Emit(event::DraftCreated{created->id});
            PublishSnapshot();
          },
          [&](intent::EditDraft& i) {
            if (!need_kit(Topic::kDraft)) return;
            auto& saver = autosavers[i.draft_id];
            if (!saver) saver = std::make_unique<core::DraftAutosaver>(*drafts, i.draft_id);
            saver->Edit(std::move(i.content));
          },
          [&](intent::FlushDraft& i) {
            auto it = autosavers.find(i.draft_id);
            if (it == autosavers.end() || !it->second->dirty()) return;
            if (auto st = it->second->Close(); !st) return fail(Topic::kDraft, st.error());
            Emit(event::Saved{i.draft_id, Now(), it->second->commits()});
            PublishSnapshot();
          },
          [&](intent::Attach& i) {
            if (!need_kit(Topic::kDraft)) return;
            auto draft = drafts->Get(i.draft_id);
            if (!draft) return fail(Topic::kDraft, draft.error());
            auto campaign = core::CampaignStore(*kit).Get(draft->campaign_id);
            if (!campaign) return fail(Topic::kDraft, campaign.error());
            auto added = core::AttachmentStore(*kit).Add(draft->id, i.file, campaign->attachment_limit_bytes);
            if (!added) return fail(Topic::kDraft, added.error());
            PublishSnapshot();
          },
          [&](intent::Detach& i) {
            if (!need_kit(Topic::kDraft)) return;
            if (auto st = core::AttachmentStore(*kit).Remove(i.attachment_id); !st) return fail(Topic::kDraft, st.error());
            PublishSnapshot();
          },
          [&](intent::PreviewSubmit& i) {
            if (!need_kit(Topic::kSubmit)) return;
            TickAutosave(/*force=*/true);  // the preview describes what would be sealed now
            auto preview = core::PreviewSubmission(*kit, i.source_id);
            if (!preview) return fail(Topic::kSubmit, preview.error());
            Emit(event::PreviewReady{std::move(*preview)});
          },
          [&](intent::Submit& i) {
            if (!need_kit(Topic::kSubmit)) return;
            TickAutosave(/*force=*/true);
            auto sealed = core::SubmitForSecretariat(*kit, i.source_id);
            if (!sealed) return fail(Topic::kSubmit, sealed.error());
            Emit(event::Submitted{std::move(*sealed)});
            PublishSnapshot();
          },
          [&](intent::AddPractice& i) {
            if (!need_kit(Topic::kPractices)) return;
            core::PracticeStore store(*kit);
            auto added = store.Add(i.campaign_id, i.content);
            if (!added) return fail(Topic::kPractices, added.error());
            index.Add(*added);
            Emit(event::PracticeSaved{added->id});
            PublishSnapshot();
          },
          [&](intent::SavePractice& i) {
            if (!need_kit(Topic::kPractices)) return;
            core::PracticeStore store(*kit);
            if (auto st = store.Save(i.practice_id, i.content); !st) return fail(Topic::kPractices, st.error());
            if (auto built = store.BuildIndex()) index = std::move(*built);
            Emit(event::PracticeSaved{i.practice_id});
            PublishSnapshot();
          },
          [&](intent::SearchPractices& i) {
            if (!need_kit(Topic::kPractices)) return;
            // Typing fast queues many searches: only the latest one matters.
            {
              std::lock_guard lock(jobs_mutex);
              for (const auto& j : jobs)
                if (const auto* in = std::get_if<Intent>(&j); in && std::holds_alternative<intent::SearchPractices>(*in))
                  return;
            }
            event::SearchResults r{i.query, {}};
            for (const core::Practice* p : index.Search(i.query, i.filter)) r.practice_ids.push_back(p->id);
            Emit(std::move(r));
          },
          [&](intent::ExportToStick& i) {
            if (!need_kit(Topic::kUsb)) return;
            StartTransfer(Lane::kStick, TransferKind::kExport, [this, stick = i.stick](core::Kit& k) -> Event {
              sync::StickOptions o;
              o.progress = &LaneOf(Lane::kStick).progress;
              auto r = sync::ExportToStick(k, stick, o);
              if (!r) return event::Failed{Topic::kUsb, r.error().message};
              return event::Exported{*r, stick.string()};
            });
          },
          [&](intent::ImportFromStick& i) {
            if (!need_kit(Topic::kUsb)) return;
            StartTransfer(Lane::kStick, TransferKind::kImport, [this, stick = i.stick](core::Kit& k) -> Event {
              sync::StickOptions o;
              o.progress = &LaneOf(Lane::kStick).progress;
              auto r = sync::ImportFromStick(k, stick, o);
              if (!r) return event::Failed{Topic::kUsb, r.error().message};
              return event::Imported{*r, stick.string()};
            });
          },
          [&](intent::SyncNow&) {
            if (!need_kit(Topic::kSync)) return;
            sync::SyncOptions o;
            o.http = options.http;
            o.progress = &LaneOf(Lane::kSync).progress;
            StartTransfer(Lane::kSync, TransferKind::kSync, [this, o](core::Kit& k) -> Event {
              return SyncedFrom(sync::RunSync(k, o, sync::SyncTrigger::kManual, Now()));
            });
          },
          [&](intent::SetSyncBudget& i) {
            if (!need_kit(Topic::kSettings)) return;
            auto state = sync::LoadSyncState(*kit);
            if (!state) return fail(Topic::kSettings, state.error());
            state->daily_budget_bytes = i.bytes_per_day;
            if (auto st = sync::SaveSyncState(*kit, *state); !st) return fail(Topic::kSettings, st.error());
            PublishSnapshot();
          },
      },
      intent);
}

}  // namespace staccs::gui::model
