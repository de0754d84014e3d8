#include "staccs/sync/relay_sync.h"

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>

#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/platform.h"
#include "staccs/core/received_log_store.h"
#include "staccs/sync/pull_proof.h"
#include "staccs/sync/relay_receipt.h"

namespace staccs::sync {

namespace {

std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Uploads one bundle with tus; returns the receipt bytes. The upload's id is derived from
// the bundle id (Staccs-Bundle-Id), so when a link drops — even before the relay's answer to
// the creation arrived — the client finds its upload again, asks its offset and sends the rest.
Result<Bytes> Upload(HttpClient& http, const std::string& base, ByteView bundle, int attempts) {
  const std::string bundle_id = ToHex(crypto::Blake2b256(bundle));
  const std::string upload_url = base + "/v1/uploads/" + bundle_id.substr(0, 32);
  std::vector<std::string> create = {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                                     "Upload-Length: " + std::to_string(bundle.size()), "Staccs-Bundle-Id: " + bundle_id};
  auto receipt_of = [](const HttpResponse& r) { return FromHex(r.Header("staccs-receipt")).value_or(Bytes()); };
  Error last = Error::Unreachable(base + ": upload did not finish");
  auto res = http.Request("POST", base + "/v1/uploads", create, bundle);
  if (res) {
    if (res->status == 201 && !res->Header("staccs-receipt").empty()) return receipt_of(*res);
    if (res->status != 201 && res->status != 409)
      return Error::BadInput(base + " refused the bundle (" + std::to_string(res->status) + "): " + res->body.substr(0, 200));
  } else {
    last = std::move(res).error();
  }
  for (int i = 0; i < attempts; ++i) {
    auto head = http.Request("HEAD", upload_url, {"Tus-Resumable: 1.0.0"});
    if (!head) { last = std::move(head).error(); continue; }
    if (head->status == 404) {
      // Finished already (the answer carrying the receipt was what got cut)?
      auto held = http.Request("GET", base + "/v1/receipts/" + bundle_id, {});
      if (held && held->status == 200) return Bytes(held->body.begin(), held->body.end());
      // Or the creation never arrived: create it (empty) and go on.
      auto again = http.Request("POST", base + "/v1/uploads", create, {});
      if (!again) last = std::move(again).error();
      else if (again->status == 201 && !again->Header("staccs-receipt").empty()) return receipt_of(*again);
      else if (again->status != 201 && again->status != 409)
        return Error::BadInput(base + " refused the upload (" + std::to_string(again->status) + ")");
      continue;
    }
    if (head->status != 200) return Error::BadInput(base + " answered " + std::to_string(head->status) + " about the upload");
    std::uint64_t offset = 0;
    try {
      offset = std::stoull(head->Header("upload-offset"));
    } catch (const std::exception&) {
      return Error::BadInput(base + " sent no Upload-Offset");
    }
    if (offset > bundle.size()) return Error::BadInput(base + " claims more bytes than were sent");
    // 100-continue: if the offset went stale (a cut request was still landing), the relay
    // says so before the body goes out.
    auto sent = http.Request("PATCH", upload_url,
                             {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                              "Upload-Offset: " + std::to_string(offset), "Expect: 100-continue"},
                             bundle.subspan(offset));
    if (!sent) { last = std::move(sent).error(); continue; }
    if (sent->status == 204 && !sent->Header("staccs-receipt").empty()) return receipt_of(*sent);
    if (sent->status != 204 && sent->status != 409)
      return Error::BadInput(base + " refused the rest of the upload (" + std::to_string(sent->status) + "): " + sent->body);
  }
  return last;
}

}  // namespace

namespace {

// A kit as a sender: the bundles it carries, its campaigns, its outbox paths.
class KitCarrier : public Carrier {
 public:
  explicit KitCarrier(core::Kit& kit) : kit_(kit), bundles_(kit) {}
  Result<std::vector<Item>> ToSend() override {
    STACCS_ASSIGN(auto carried, bundles_.ToCarry());
    std::vector<Item> out;
    for (const auto& b : carried) out.push_back({b.id, b.campaign_id, b.own});
    return out;
  }
  Result<Bytes> Read(const std::string& id) override { return bundles_.Read(id); }
  Result<core::Campaign> CampaignFor(const std::string& campaign_id) override {
    return core::CampaignStore(kit_).Get(campaign_id);
  }
  Status Receipted(const Item& item, const std::string& relay, bool verified) override {
    if (!item.own) return {};
    return bundles_.RecordPath(item.id, "relay:" + relay, verified ? "receipted" : "receipted (unverified)");
  }
  Status OfferLog(ByteView file, SyncReport& report) override {
    auto offer = core::ReceivedLogStore(kit_).Offer(file);
    if (!offer) return std::move(offer).error();
    report.marked_received += offer->marked_received;
    report.dropped += offer->dropped;
    return {};
  }
  std::optional<std::uint64_t> HeldLogSequence(const std::string& campaign_id) override {
    auto log = core::ReceivedLogStore(kit_).Get(campaign_id);
    if (!log || !*log) return std::nullopt;
    return (*log)->sequence;
  }

