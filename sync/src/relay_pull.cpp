// The secretariat's side of relay sync: pulling its campaigns' bundles (with pull proofs) and
// publishing its received-logs.
#include <algorithm>
#include <charconv>

#include "relay_sync_internal.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"
#include "staccs/sync/pull_proof.h"
#include "staccs/sync/relay_service.h"

namespace staccs::sync {

namespace {

constexpr std::size_t kListAnswerMax = 128 * 1024;  // 500 lines of "cursor id"
constexpr std::size_t kSmallAnswerMax = 16 * 1024;

struct ListLine {
  std::int64_t cursor = 0;
  std::string id;
};

// One page of "<cursor> <bundle id>" lines. Cursors must rise strictly from `after`: a relay
// that repeats itself or goes back is not followed (it could keep a secretariat pulling
// forever).
Result<std::vector<ListLine>> ParseList(const std::string& body, std::int64_t after) {
  std::vector<ListLine> out;
  std::int64_t last = after;
  for (std::size_t pos = 0; pos < body.size();) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string::npos) nl = body.size();
    const std::string_view line(body.data() + pos, nl - pos);
    pos = nl + 1;
    if (line.empty()) continue;
    const auto space = line.find(' ');
    ListLine l;
    const char* end = line.data() + (space == std::string_view::npos ? line.size() : space);
    auto [stop, ec] = std::from_chars(line.data(), end, l.cursor);
    if (space == std::string_view::npos || ec != std::errc() || stop != end || !IsHexId(line.substr(space + 1), 64))
      return Error::BadInput("the relay's list has a malformed line");
    if (l.cursor <= last)
      return Error::BadInput("the relay's list does not advance its cursor past " + std::to_string(last) +
                             ": not followed");
    last = l.cursor;
    l.id = std::string(line.substr(space + 1));
    out.push_back(std::move(l));
  }
  return out;
}

// The receipt key a relay says it has (its /v1/health), for a relay given without one.
std::optional<crypto::SigningPublicKey> AskRelayKey(HttpClient& http, const std::string& base) {
  auto res = http.Request("GET", base + "/v1/health", {}, {}, kSmallAnswerMax);
  if (!res || res->status != 200) return std::nullopt;
  constexpr std::string_view kField = "\"receipt_key\":\"";
  const auto at = res->body.find(kField);
  if (at == std::string::npos) return std::nullopt;
  auto bytes = FromHex(std::string_view(res->body).substr(at + kField.size(), 64));
  if (!bytes || bytes->size() != 32) return std::nullopt;
  crypto::SigningPublicKey key{};
  std::copy(bytes->begin(), bytes->end(), key.begin());
  return key;
}

}  // namespace

