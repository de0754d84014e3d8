// What screens ask of the Session: one typed intent each, posted to the worker thread in
// order. Secrets (passphrases) travel in self-wiping types.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include "staccs/core/draft.h"
#include "staccs/core/practice.h"
#include "staccs/core/practice_index.h"
#include "staccs/crypto/secret.h"

namespace staccs::gui::model {

namespace intent {
struct CreateKit { crypto::Passphrase passphrase; std::string name; };
struct Unlock { crypto::Passphrase passphrase; };
struct Lock {};
struct PanicWipe {};
struct ImportCampaignFile { std::filesystem::path file; };
struct NewDraft { std::string campaign_id; std::string language; };
// Every keystroke may post one: the worker keeps the latest and commits at most once a second.
struct EditDraft { std::string draft_id; core::DraftContent content; };
struct FlushDraft { std::string draft_id; };  // commit now (leaving the editor)
struct Attach { std::string draft_id; std::filesystem::path file; };
struct Detach { std::string attachment_id; };
struct PreviewSubmit { std::string source_id; };
struct Submit { std::string source_id; };
struct AddPractice { std::string campaign_id; core::PracticeContent content; };
struct SavePractice { std::string practice_id; core::PracticeContent content; };
struct SearchPractices { std::string query; core::PracticeFilter filter; };
struct ExportToStick { std::filesystem::path stick; };
struct ImportFromStick { std::filesystem::path stick; };
struct SyncNow {};
struct SetSyncBudget { std::uint64_t bytes_per_day; };
}  // namespace intent

using Intent = std::variant<intent::CreateKit, intent::Unlock, intent::Lock, intent::PanicWipe,
                            intent::ImportCampaignFile, intent::NewDraft, intent::EditDraft, intent::FlushDraft,
                            intent::Attach, intent::Detach, intent::PreviewSubmit, intent::Submit,
                            intent::AddPractice, intent::SavePractice, intent::SearchPractices,
                            intent::ExportToStick, intent::ImportFromStick, intent::SyncNow,
                            intent::SetSyncBudget>;

}  // namespace staccs::gui::model
