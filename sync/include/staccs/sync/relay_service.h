// What a relay does, without sockets (docs/RELAY_API.md): the HTTP layer parses a request,
// calls one method here and maps the result to a status code. Thread-safe.
//
// Uploads follow tus 1.0 (core, creation, creation-with-upload): an upload is created with its
// final length, bytes are appended at the offset the relay reports, and a partial upload
// survives a restart (its bytes are flushed before the offset is reported). When the last
// byte arrives the bundle goes to the RelayStore and the upload answers with the receipt.
#pragma once

#include <atomic>
#include <map>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/sync/relay_store.h"

namespace staccs::sync {

// Why a relay refused something, for the status code.
enum class RelayRefusal { kNone, kNotFound, kConflict, kTooLarge, kUnprocessable, kFull, kUnauthorized };

struct UploadState {
  std::string id;        // 32 hex
  std::uint64_t length = 0;
  std::uint64_t offset = 0;
  Bytes receipt;         // set once complete and stored
  std::string bundle_id;
};

class RelayService {
 public:
  static Result<std::unique_ptr<RelayService>> Open(const std::filesystem::path& dir,
                                                    std::vector<core::Campaign> campaigns, RelayLimits limits = {});

  std::uint64_t max_upload() const { return limits_.max_bundle_bytes; }
  const crypto::SigningPublicKey& receipt_key() const { return store_->receipt_key(); }
  RelayStore& store() { return *store_; }

  // "Which of these do you lack": newline-separated lowercase hex ids in, the same out.
  Result<std::string> Lacks(std::string_view body);
  // Creates an upload of `length` bytes. With `bundle_id` (the bundle the client says it will
  // send) the upload's id is its first 32 hex characters, so a client whose creation request
  // was cut can find its upload again; the finished bytes must then hash to that bundle id.
  Result<UploadState> CreateUpload(std::uint64_t length, const std::optional<std::string>& bundle_id,
                                   RelayRefusal& refusal);
  // Appends bytes as they arrive (`offset`: where they start). A connection cut mid-body keeps
  // what arrived. Not flushed: Settle does that.
  Status AppendChunk(std::string_view id, std::uint64_t offset, ByteView bytes, RelayRefusal& refusal);
  // Flushes what arrived and reports the offset; a complete upload is stored and receipted.
  Result<UploadState> Settle(std::string_view id, RelayRefusal& refusal);
  Result<UploadState> UploadStatus(std::string_view id, RelayRefusal& refusal);
  // The common case on a link that holds: a creation request whose body is the whole bundle.
  // It is stored straight from memory (one group commit, no upload files). `upload_id` is
  // what CreateUpload would have named it.
  Result<UploadState> StoreWhole(ByteView bundle, const std::optional<std::string>& bundle_id, RelayRefusal& refusal);
  // Such a request cut short: what arrived becomes a resumable upload, as if it had been
  // created and appended to.
  Result<UploadState> KeepPartial(std::uint64_t length, const std::string& bundle_id, ByteView received,
                                  RelayRefusal& refusal);
  // The upload id a creation request gets when it names its bundle.
  static std::string UploadIdFor(const std::string& bundle_id) { return bundle_id.substr(0, 32); }
  // Held by whoever is receiving into or reporting on one upload: after a cut, the answer to
  // the client's next HEAD waits until the request that was cut has kept all it received, so
  // the offset it reports is final and the resumed PATCH does not collide with it.
  struct UploadLock {
    std::shared_ptr<std::mutex> mutex;  // kept alive for as long as it is held
    std::unique_lock<std::mutex> lock;
  };
  UploadLock LockUpload(std::string_view id);
  // The receipt for a held bundle, if any.
  Result<Bytes> Receipt(std::string_view bundle_id, RelayRefusal& refusal);
  std::string Metrics() const;

  // Secretariat pulls, each authorised by a pull proof (pull_proof.h) over this very request.
  Result<std::string> PullList(std::string_view campaign_id, std::int64_t after, std::string_view proof_hex,
                               const std::string& path, RelayRefusal& refusal);
  Result<Bytes> PullBundle(std::string_view campaign_id, std::string_view bundle_id, std::string_view proof_hex,
                           const std::string& path, RelayRefusal& refusal);
  // The received-log: anyone may fetch it; the secretariat publishes it (it carries its own
  // signature, so no proof is needed to put it).
  Status PutReceivedLog(std::string_view campaign_id, ByteView file, RelayRefusal& refusal);
  Result<Bytes> GetReceivedLog(std::string_view campaign_id, RelayRefusal& refusal);
  void CountRequest(int status);

 private:
  RelayService() = default;
  Result<UploadState> Finish(UploadState state, RelayRefusal& refusal);
  // Where every upload ends: the bundle goes to the store, and its receipt or the reason it
  // was refused is counted and returned.
  Result<UploadState> StoreBundle(UploadState state, ByteView bundle, const crypto::Hash32& id, RelayRefusal& refusal);
  std::filesystem::path PartPath(std::string_view id) const;
  Status Authorize(std::string_view campaign_id, std::string_view proof_hex, const std::string& method,
                   const std::string& path, RelayRefusal& refusal);

  std::filesystem::path dir_;
  RelayLimits limits_;
  std::unique_ptr<RelayStore> store_;
  std::mutex uploads_mutex_;  // one writer per upload at a time
  std::mutex locks_mutex_;
  std::map<std::string, std::shared_ptr<std::mutex>> upload_locks_;
  std::atomic<std::uint64_t> stored_{0}, refused_{0}, requests_2xx_{0}, requests_4xx_{0}, requests_5xx_{0};
};

// True for 32 lowercase hex characters (upload ids) or 64 (bundle ids): nothing else reaches
// a file name.
bool IsHexId(std::string_view s, std::size_t length);

}  // namespace staccs::sync
