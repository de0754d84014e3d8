#include "staccs/sync/relay_sync.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <unordered_set>

#include "relay_sync_internal.h"
#include "staccs/core/bundle_store.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/received_log_store.h"
#include "staccs/sync/relay_receipt.h"

namespace staccs::sync {

namespace {

// What an answer of each endpoint may hold (docs/RELAY_API.md): the client stops reading there.
constexpr std::size_t kUploadAnswerMax = 16 * 1024;    // tus answers: headers, a short reason
constexpr std::size_t kReceiptMax = 4 * 1024;          // a receipt is 204 bytes
constexpr std::size_t kReceivedLogMax = 80u << 20;     // 1,000,000 entries of 64 bytes, and more
constexpr std::size_t kCampaignAnswerMax = core::kCampaignFileMaxSize;

std::optional<std::uint64_t> ParseOffset(const std::string& text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

Error Refusal(const std::string& base, const std::string& what, const HttpResponse& r) {
  return Error::BadInput(base + " refused " + what + " (" + std::to_string(r.status) + "): " +
                         r.body.substr(0, 200)).With(ErrorCode::kRejected);
}

// Uploads one bundle with tus; returns the receipt bytes. The upload's id is a token only this
// sender can derive (UploadTokenFor), so when a link drops — even before the relay's answer to
// the creation arrived — the client finds its upload again, asks its offset and sends the rest.
Result<Bytes> Upload(HttpClient& http, const std::string& base, ByteView bundle, const std::string& token, int attempts) {
  const std::string bundle_id = ToHex(crypto::Blake2b256(bundle));
  const std::string upload_url = base + "/v1/uploads/" + token;
  std::vector<std::string> create = {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                                     "Upload-Length: " + std::to_string(bundle.size()), "Staccs-Bundle-Id: " + bundle_id,
                                     "Staccs-Upload-Token: " + token};
  auto receipt_of = [](const HttpResponse& r) { return FromHex(r.Header("staccs-receipt")).value_or(Bytes()); };
  Error last = Error::Unreachable(base + ": upload did not finish");
  auto res = http.Request("POST", base + "/v1/uploads", create, bundle, kUploadAnswerMax);
  if (res) {
    if (res->status == 201 && !res->Header("staccs-receipt").empty()) return receipt_of(*res);
    if (res->status != 201 && res->status != 409) return Refusal(base, "the bundle", *res);
  } else if (res.error().code == ErrorCode::kTooLarge) {
    return std::move(res).error();
  } else {
    last = std::move(res).error();
  }
  for (int i = 0; i < attempts; ++i) {
    auto head = http.Request("HEAD", upload_url, {"Tus-Resumable: 1.0.0"}, {}, kUploadAnswerMax);
    if (!head) { last = std::move(head).error(); continue; }
    if (head->status == 404) {
      // Finished already (the answer carrying the receipt was what got cut)?
      auto held = http.Request("GET", base + "/v1/receipts/" + bundle_id, {}, {}, kReceiptMax);
      if (held && held->status == 200) return Bytes(held->body.begin(), held->body.end());
      // Or the creation never arrived (or expired): create it again, with what the link carries.
      auto again = http.Request("POST", base + "/v1/uploads", create, bundle, kUploadAnswerMax);
      if (!again) last = std::move(again).error();
      else if (again->status == 201 && !again->Header("staccs-receipt").empty()) return receipt_of(*again);
      else if (again->status != 201 && again->status != 409) return Refusal(base, "the upload", *again);
      continue;
    }
    if (head->status != 200) return Refusal(base, "to say where the upload stands", *head);
    const auto offset = ParseOffset(head->Header("upload-offset"));
    if (!offset) return Error::BadInput(base + " sent no Upload-Offset").With(ErrorCode::kRejected);
    if (*offset > bundle.size()) return Error::BadInput(base + " claims more bytes than were sent").With(ErrorCode::kRejected);
    // 100-continue: if the offset went stale (a cut request was still landing), the relay
    // says so before the body goes out.
    auto sent = http.Request("PATCH", upload_url,
                             {"Tus-Resumable: 1.0.0", "Content-Type: application/offset+octet-stream",
                              "Upload-Offset: " + std::to_string(*offset), "Expect: 100-continue"},
                             bundle.subspan(*offset), kUploadAnswerMax);
    if (!sent) { last = std::move(sent).error(); continue; }
    if (sent->status == 204 && !sent->Header("staccs-receipt").empty()) return receipt_of(*sent);
    if (sent->status != 204 && sent->status != 409) return Refusal(base, "the rest of the upload", *sent);
  }
  return last;
}

// A kit as a sender: the bundles it carries, its campaigns, its outbox paths.
class KitCarrier : public Carrier {
 public:
  explicit KitCarrier(core::Kit& kit) : kit_(kit), bundles_(kit), upload_key_(KitUploadKey(kit)) {}
  Result<std::vector<std::string>> CampaignsToSend() override { return bundles_.CampaignsToCarry(); }
  Result<std::size_t> CountToSend(const std::string& campaign_id) override { return bundles_.CountToCarry(campaign_id); }
  Result<std::vector<Item>> ToSend(const std::string& campaign_id, std::int64_t after, std::size_t limit) override {
    STACCS_ASSIGN(auto page, bundles_.ToCarryPage(campaign_id, after, limit));
    std::vector<Item> out;
    out.reserve(page.size());
    for (auto& [row, b] : page) out.push_back({std::move(b.id), std::move(b.campaign_id), b.own, row});
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
  std::optional<Bytes> HeldLog(const std::string& campaign_id) override {
    // A store that cannot be read asks for the whole log, which costs bytes but loses nothing.
    auto file = core::ReceivedLogStore(kit_).File(campaign_id);
    if (!file) return std::nullopt;
    return std::move(*file);
  }
  std::optional<Bytes> HeldCampaignFile(const std::string& campaign_id) override {
    auto file = core::CampaignStore(kit_).File(campaign_id);
    if (!file) return std::nullopt;
    return std::move(*file);
  }
  Status OfferCampaignFile(ByteView file, SyncReport& report) override {
    STACCS_ASSIGN(auto imported, core::CampaignStore(kit_).Import(file));
    if (imported.outcome == core::ImportOutcome::kUpdated) ++report.campaigns_updated;
    return {};
  }
  const crypto::SecretBytes& UploadKey() override { return upload_key_; }

 private:
  core::Kit& kit_;
  core::BundleStore bundles_;
  crypto::SecretBytes upload_key_;
};

// The campaign's received-log at `base` if it is newer than `held`, as a whole log to offer;
// nothing if the relay has none newer. Holding a log, the kit asks only for the entries after
// it (`?after=<count>`, issue 15) and verifies that extension against what it holds; a relay
// that answers the whole log instead (an older relay, a version 1 log) is fine too. An error
// only when the relay cannot be reached; an extension that does not verify is reported in
// `report`, as a whole log that does not verify is.
Result<std::optional<Bytes>> FetchReceivedLog(HttpClient& http, const std::string& base, const core::Campaign& campaign,
                                              const std::optional<Bytes>& held, SyncReport& report,
                                              std::uint64_t& relay_campaign_sequence) {
  std::string url = base + "/v1/campaigns/" + campaign.id_hex() + "/received-log";
  std::vector<std::string> conditional;
  if (held) {
    if (auto sequence = core::StoredReceivedLogSequence(*held))
      conditional.push_back("If-None-Match: \"" + std::to_string(*sequence) + "\"");
    if (auto count = core::StoredReceivedLogCount(*held)) url += "?after=" + std::to_string(*count);
  }
  STACCS_ASSIGN(auto res, http.Request("GET", url, conditional, {}, kReceivedLogMax));
  relay_campaign_sequence = ParseOffset(res.Header(kCampaignSequenceHeaderLower)).value_or(0);
  if (res.status != 200) return std::optional<Bytes>();  // 304: unchanged; 404: none yet
  Bytes body(res.body.begin(), res.body.end());
  if (!core::IsReceivedLogExtension(body)) return std::optional<Bytes>(std::move(body));
  auto whole = [&]() -> Result<Bytes> {
    if (!held) return Error::BadInput("received-log extension: for a log this kit does not hold");
    STACCS_ASSIGN(core::ReceivedLog held_log, core::ParseReceivedLog(*held, campaign));
    return core::ExtendReceivedLog(body, campaign, held_log);
  }();
  if (!whole) {
    report.problems.push_back(base + ": received-log refused: " + whole.error().message);
    return std::optional<Bytes>();
  }
  return std::optional<Bytes>(std::move(*whole));
}

// The campaign file at `base` against the one held (SPEC §2: a higher sequence replaces the
// old one), once the relay has told its sequence (0: it holds none, or predates campaign files).
// A later one is fetched and offered to the carrier; when the relay holds an earlier one, the
// held file is put there, so an update travels on from whoever has it (anyone may put it: the
// campaign's own key signs it). A relay that holds none gets it from the secretariat or its
// operator, not from every passing kit. Problems are reported; none stops the run.
void ExchangeCampaignFile(HttpClient& http, const std::string& base, const std::string& campaign_id,
                          std::uint64_t relay_sequence, Carrier& carrier, SyncReport& report) {
  if (relay_sequence == 0) return;
  const std::optional<Bytes> held = carrier.HeldCampaignFile(campaign_id);
  std::uint64_t held_sequence = 0;
  if (held)
    if (auto c = core::ParseCampaignFile(*held)) held_sequence = c->sequence;
  if (relay_sequence == held_sequence) return;
  const std::string url = base + "/v1/campaigns/" + campaign_id;
  bool relay_behind = relay_sequence < held_sequence;
  if (!relay_behind) {
    auto res = http.Request("GET", url, {}, {}, kCampaignAnswerMax);
    if (!res) {
      report.problems.push_back(base + ": campaign update not fetched: " + res.error().message);
      return;
    }
    if (res->status != 200) {
      report.problems.push_back(base + " refused the campaign update (" + std::to_string(res->status) + ")");
      return;
    }
    const Bytes body(res->body.begin(), res->body.end());
    auto fetched = core::ParseCampaignFile(body);
    if (!fetched || fetched->id_hex() != campaign_id) {
      report.problems.push_back(base + ": campaign file refused: " +
                                (fetched ? std::string("it is for another campaign") : fetched.error().message));
      return;
    }
    if (fetched->sequence > held_sequence) {
      if (auto offered = carrier.OfferCampaignFile(body, report); !offered)
        report.problems.push_back(base + ": campaign update refused: " + offered.error().message);
      return;
    }
    relay_behind = fetched->sequence < held_sequence;
  }
  if (!relay_behind) return;
  auto put = http.Request("PUT", url, {"Content-Type: application/octet-stream"}, *held, kUploadAnswerMax);
  if (put && put->status == 204) ++report.campaigns_handed_on;
  else if (!put) report.problems.push_back(base + ": campaign file not handed on: " + put.error().message);
  else if (put->status != 404) report.problems.push_back(base + " refused the campaign file (" + std::to_string(put->status) + ")");
}

// Which of `ids` the relay lacks, asked a page at a time; an error if any page was refused.
Result<std::unordered_set<std::string>> AskLacks(HttpClient& http, const std::string& base,
                                                 const std::vector<Carrier::Item>& items, SyncReport& report) {
  std::string ids;
  for (const auto& item : items) ids += item.id + "\n";
  auto lacks = http.Request("POST", base + "/v1/lacks", {"Content-Type: text/plain"}, AsBytes(ids), ids.size() + 1024);
  if (!lacks) return std::move(lacks).error();
  if (lacks->status != 200) {
    report.relay_refused = true;
    return Refusal(base, "\"which do you lack\"", *lacks);
  }
  std::unordered_set<std::string> asked;
  for (const auto& item : items) asked.insert(item.id);
  std::unordered_set<std::string> lacking;
  for (std::size_t pos = 0; pos < lacks->body.size();) {
    std::size_t nl = lacks->body.find('\n', pos);
    if (nl == std::string::npos) nl = lacks->body.size();
    std::string line = lacks->body.substr(pos, nl - pos);
    pos = nl + 1;
    if (asked.count(line) != 0) lacking.insert(std::move(line));  // anything else is noise
  }
  return lacking;
}

}  // namespace

std::string UploadTokenFor(const crypto::SecretBytes& key, const std::string& relay_url, const std::string& bundle_id) {
  const std::string message = "staccs upload token v1\n" + Trimmed(relay_url) + "\n" + bundle_id;
  return ToHex(crypto::Blake2b256Keyed(key.view(), AsBytes(message))).substr(0, 32);
}

crypto::SecretBytes KitUploadKey(const core::Kit& kit) {
  crypto::Hash32 k = crypto::Blake2b256Keyed(kit.identity_seed().view(), AsBytes("staccs upload token key v1"));
  crypto::WipeOnExit wipe_k(k);
  return crypto::SecretBytes::Copy(k);
}

Result<SyncReport> SendToRelays(core::Kit& kit, const SyncOptions& options) {
  KitCarrier carrier(kit);
  return SendBundles(carrier, options);
}

Result<SyncReport> SendBundles(Carrier& carrier, const SyncOptions& options) {
  SyncReport report;
  STACCS_ASSIGN(auto sending, carrier.CampaignsToSend());
  if (sending.empty() && !options.fetch_logs_always) return report;
  // The campaigns to visit; what to send in each is listed once its received-log is in.
  std::set<std::string> campaign_ids(options.campaigns_for_logs.begin(), options.campaigns_for_logs.end());
  campaign_ids.insert(sending.begin(), sending.end());

  HttpClient http(options.http);
  struct CountUsage {
    HttpClient& http;
    SyncReport& report;
    LinkUsage* usage;
    ~CountUsage() {
      report.bytes_sent = http.bytes_sent();
      report.bytes_received = http.bytes_received();
      if (usage) {
        usage->sent += report.bytes_sent;
        usage->received += report.bytes_received;
      }
    }
  };
  bool any_reached = false;
  const std::size_t page = std::max<std::size_t>(1, std::min<std::size_t>(options.lacks_page_size, 10000));
  {
    CountUsage count{http, report, options.usage};
    for (const auto& campaign_id : campaign_ids) {
      STACCS_ASSIGN(core::Campaign campaign, carrier.CampaignFor(campaign_id));
      // Bundles of this campaign still without a receipt (or waiting for the budget).
      STACCS_ASSIGN(std::size_t left, carrier.CountToSend(campaign_id));
      for (const auto& relay : RelaysFor(campaign, options)) {
        const std::string base = Trimmed(relay.url);
        http.PinPublicKey(relay.tls_pin);
        // Word of arrival first: what the secretariat already has is not sent again (a relay
        // that learnt it may have let the bundle expire).
        const std::optional<Bytes> held = carrier.HeldLog(campaign_id);
        std::uint64_t relay_campaign_sequence = 0;
        auto log = FetchReceivedLog(http, base, campaign, held, report, relay_campaign_sequence);
        if (!log) {
          report.problems.push_back(base + ": " + log.error().message);
          continue;  // the next relay in the campaign's order
        }
        if (*log) {
          if (auto offered = carrier.OfferLog(**log, report); !offered)
            report.problems.push_back(base + ": received-log refused: " + offered.error().message);
        }
        ExchangeCampaignFile(http, base, campaign_id, relay_campaign_sequence, carrier, report);
        any_reached = true;
        report.relays_reached.push_back(base);
        STACCS_ASSIGN(left, carrier.CountToSend(campaign_id));
        if (left == 0) break;
        bool relay_failed = false;
        bool cancelled = false;
        for (std::int64_t after = std::numeric_limits<std::int64_t>::min(); !relay_failed && !cancelled;) {
          STACCS_ASSIGN(const std::vector<Carrier::Item> list, carrier.ToSend(campaign_id, after, page));
          if (list.empty()) break;
          after = list.back().cursor;
          auto lacking = AskLacks(http, base, list, report);
          if (!lacking) {
            report.problems.push_back(base + ": " + lacking.error().message);
            relay_failed = true;
            break;
          }
          if (options.progress) options.progress->total += list.size();
          for (const Carrier::Item& b : list) {
            if (options.progress && options.progress->cancelled()) {
              report.problems.push_back("sync cancelled");
              cancelled = true;
              break;
            }
            const bool lacks = lacking->count(b.id) != 0;
            Result<Bytes> receipt = Error::Local("");
            if (lacks) {
              STACCS_ASSIGN(Bytes bytes, carrier.Read(b.id));
              // The data budget is a promise: never start an upload that could break it.
              if (http.bytes_sent() + http.bytes_received() + bytes.size() + 4096 > options.byte_allowance) {
                report.problems.push_back("data budget for today reached: bundle " + b.id.substr(0, 12) + "… waits");
                report.budget_reached = true;
                --left;  // waits for the budget, not failed
                continue;
              }
              receipt = Upload(http, base, bytes, UploadTokenFor(carrier.UploadKey(), base, b.id), options.resume_attempts);
            } else {
              auto got = http.Request("GET", base + "/v1/receipts/" + b.id, {}, {}, kReceiptMax);
              receipt = got && got->status == 200 ? Result<Bytes>(Bytes(got->body.begin(), got->body.end()))
                                                  : Result<Bytes>(Error::BadInput(base + " has no receipt for it"));
            }
            if (!receipt) {
              if (receipt.error().code == ErrorCode::kRejected) report.relay_refused = true;
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
            (lacks ? report.uploaded : report.already_there) += 1;
            (relay.receipt_key ? report.receipts_verified : report.receipts_unverified) += 1;
            --left;
            STACCS_TRY(carrier.Receipted(b, base, relay.receipt_key.has_value()));
          }
        }
        if (!relay_failed) break;  // one relay that answered is enough; forwarding takes it further
      }
      report.not_sent += left;
    }
  }
  if (!any_reached)
    return Error::Unreachable("no relay could be reached" + (report.problems.empty() ? "" : ": " + report.problems.front()));
  return report;
}

}  // namespace staccs::sync
