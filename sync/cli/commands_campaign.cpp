// campaign create | import | list | show | export
#include <algorithm>
#include <optional>
#include <ostream>
#include <set>

#include "commands.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/campaign_template.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/platform.h"
#include "staccs/core/relay_address.h"
#include "staccs/core/text.h"

namespace staccs::cli {

namespace {

Result<std::int64_t> ParseDate(const std::string& s) {
  auto t = core::ParseDeadlineDate(s);
  if (!t) return Error::Usage("--deadline " + s + ": use a real date as YYYY-MM-DD");
  return *t;
}

// --title [LANG:]T, each for one language: LANG if it is one of the campaign's, else --lang,
// else the campaign's first language. Titles of the languages not named stay as they are.
Status ApplyTitles(const Args& args, core::Campaign& content, std::ostream& err) {
  const auto titles = args.GetAll("title");
  if (titles.empty()) return {};
  std::string default_lang = content.languages.empty() ? "en" : content.languages.front();
  if (auto lang = args.Get("lang")) {
    STACCS_TRY(core::RequireLanguage(content, *lang));
    default_lang = *lang;
  }
  std::set<std::string> given;
  for (const std::string& t : titles) {
    std::string lang = default_lang, text = t;
    if (auto colon = t.find(':'); colon != std::string::npos && colon <= 3) {
      const std::string prefix = t.substr(0, colon);
      if (std::find(content.languages.begin(), content.languages.end(), prefix) != content.languages.end()) {
        lang = prefix;
        text = core::Trim(t.substr(colon + 1));
      }
    }
    if (core::Trim(text).empty()) return Error::Usage("--title " + t + ": the title is empty");
    if (!given.insert(lang).second) return Error::Usage("--title is given twice for '" + lang + "'");
    content.title.by_language[lang] = text;
  }
  std::string kept;
  for (const auto& l : content.languages)
    if (!given.count(l) && content.title.by_language.count(l)) kept += (kept.empty() ? "" : ", ") + l;
  if (!kept.empty())
    err << "Note: the title in " << kept << " is unchanged; give --title LANG:TITLE to change it.\n";
  return {};
}

}  // namespace

Status CmdCampaignCreate(Context& ctx) {
  STACCS_ASSIGN(std::string out_path, ctx.args.Require("out"));
  core::Campaign content;
  if (auto questions = ctx.args.Get("questions")) {
    STACCS_ASSIGN(std::string text, ReadTextFile(*questions));
    auto parsed = core::ParseCampaignTemplate(text);
    if (!parsed) return std::move(parsed).error().Within(*questions);
    content = std::move(parsed).value();
  } else {
    content = core::ForumCallTemplate();
  }
  STACCS_TRY(ApplyTitles(ctx.args, content, ctx.err));
  for (const std::string& r : ctx.args.GetAll("relay")) {
    STACCS_ASSIGN(core::RelayEntry relay, core::ParseRelayAddress(r));
    content.relays.push_back(std::move(relay));
  }
  if (auto deadline = ctx.args.Get("deadline")) { STACCS_ASSIGN(content.deadline_unix, ParseDate(*deadline)); }

  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  STACCS_ASSIGN(Bytes file, store.Create(std::move(content)));
  STACCS_ASSIGN(core::Campaign c, core::ParseCampaignFile(file));
  STACCS_TRY(WriteOutputFile(out_path, file));
  ctx.out << c.id_hex() << "\n";
  ctx.err << "Campaign file written to " << out_path << "\nFingerprint: " << core::Fingerprint(c.id)
          << "\nPublish this fingerprint through a second channel so participants can check the file.\n";
  for (const auto& relay : c.relays)
    if (!relay.receipt_key)
      ctx.err << "Note: relay " << relay.url << " has no receipt key: its receipts will be shown as unverified.\n";
  return {};
}

Status CmdCampaignUpdate(Context& ctx) {
  STACCS_ASSIGN(std::string out_path, ctx.args.Require("out"));
  // Everything from the command line is read before the kit is unlocked: a typo costs no
  // key derivation.
  std::optional<core::Campaign> questions;
  if (auto file = ctx.args.Get("questions")) {
    STACCS_ASSIGN(std::string text, ReadTextFile(*file));
    auto parsed = core::ParseCampaignTemplate(text);
    if (!parsed) return std::move(parsed).error().Within(*file);
    questions = std::move(parsed).value();
  }
  std::vector<core::RelayEntry> relays;
  for (const std::string& r : ctx.args.GetAll("relay")) {
    STACCS_ASSIGN(core::RelayEntry relay, core::ParseRelayAddress(r));
    relays.push_back(std::move(relay));
  }
  std::optional<std::int64_t> deadline;
  if (auto d = ctx.args.Get("deadline")) {
    if (*d == "none") {
      deadline = 0;
    } else {
      STACCS_ASSIGN(deadline, ParseDate(*d));
    }
  }
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  STACCS_ASSIGN(core::Campaign held, store.Get(ctx.args.positional[0]));
  STACCS_ASSIGN(bool owner, store.HoldsSecrets(held.id_hex()));
  if (!owner)
    return Error::Usage("campaign " + held.id_hex().substr(0, 16) +
                        ": this kit does not hold its signing key, so it cannot issue an update (only the secretariat can)");
  auto edit = [&](core::Campaign& c) -> Status {
    STACCS_TRY(ApplyTitles(ctx.args, c, ctx.err));
    if (questions) {
      c.questions = questions->questions;
      c.total_word_limit = questions->total_word_limit;
    }
    if (!relays.empty()) c.relays = relays;
    if (deadline) c.deadline_unix = *deadline;
    return {};
  };
  STACCS_ASSIGN(Bytes file, store.Update(held.id_hex(), edit));
  STACCS_ASSIGN(core::Campaign c, core::ParseCampaignFile(file));
  STACCS_TRY(WriteOutputFile(out_path, file));
  ctx.out << c.id_hex() << "\tsequence " << c.sequence << "\n";
  ctx.err << "Campaign update written to " << out_path << " (sequence " << held.sequence << " -> " << c.sequence
          << "; the fingerprint stays " << core::Fingerprint(c.id) << ").\n"
          << "Kits take it with 'campaign import', from sticks ('usb export' puts it there) and from relays:\n"
          << "your next 'staccs-cli collect' puts it on the campaign's relays, and kits fetch it when they sync.\n";
  if (questions) {
    std::set<std::string> kept;
    for (const auto& q : c.questions) kept.insert(q.id);
    for (const auto& q : held.questions)
      if (!kept.count(q.id))
        ctx.err << "Note: question '" << q.id << "' is gone: answers to it already sealed stay in their bundles.\n";
  }
  for (const auto& relay : c.relays)
    if (!relay.receipt_key)
      ctx.err << "Note: relay " << relay.url << " has no receipt key: its receipts will be shown as unverified.\n";
  return {};
}

Status CmdCampaignImport(Context& ctx) {
  const std::string& path = ctx.args.positional[0];
  STACCS_ASSIGN(Bytes file, platform::ReadFile(platform::PathFromUtf8(path), core::kCampaignFileMaxSize + 1));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  auto imported = store.Import(file);
  if (!imported) return std::move(imported).error().Within(path);
  const core::Campaign& c = imported->campaign;
  if (auto expect = ctx.args.Get("expect-fingerprint")) {
    // Compared ignoring spaces, so people can paste it as they received it.
    auto digits = [](std::string s) { std::erase_if(s, [](char ch) { return ch == ' ' || ch == '-'; }); return s; };
    if (digits(*expect) != digits(core::Fingerprint(c.id)))
      return Error::BadInput(path + ": fingerprint " + core::Fingerprint(c.id) + " differs from the expected one");
  }
  switch (imported->outcome) {
    case core::ImportOutcome::kNew: ctx.out << "imported"; break;
    case core::ImportOutcome::kUpdated:
      ctx.out << "updated (sequence " << imported->previous_sequence << " -> " << c.sequence << ")"; break;
    case core::ImportOutcome::kUnchanged: ctx.out << "already held"; break;
  }
  ctx.out << "\t" << c.id_hex() << "\t" << c.title.Get("en") << "\t" << core::Fingerprint(c.id) << "\n";
  if (imported->outcome == core::ImportOutcome::kNew)
    ctx.err << "Compare the fingerprint " << core::Fingerprint(c.id)
            << " with the one the secretariat published before you answer.\n";
  return {};
}

Status CmdCampaignList(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  STACCS_ASSIGN(auto campaigns, store.List());
  const auto lang = ctx.args.Get("lang");
  const std::int64_t now = platform::UnixTimeNow();
  for (const auto& c : campaigns) {
    if (lang) STACCS_TRY(core::RequireLanguage(c, *lang));
    ctx.out << c.id_hex() << "\t" << c.title.Get(lang.value_or("en")) << "\t" << core::Fingerprint(c.id) << "\t"
            << core::DescribeDeadline(c, now) << "\n";
  }
  return {};
}

Status CmdCampaignShow(Context& ctx) {
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  STACCS_ASSIGN(core::Campaign c, store.Get(ctx.args.positional[0]));
  const std::string lang = ctx.args.Get("lang").value_or("en");
  if (ctx.args.Get("lang")) STACCS_TRY(core::RequireLanguage(c, lang));
  std::string review;
  for (const auto& l : c.awaiting_review) review += (review.empty() ? "" : ", ") + l;
  std::string langs;
  for (const auto& l : c.languages) langs += (langs.empty() ? "" : ", ") + l;
  ctx.out << "id:          " << c.id_hex() << "\n"
          << "fingerprint: " << core::Fingerprint(c.id) << "\n"
          << "title:       " << c.title.Get(lang) << "\n"
          << "sequence:    " << c.sequence << "\n"
          << "languages:   " << langs << (review.empty() ? "" : "  (awaiting human review: " + review + ")") << "\n"
          << "deadline:    " << core::DescribeDeadline(c, platform::UnixTimeNow()) << "\n"
          << "word limit:  " << (c.total_word_limit ? std::to_string(c.total_word_limit) + " in all" : "none") << "\n"
          << "attachments: up to " << static_cast<double>(c.attachment_limit_bytes) / 1e6 << " MB\n";
  for (const auto& r : c.relays)
    ctx.out << "relay:       " << r.url << (r.receipt_key ? "  (receipt key " + ToHex(*r.receipt_key).substr(0, 16) + "…)" : "  (receipts unverified)") << "\n";
  ctx.out << "\n" << c.description.Get(lang) << "\n\nQuestions:\n";
  int n = 0;
  for (const auto& q : c.questions) {
    ctx.out << ++n << ". [" << q.id << "] " << q.prompt.Get(lang);
    if (q.word_limit) ctx.out << " (up to " << q.word_limit << " words)";
    ctx.out << "\n";
  }
  return {};
}

Status CmdCampaignExport(Context& ctx) {
  STACCS_ASSIGN(std::string out_path, ctx.args.Require("out"));
  STACCS_ASSIGN(core::Kit kit, ctx.Unlock());
  core::CampaignStore store(kit);
  STACCS_ASSIGN(Bytes file, store.File(ctx.args.positional[0]));
  STACCS_TRY(WriteOutputFile(out_path, file));
  ctx.out << out_path << "\n";
  return {};
}

}  // namespace staccs::cli
