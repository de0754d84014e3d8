// What a relay does, without sockets (docs/RELAY_API.md): the HTTP layer parses a request,
// calls one method here and maps the error's code to a status (one table, in
// relay_http_server.cpp). Thread-safe.
//
// Uploads follow tus 1.0 (core, creation, creation-with-upload, termination): an upload is
// created with its final length, bytes are appended at the offset the relay reports, and a
// partial upload survives a restart (its bytes are flushed before the offset is reported).
// When the last byte arrives the bundle goes to the RelayStore and the upload answers with
// the receipt.
//
// An upload's id (its URL) is a capability: either random, or the token the uploader derived
// from a secret of its own (UploadTokenFor in relay_sync.h), so that a client whose creation
// request was cut before the answer came back still knows where to resume — and nobody who
// merely holds the bundle's bytes (a stick's finder, a carrier) can find, probe, spoil or
// pre-empt it. Partial uploads count against the disk quota, are refused as soon as their
// first bytes name a campaign the relay does not serve, and expire when idle.
#pragma once

#include <atomic>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/platform.h"
#include "staccs/sync/relay_store.h"

namespace staccs::sync {

struct UploadState {
  std::string id;        // 32 hex
  std::uint64_t length = 0;
  std::uint64_t offset = 0;
  Bytes receipt;         // set once complete and stored
  std::string bundle_id;
};

// How a creation request names its upload.
struct UploadRequest {
  std::uint64_t length = 0;                // Upload-Length
  std::optional<std::string> token;        // Staccs-Upload-Token (32 hex): the upload's id
  std::optional<std::string> bundle_id;    // Staccs-Bundle-Id (64 hex): the bytes must hash to it
};

class RelayService {
 public:
  static Result<std::unique_ptr<RelayService>> Open(const std::filesystem::path& dir,
                                                    std::vector<core::Campaign> campaigns, RelayLimits limits = {});
  ~RelayService();

  std::uint64_t max_upload() const { return limits_.max_bundle_bytes; }
  const RelayLimits& limits() const { return limits_; }
  const crypto::SigningPublicKey& receipt_key() const { return store_->receipt_key(); }
  RelayStore& store() { return *store_; }

  // "Which of these do you lack": newline-separated lowercase hex ids in, the same out.
  Result<std::string> Lacks(std::string_view body);

  // Errors carry codes: kTooLarge (over the bundle limit), kRejected (not a bundle size, not
  // a bundle, a campaign not served, not the bundle named), kConflict (an upload of that id
  // exists; a wrong offset; more bytes than Upload-Length), kNotFound, kQuotaFull.
  Result<UploadState> CreateUpload(const UploadRequest& request);
  // Appends bytes as they arrive (`offset`: where they start). Once the first 44 bytes are in,
  // they must be a bundle header for a served campaign, or the upload is dropped (kRejected).
  // Not flushed: Settle does that.
  Status AppendChunk(std::string_view id, std::uint64_t offset, ByteView bytes);
  // Flushes what arrived and reports the offset; a complete upload is stored and receipted.
  Result<UploadState> Settle(std::string_view id);
  Result<UploadState> UploadStatus(std::string_view id);
  // tus termination: the uploader gives up; its bytes are removed.
  Status RemoveUpload(std::string_view id);
  // The common case on a link that holds: a creation request whose body is the whole bundle.
  // It is stored straight from memory (one group commit, no upload file); an earlier partial
  // upload under the same token is dropped.
  Result<UploadState> StoreWhole(ByteView bundle, const UploadRequest& request);
  // Such a request cut short: what arrived becomes a resumable upload, as if it had been
  // created and appended to (only with a token: otherwise the client cannot find it again).
  Result<UploadState> KeepPartial(const UploadRequest& request, ByteView received);
  // The first bytes of an upload: a bundle header (magic, version) naming a served campaign.
  // Fewer than kBundleHeaderPrefix bytes pass (there is nothing to judge yet).
  Status CheckBundleStart(ByteView first_bytes) const;
  static constexpr std::size_t kBundleHeaderPrefix = 44;
  // Removes partial uploads nobody has written to for limits().partial_idle_seconds.
  Result<std::size_t> ExpireIdleUploads(std::int64_t now_unix);

  // Held by whoever is receiving into or reporting on one upload: after a cut, the answer to
  // the client's next HEAD waits until the request that was cut has kept all it received, so
  // the offset it reports is final and the resumed PATCH does not collide with it.
  struct UploadLock {
    std::shared_ptr<std::mutex> mutex;  // kept alive for as long as it is held
    std::unique_lock<std::mutex> lock;
  };
  UploadLock LockUpload(std::string_view id);
  // The receipt for a held bundle, if any.
  Result<Bytes> Receipt(std::string_view bundle_id);
  std::string Metrics() const;

  // Secretariat pulls, each authorised by a pull proof (pull_proof.h) over this very request.
  Result<std::string> PullList(std::string_view campaign_id, std::int64_t after, std::string_view proof_hex,
                               const std::string& path);
  Result<Bytes> PullBundle(std::string_view campaign_id, std::string_view bundle_id, std::string_view proof_hex,
                           const std::string& path);
  // The received-log: anyone may fetch it; the secretariat publishes it (it carries its own
  // signature, so no proof is needed to put it).
  Status PutReceivedLog(std::string_view campaign_id, ByteView file);
  Result<Bytes> GetReceivedLog(std::string_view campaign_id);
  // Campaign updates (SPEC §2): anyone may put a newer file, since the campaign's key signs it
  // (an older one is kConflict, naming the sequence held); anyone may fetch the latest.
  Status PutCampaignFile(std::string_view campaign_id, ByteView file);
  Result<Bytes> GetCampaignFile(std::string_view campaign_id);
  void CountRequest(int status);

 private:
  RelayService() = default;
  Result<UploadState> Finish(UploadState state);
  // Where every upload ends: the bundle goes to the store, and its receipt or the reason it
  // was refused is counted and returned.
  Result<UploadState> StoreBundle(UploadState state, ByteView bundle, const crypto::Hash32& id);
  std::filesystem::path UploadPath(std::string_view id) const;
  Status Authorize(std::string_view campaign_id, std::string_view proof_hex, const std::string& method,
                   const std::string& path);
  // Room for `more` bytes on disk: the segment log, partial uploads and these.
  Status CheckRoom(std::uint64_t more) const;
  // Forgets an upload: its file, open handle and quota charge (uploads_mutex_ held).
  void DropUpload(const std::string& id);
  Status LoadUploads();

  std::filesystem::path dir_;
  RelayLimits limits_;
  std::unique_ptr<RelayStore> store_;
  // Partial uploads by id, each charged against the quota for its file's size rounded up to
  // whole blocks.
  struct Upload;
  mutable std::mutex uploads_mutex_;
  std::map<std::string, Upload> uploads_;
  std::uint64_t partial_bytes_ = 0;
  std::mutex locks_mutex_;
  std::map<std::string, std::shared_ptr<std::mutex>> upload_locks_;
  std::atomic<std::uint64_t> stored_{0}, refused_{0}, uploads_expired_{0}, uploads_refused_early_{0};
  std::atomic<std::uint64_t> requests_2xx_{0}, requests_4xx_{0}, requests_5xx_{0};
};

// True for 32 lowercase hex characters (upload ids) or 64 (bundle ids): nothing else reaches
// a file name.
bool IsHexId(std::string_view s, std::size_t length);

}  // namespace staccs::sync