 private:
  core::Kit& kit_;
  core::BundleStore bundles_;
};

}  // namespace

namespace {

// The relays to use for a campaign, with their keys (a pull proof must name the relay's key,
// a receipt is checked against it) and TLS pins: the campaign's list, or the one asked for.
std::vector<core::RelayEntry> RelaysFor(const core::Campaign& campaign, const SyncOptions& options) {
  if (!options.relay) return campaign.relays;
  core::RelayEntry manual{Trimmed(*options.relay), std::nullopt, std::nullopt};
  for (const auto& r : campaign.relays)
    if (Trimmed(r.url) == manual.url) manual = {manual.url, r.receipt_key, r.tls_pin};
  return {manual};
}

}  // namespace

Result<SyncReport> SendToRelays(core::Kit& kit, const SyncOptions& options) {
  KitCarrier carrier(kit);
  return SendBundles(carrier, options);
}

Result<SyncReport> SendBundles(Carrier& carrier, const SyncOptions& options) {
  SyncReport report;
  STACCS_ASSIGN(auto carried, carrier.ToSend());
  if (carried.empty() && !options.fetch_logs_always) return report;
  // The campaigns to visit; what to send in each is asked again once its received-log is in.
  std::set<std::string> campaign_ids(options.campaigns_for_logs.begin(), options.campaigns_for_logs.end());
  for (const auto& b : carried) campaign_ids.insert(b.campaign_id);

  HttpClient http(options.http);
  bool any_reached = false;
  for (const auto& campaign_id : campaign_ids) {
    STACCS_ASSIGN(core::Campaign campaign, carrier.CampaignFor(campaign_id));
    for (const auto& relay : RelaysFor(campaign, options)) {
      const std::string base = Trimmed(relay.url);
      http.PinPublicKey(relay.tls_pin);
      // Word of arrival first: what the secretariat already has is not sent again (a relay
      // that learnt it may have let the bundle expire).
      std::vector<std::string> conditional;
      if (auto held = carrier.HeldLogSequence(campaign_id))
        conditional.push_back("If-None-Match: \"" + std::to_string(*held) + "\"");
      auto log = http.Request("GET", base + "/v1/campaigns/" + campaign_id + "/received-log", conditional);
      if (!log) {
        report.problems.push_back(base + ": " + log.error().message);
        continue;  // the next relay in the campaign's order
      }
      if (log->status == 200) {
        if (auto offered = carrier.OfferLog(AsBytes(log->body), report); !offered)
          report.problems.push_back(base + ": received-log refused: " + offered.error().message);
      }
      std::vector<Carrier::Item> list;
      STACCS_ASSIGN(auto still, carrier.ToSend());
      for (auto& item : still)
        if (item.campaign_id == campaign_id) list.push_back(std::move(item));
      any_reached = true;
      report.relays_reached.push_back(base);
      if (list.empty()) break;
      std::string ids;
      for (const auto& b : list) ids += b.id + "\n";
      auto lacks = http.Request("POST", base + "/v1/lacks", {"Content-Type: text/plain"}, AsBytes(ids));
      if (!lacks || lacks->status != 200) {
        report.problems.push_back(base + ": " + (lacks ? "answered " + std::to_string(lacks->status) : lacks.error().message));
        continue;
      }
      if (options.progress) options.progress->total += list.size();
      for (const auto& b : list) {
        if (options.progress && options.progress->cancelled()) {
          report.problems.push_back("sync cancelled");
          break;
        }
        const bool lacking = lacks->body.find(b.id) != std::string::npos;
        Result<Bytes> receipt = Error::Local("");
        if (lacking) {
          STACCS_ASSIGN(Bytes bytes, carrier.Read(b.id));
          // The data budget is a promise: never start an upload that could break it.
          if (http.bytes_sent() + http.bytes_received() + bytes.size() + 4096 > options.byte_allowance) {
            report.problems.push_back("data budget for today reached: bundle " + b.id.substr(0, 12) + "… waits");
            report.budget_reached = true;
            continue;
          }
          receipt = Upload(http, base, bytes, options.resume_attempts);
        } else {
          auto got = http.Request("GET", base + "/v1/receipts/" + b.id, {});
          receipt = got && got->status == 200 ? Result<Bytes>(Bytes(got->body.begin(), got->body.end()))
                                              : Result<Bytes>(Error::BadInput(base + " has no receipt for it"));
        }
        if (!receipt) {
          report.problems.push_back("bundle " + b.id.substr(0, 12) + "…: " + receipt.error().message);
          continue;
        }
        auto parsed = ParseReceipt(*receipt, relay.receipt_key ? &*relay.receipt_key : nullptr);
        if (!parsed || ToHex(parsed->bundle_id) != b.id) {
          report.problems.push_back("bundle " + b.id.substr(0, 12) + "…: " + base + " sent a receipt that " +
                                    (parsed ? "names another bundle" : parsed.error().message));
          continue;
        }
        if (options.progress) {
          options.progress->done += 1;
          options.progress->bytes = http.bytes_sent();
        }
        (lacking ? report.uploaded : report.already_there) += 1;
        (relay.receipt_key ? report.receipts_verified : report.receipts_unverified) += 1;
        STACCS_TRY(carrier.Receipted(b, base, relay.receipt_key.has_value()));
      }
      break;  // one relay that answered is enough; forwarding takes it further
    }
  }
  report.bytes_sent = http.bytes_sent();
  report.bytes_received = http.bytes_received();
  if (!any_reached)
    return Error::Unreachable("no relay could be reached" + (report.problems.empty() ? "" : ": " + report.problems.front()));
  return report;
}


Result<PullReport> PullFromRelays(core::Kit& kit, const SyncOptions& options) {
  PullReport report;
  HttpClient http(options.http);
  core::CampaignStore campaigns(kit);
  core::BundleStore bundles(kit);
  bool any_reached = false;
  STACCS_ASSIGN(auto held, campaigns.List());
  for (const auto& campaign : held) {
    auto secrets = campaigns.Secrets(campaign.id_hex());
    if (!secrets) continue;
    for (const auto& relay : RelaysFor(campaign, options)) {
      const std::string base = Trimmed(relay.url);
      http.PinPublicKey(relay.tls_pin);
      if (!relay.receipt_key) {
        report.problems.push_back(base + ": the campaign lists no key for this relay, so no pull proof can name it");
        continue;
      }
      auto proof_for = [&](const std::string& path) {
        return "Staccs-Pull-Proof: " + ToHex(MakePullProof(secrets->pull, *relay.receipt_key, campaign.id, "GET", path, {},
                                                          platform::UnixTimeNow()));
      };
      std::int64_t after = 0;
      bool reached = true;
      for (;;) {
        const std::string list_path = "/v1/campaigns/" + campaign.id_hex() + "/bundles/after/" + std::to_string(after);
        auto list = http.Request("GET", base + list_path, {proof_for(list_path)});
        if (!list || list->status != 200) {
          report.problems.push_back(base + ": " + (list ? "answered " + std::to_string(list->status) + ": " + list->body
                                                       : list.error().message));
          reached = list.ok() && list->status != 0;
          break;
        }
        any_reached = true;
        if (list->body.empty()) break;
        std::size_t pos = 0;
        while (pos < list->body.size()) {
          std::size_t nl = list->body.find('\n', pos);
          if (nl == std::string::npos) nl = list->body.size();
          const std::string line = list->body.substr(pos, nl - pos);
          pos = nl + 1;
          const auto space = line.find(' ');
          if (space == std::string::npos) continue;
          after = std::max<std::int64_t>(after, std::atoll(line.substr(0, space).c_str()));
          const std::string id = line.substr(space + 1);
          if (id.size() != 64) continue;
          const std::string path = "/v1/campaigns/" + campaign.id_hex() + "/bundles/" + id;
          auto got = http.Request("GET", base + path, {proof_for(path)});
          if (!got || got->status != 200) {
            report.problems.push_back("bundle " + id.substr(0, 12) + "…: " + (got ? got->body : got.error().message));
            continue;
          }
          auto put = bundles.Put(AsBytes(got->body), false);
          if (!put) report.problems.push_back("bundle " + id.substr(0, 12) + "…: " + put.error().message);
          else if (*put == core::PutOutcome::kNew) ++report.bundles_new;
          else ++report.bundles_duplicate;
        }
      }
      if (reached) break;
    }
  }
  if (!any_reached && !report.problems.empty())
    return Error::Unreachable("no relay could be reached: " + report.problems.front());
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
                              {"Content-Type: application/octet-stream"}, bytes);
      if (res && res->status == 204) ++report.logs_published;
      else report.problems.push_back(base + ": received-log not published: " + (res ? res->body : res.error().message));
    }
  }
  return report;
}

}  // namespace staccs::sync
