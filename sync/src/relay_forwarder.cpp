#include "staccs/sync/relay_forwarder.h"

#include "staccs/core/received_log.h"

namespace staccs::sync {

namespace {

class RelayCarrier : public Carrier {
 public:
  RelayCarrier(RelayStore& store, std::string upstream)
      : store_(store), upstream_(std::move(upstream)), upload_key_(store.UploadKey()) {}
  Result<std::vector<Item>> ToSend() override {
    STACCS_ASSIGN(auto pending, store_.ToForward(upstream_));
    std::vector<Item> out;
    for (auto& [id, campaign] : pending) out.push_back({id, campaign, false});
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
  RelayStore& store_;
  std::string upstream_;
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
