#include "staccs/sync/relay_forwarder.h"

#include <algorithm>

#include "staccs/core/received_log.h"

namespace staccs::sync {

namespace {

class RelayCarrier : public Carrier {
 public:
  RelayCarrier(RelayStore& store, std::string upstream)
      : store_(store), upstream_(std::move(upstream)), upload_key_(store.UploadKey()) {}
  Result<std::vector<std::string>> CampaignsToSend() override { return store_.CampaignsToForward(upstream_); }
  Result<std::size_t> CountToSend(const std::string& campaign_id) override {
    return store_.CountToForward(upstream_, campaign_id);
  }
  Result<std::vector<Item>> ToSend(const std::string& campaign_id, std::int64_t after, std::size_t limit) override {
    // A pass hands on at most kPerPass bundles, so the relay's housekeeping loop comes round
    // (and a stop is heard) between passes; the rest goes in the next one.
    if (handed_ >= kPerPass) return std::vector<Item>{};
    STACCS_ASSIGN(auto pending, store_.ToForward(upstream_, campaign_id, after, std::min(limit, kPerPass - handed_)));
    handed_ += pending.size();
    std::vector<Item> out;
    out.reserve(pending.size());
    for (auto& [row, id] : pending) out.push_back({std::move(id), campaign_id, false, row});
    return out;
  }
  Result<Bytes> Read(const std::string& id) override { return store_.Read(id); }
  Result<core::Campaign> CampaignFor(const std::string& campaign_id) override {
    const core::Campaign* c = store_.Served(campaign_id);
    if (c == nullptr) return Error::BadInput("campaign " + campaign_id.substr(0, 12) + "… is not served here");
    return *c;
  }
  Status Receipted(const Item& item, const std::string&, bool) override { return store_.MarkForwarded(item.id, upstream_); }
  Status OfferLog(ByteView file, SyncReport&) override { return store_.OfferReceivedLog(file); }
  std::optional<Bytes> HeldLog(const std::string& campaign_id) override {
    auto file = store_.ReceivedLogFile(campaign_id);
    if (!file || !*file) return std::nullopt;
    return std::move(**file);
  }
  std::optional<Bytes> HeldCampaignFile(const std::string& campaign_id) override {
    auto file = store_.CampaignFile(campaign_id);
    if (!file || !*file) return std::nullopt;
    return std::move(**file);
  }
  Status OfferCampaignFile(ByteView file, SyncReport& report) override {
    STACCS_ASSIGN(auto offer, store_.OfferCampaignFile(file));
    if (offer == RelayStore::CampaignOffer::kStored) ++report.campaigns_updated;
    return {};
  }
  const crypto::SecretBytes& UploadKey() override { return upload_key_; }

 private:
  static constexpr std::size_t kPerPass = 1000;
  RelayStore& store_;
  std::string upstream_;
  std::size_t handed_ = 0;
  crypto::SecretBytes upload_key_;
};

}  // namespace

Result<SyncReport> ForwardToUpstream(RelayStore& store, const std::string& upstream_url, const HttpOptions& http) {
  RelayCarrier carrier(store, upstream_url);
  SyncOptions options;
  options.relay = upstream_url;
  options.http = http;
  options.fetch_logs_always = true;
  for (const auto& c : store.campaigns()) options.campaigns_for_logs.push_back(c.id_hex());
  return SendBundles(carrier, options);
}

}  // namespace staccs::sync