Result<PullReport> PullFromRelays(core::Kit& kit, const SyncOptions& options) {
  PullReport report;
  HttpClient http(options.http);
  core::CampaignStore campaigns(kit);
  core::BundleStore bundles(kit);
  bool any_reached = false;
  std::size_t lists_ok = 0, lists_failed = 0, fetched = 0, fetch_failed = 0;
  STACCS_ASSIGN(auto held, campaigns.List());
  for (const auto& campaign : held) {
    auto secrets = campaigns.Secrets(campaign.id_hex());
    if (!secrets) continue;
    for (auto relay : RelaysFor(campaign, options)) {
      const std::string base = Trimmed(relay.url);
      http.PinPublicKey(relay.tls_pin);
      if (!relay.receipt_key) {
        // A pull proof names the relay's key. Unpinned, the key the relay states is used: a
        // proof made for it is good at that relay only, and every bundle is verified anyway;
        // what is at stake is only whether this is the relay the operator runs.
        relay.receipt_key = AskRelayKey(http, base);
        if (!relay.receipt_key) {
          report.problems.push_back(base + ": no key for this relay (the campaign lists none and the relay gave none), "
                                    "so no pull proof can name it; give it as --relay " + base +
                                    "#KEY (KEY from 'staccs-relay --print-key')");
          ++lists_failed;
          continue;
        }
        report.notes.push_back(base + ": using the key the relay states, " + ToHex(*relay.receipt_key) +
                               ", which was not pinned: check it with the relay's operator ('staccs-relay --print-key') "
                               "and give it as --relay " + base + "#KEY next time");
      }
      auto proof_for = [&](const std::string& path) {
        return "Staccs-Pull-Proof: " + ToHex(MakePullProof(secrets->pull, *relay.receipt_key, campaign.id, "GET", path, {},
                                                          platform::UnixTimeNow()));
      };
      std::int64_t after = 0;
      bool reached = true;
      for (std::size_t pages = 0;; ++pages) {
        if (pages == options.max_pull_pages) {
          report.problems.push_back(base + ": listed more than " + std::to_string(pages) +
                                    " pages: the rest waits for the next collect");
          break;
        }
        const std::string list_path = "/v1/campaigns/" + campaign.id_hex() + "/bundles/after/" + std::to_string(after);
        auto list = http.Request("GET", base + list_path, {proof_for(list_path)}, {}, kListAnswerMax);
        if (!list || list->status != 200) {
          report.problems.push_back(base + ": " + (list ? "answered " + std::to_string(list->status) + ": " + list->body.substr(0, 200)
                                                       : list.error().message));
          ++lists_failed;
          reached = list.ok() && list->status != 0;
          break;
        }
        any_reached = true;
        auto lines = ParseList(list->body, after);
        if (!lines) {
          report.problems.push_back(base + ": " + lines.error().message);
          ++lists_failed;
          break;
        }
        ++lists_ok;
        if (lines->empty()) break;
        for (const auto& line : *lines) {
          const std::string path = "/v1/campaigns/" + campaign.id_hex() + "/bundles/" + line.id;
          auto got = http.Request("GET", base + path, {proof_for(path)}, {}, core::kBundleMaxSize);
          if (!got || got->status != 200) {
            report.problems.push_back("bundle " + line.id.substr(0, 12) + "…: " +
                                      (got ? "answered " + std::to_string(got->status) + ": " + got->body.substr(0, 200)
                                           : got.error().message));
            ++fetch_failed;
            continue;
          }
          ++fetched;
          auto put = bundles.Put(AsBytes(got->body), false);
          if (!put) report.problems.push_back("bundle " + line.id.substr(0, 12) + "…: " + put.error().message);
          else if (*put == core::PutOutcome::kNew) ++report.bundles_new;
          else ++report.bundles_duplicate;
        }
        after = lines->back().cursor;
      }
      if (reached) break;
    }
  }
  report.requests_ok = lists_ok + fetched;
  report.requests_failed = lists_failed + fetch_failed;
  if (!any_reached && !report.problems.empty())
    return Error::Unreachable("no relay could be reached: " + report.problems.front());
  if ((lists_failed > 0 && lists_ok == 0) || (fetch_failed > 0 && fetched == 0))
    return Error::BadInput("every pull from the relays failed: " + report.problems.front());
  return report;
}

Result<PullReport> PublishReceivedLogs(core::Kit& kit, const SyncOptions& options) {
  PullReport report;
  HttpClient http(options.http);
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto logs, core::ReceivedLogStore(kit).Files());
  for (const auto& [campaign_id, bytes] : logs) {
    if (!campaigns.Secrets(campaign_id)) continue;
    STACCS_ASSIGN(core::Campaign campaign, campaigns.Get(campaign_id));
    for (const auto& relay : RelaysFor(campaign, options)) {
      const std::string base = Trimmed(relay.url);
      http.PinPublicKey(relay.tls_pin);
      auto res = http.Request("PUT", base + "/v1/campaigns/" + campaign_id + "/received-log",
                              {"Content-Type: application/octet-stream"}, bytes, kSmallAnswerMax);
      if (res && res->status == 204) ++report.logs_published;
      else report.problems.push_back(base + ": received-log not published: " + (res ? res->body : res.error().message));
    }
  }
  return report;
}

Result<PullReport> PublishCampaignFiles(core::Kit& kit, const SyncOptions& options) {
  PullReport report;
  HttpClient http(options.http);
  core::CampaignStore campaigns(kit);
  STACCS_ASSIGN(auto held, campaigns.List());
  for (const auto& campaign : held) {
    const std::string campaign_id = campaign.id_hex();
    STACCS_ASSIGN(bool owned, campaigns.HoldsSecrets(campaign_id));
    if (!owned) continue;
    STACCS_ASSIGN(Bytes file, campaigns.File(campaign_id));
    for (const auto& relay : RelaysFor(campaign, options)) {
      const std::string base = Trimmed(relay.url);
      http.PinPublicKey(relay.tls_pin);
      auto res = http.Request("PUT", base + "/v1/campaigns/" + campaign_id, {"Content-Type: application/octet-stream"},
                              file, kSmallAnswerMax);
      if (res && res->status == 204) ++report.campaigns_published;
      else report.problems.push_back(base + ": campaign file not published: " + (res ? res->body : res.error().message));
    }
  }
  return report;
}

}  // namespace staccs::sync
