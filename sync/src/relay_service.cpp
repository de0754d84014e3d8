#include "staccs/sync/relay_service.h"

#include <algorithm>
#include <fstream>

#include "staccs/core/bundle_file.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/pull_proof.h"

namespace staccs::sync {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kMaxLacksIds = 10000;

Error Refuse(RelayRefusal& refusal, RelayRefusal why, std::string message) {
  refusal = why;
  return Error::BadInput(std::move(message));
}
}  // namespace

bool IsHexId(std::string_view s, std::size_t length) {
  return s.size() == length &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Result<std::unique_ptr<RelayService>> RelayService::Open(const fs::path& dir, std::vector<core::Campaign> campaigns,
                                                         RelayLimits limits) {
  std::unique_ptr<RelayService> s(new RelayService());
  s->dir_ = dir;
  s->limits_ = limits;
  STACCS_ASSIGN(s->store_, RelayStore::Open(dir, std::move(campaigns), limits));
  STACCS_TRY(platform::CreateDirectoriesDurably(dir / "uploads", platform::FolderAccess::kPrivate));
  return s;
}

fs::path RelayService::PartPath(std::string_view id) const { return dir_ / "uploads" / (std::string(id) + ".part"); }

Result<std::string> RelayService::Lacks(std::string_view body) {
  std::vector<std::string> ids;
  for (std::size_t pos = 0; pos < body.size();) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) nl = body.size();
    std::string_view line = body.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) {
      if (!IsHexId(line, 64)) return Error::BadInput("not a bundle id: '" + std::string(line.substr(0, 70)) + "'");
      ids.emplace_back(line);
    }
    if (ids.size() > kMaxLacksIds) return Error::BadInput("more than 10,000 ids in one request");
    pos = nl + 1;
  }
  STACCS_ASSIGN(auto lacking, store_->Lacks(ids));
  std::string out;
  for (const auto& id : lacking) out += id + "\n";
  return out;
}

// Upload bookkeeping lives in files: `<id>.part` holds the bytes received, `<id>.len` the
// final length and, optionally, `<id>.want` the bundle id the bytes must hash to. Every name
// comes from an IsHexId-checked id.
Result<UploadState> RelayService::CreateUpload(std::uint64_t length, const std::optional<std::string>& bundle_id,
                                               RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  if (length > limits_.max_bundle_bytes)
    return Refuse(refusal, RelayRefusal::kTooLarge, "Upload-Length is over this relay's limit");
  if (bundle_id && !IsHexId(*bundle_id, 64)) return Refuse(refusal, RelayRefusal::kConflict, "Staccs-Bundle-Id is malformed");
  std::lock_guard lock(uploads_mutex_);
  UploadState state;
  state.id = bundle_id ? bundle_id->substr(0, 32) : crypto::RandomId();
  state.length = length;
  std::error_code ec;
  if (fs::exists(PartPath(state.id), ec))
    return Refuse(refusal, RelayRefusal::kConflict, "upload exists: ask HEAD /v1/uploads/" + state.id + " for its offset");
  if (bundle_id) STACCS_TRY(platform::WriteFileAtomically(dir_ / "uploads" / (state.id + ".want"), AsBytes(*bundle_id)));
  std::string len_text = std::to_string(length);
  STACCS_TRY(platform::WriteFileAtomically(dir_ / "uploads" / (state.id + ".len"), AsBytes(len_text)));
  STACCS_TRY(platform::WriteFileAtomically(PartPath(state.id), {}));
  return state;
}

Status RelayService::AppendChunk(std::string_view id, std::uint64_t offset, ByteView bytes, RelayRefusal& refusal) {
  std::lock_guard lock(uploads_mutex_);
  STACCS_ASSIGN(UploadState state, UploadStatus(id, refusal));
  if (offset != state.offset)
    return Refuse(refusal, RelayRefusal::kConflict,
                  "Upload-Offset " + std::to_string(offset) + " is not the relay's " + std::to_string(state.offset));
  if (state.offset + bytes.size() > state.length)
    return Refuse(refusal, RelayRefusal::kConflict, "more bytes than Upload-Length");
  STACCS_ASSIGN(auto part, platform::AppendOnlyFile::Open(PartPath(id)));
  STACCS_TRY(part->Append(bytes));
  return {};
}

Result<UploadState> RelayService::Settle(std::string_view id, RelayRefusal& refusal) {
  std::lock_guard lock(uploads_mutex_);
  STACCS_ASSIGN(UploadState state, UploadStatus(id, refusal));
  STACCS_ASSIGN(auto part, platform::AppendOnlyFile::Open(PartPath(id)));
  STACCS_TRY(part->Sync());  // the offset reported from here on is on disk
  if (state.offset == state.length) return Finish(std::move(state), refusal);
  return state;
}

Result<UploadState> RelayService::StoreWhole(ByteView bundle, const std::optional<std::string>& bundle_id,
                                              RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  if (bundle.size() > limits_.max_bundle_bytes)
    return Refuse(refusal, RelayRefusal::kTooLarge, "Upload-Length is over this relay's limit");
  const crypto::Hash32 id = crypto::Blake2b256(bundle);
  const std::string id_hex = ToHex(id);
  if (bundle_id && *bundle_id != id_hex)
    return Refuse(refusal, RelayRefusal::kUnprocessable, "the uploaded bytes are not the bundle the upload was created for");
  UploadState state;
  state.id = bundle_id ? UploadIdFor(*bundle_id) : crypto::RandomId();
  state.length = state.offset = bundle.size();
  std::error_code ec;
  if (bundle_id && fs::exists(PartPath(state.id), ec))
    return Refuse(refusal, RelayRefusal::kConflict, "upload exists: ask HEAD /v1/uploads/" + state.id + " for its offset");
  return StoreBundle(std::move(state), bundle, id, refusal);
}

Result<UploadState> RelayService::StoreBundle(UploadState state, ByteView bundle, const crypto::Hash32& id,
                                              RelayRefusal& refusal) {
  auto receipt = store_->Store(bundle, &id);
  if (!receipt) {
    ++refused_;
    refusal = receipt.error().message.find("quota") != std::string::npos ? RelayRefusal::kFull
                                                                          : RelayRefusal::kUnprocessable;
    return std::move(receipt).error();
  }
  ++stored_;
  state.receipt = std::move(receipt).value();
  state.bundle_id = ToHex(id);
  return state;
}

Result<UploadState> RelayService::KeepPartial(std::uint64_t length, const std::string& bundle_id, ByteView received,
                                              RelayRefusal& refusal) {
  STACCS_ASSIGN(UploadState state, CreateUpload(length, bundle_id, refusal));
  if (!received.empty()) STACCS_TRY(AppendChunk(state.id, 0, received, refusal));
  return Settle(state.id, refusal);
}

Result<UploadState> RelayService::UploadStatus(std::string_view id, RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  if (!IsHexId(id, 32)) return Refuse(refusal, RelayRefusal::kNotFound, "no such upload");
  auto len = platform::ReadFile(dir_ / "uploads" / (std::string(id) + ".len"), 32);
  if (!len) return Refuse(refusal, RelayRefusal::kNotFound, "no such upload (finished or expired?)");
  UploadState state;
  state.id = std::string(id);
  try {
    state.length = std::stoull(std::string(len->begin(), len->end()));
  } catch (const std::exception&) {
    return Error::Local("upload " + state.id + ": length file is damaged");
  }
  std::error_code ec;
  state.offset = fs::file_size(PartPath(id), ec);
  if (ec) return Refuse(refusal, RelayRefusal::kNotFound, "no such upload");
  return state;
}

Result<UploadState> RelayService::Finish(UploadState state, RelayRefusal& refusal) {
  STACCS_ASSIGN(Bytes bundle, platform::ReadFile(PartPath(state.id), limits_.max_bundle_bytes + 1));
  const crypto::Hash32 id = crypto::Blake2b256(bundle);
  const std::string upload_id = state.id;
  auto want = platform::ReadFile(dir_ / "uploads" / (upload_id + ".want"), 64);
  const bool not_wanted = want && std::string(want->begin(), want->end()) != ToHex(id);
  if (not_wanted) ++refused_;
  // Stored (or refused) first, the upload's files removed after: a crash in between leaves an
  // upload the client can still ask about, never a lost one.
  auto result = not_wanted ? Result<UploadState>(Refuse(refusal, RelayRefusal::kUnprocessable,
                                                        "the uploaded bytes are not the bundle the upload was created for"))
                           : StoreBundle(std::move(state), bundle, id, refusal);
  std::error_code ec;
  for (const char* ext : {".part", ".len", ".want"}) fs::remove(dir_ / "uploads" / (upload_id + ext), ec);
  return result;
}

Result<Bytes> RelayService::Receipt(std::string_view bundle_id, RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  if (!IsHexId(bundle_id, 64)) return Refuse(refusal, RelayRefusal::kNotFound, "not a bundle id");
  STACCS_ASSIGN(auto lacking, store_->Lacks({std::string(bundle_id)}));
  if (!lacking.empty()) return Refuse(refusal, RelayRefusal::kNotFound, "bundle not held by this relay");
  STACCS_ASSIGN(Bytes bundle, store_->Read(std::string(bundle_id)));
  return store_->Store(bundle);  // already held: returns the receipt with its first time
}

Status RelayService::Authorize(std::string_view campaign_id, std::string_view proof_hex, const std::string& method,
                               const std::string& path, RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  const core::Campaign* campaign = store_->Served(std::string(campaign_id));
  if (campaign == nullptr) return Refuse(refusal, RelayRefusal::kNotFound, "campaign not served by this relay");
  auto raw = FromHex(proof_hex);
  if (proof_hex.empty() || !raw) return Refuse(refusal, RelayRefusal::kUnauthorized, "a pull needs Staccs-Pull-Proof");
  auto proof = ParsePullProof(*raw, *campaign);
  if (!proof) return Refuse(refusal, RelayRefusal::kUnauthorized, proof.error().message);
  if (auto ok = CheckPullProof(*proof, store_->receipt_key(), method, path, {}, platform::UnixTimeNow()); !ok)
    return Refuse(refusal, RelayRefusal::kUnauthorized, ok.error().message);
  STACCS_ASSIGN(bool fresh, store_->UseNonce(proof->nonce, proof->time_unix));
  if (!fresh) return Refuse(refusal, RelayRefusal::kUnauthorized, "pull proof: replayed (its nonce was used before)");
  return {};
}

Result<std::string> RelayService::PullList(std::string_view campaign_id, std::int64_t after, std::string_view proof_hex,
                                           const std::string& path, RelayRefusal& refusal) {
  STACCS_TRY(Authorize(campaign_id, proof_hex, "GET", path, refusal));
  STACCS_ASSIGN(auto list, store_->ListForCampaign(std::string(campaign_id), after, 500));
  std::string out;
  for (const auto& [cursor, id] : list) out += std::to_string(cursor) + " " + id + "\n";
  return out;
}

Result<Bytes> RelayService::PullBundle(std::string_view campaign_id, std::string_view bundle_id,
                                       std::string_view proof_hex, const std::string& path, RelayRefusal& refusal) {
  STACCS_TRY(Authorize(campaign_id, proof_hex, "GET", path, refusal));
  STACCS_ASSIGN(auto lacking, store_->Lacks({std::string(bundle_id)}));
  if (!lacking.empty()) return Refuse(refusal, RelayRefusal::kNotFound, "bundle not held by this relay");
  STACCS_ASSIGN(Bytes bytes, store_->Read(std::string(bundle_id)));
  STACCS_ASSIGN(core::BundleEnvelope env, core::ParseBundleEnvelope(bytes));
  if (ToHex(env.campaign_id) != campaign_id) return Refuse(refusal, RelayRefusal::kNotFound, "bundle not in this campaign");
  return bytes;
}

Status RelayService::PutReceivedLog(std::string_view campaign_id, ByteView file, RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  if (store_->Served(std::string(campaign_id)) == nullptr)
    return Refuse(refusal, RelayRefusal::kNotFound, "campaign not served by this relay");
  if (file.size() < 44 || ToHex(file.subspan(12, 32)) != campaign_id)
    return Refuse(refusal, RelayRefusal::kUnprocessable, "received-log is for another campaign");
  auto st = store_->OfferReceivedLog(file);
  if (!st) return Refuse(refusal, RelayRefusal::kUnprocessable, st.error().message);
  return {};
}

Result<Bytes> RelayService::GetReceivedLog(std::string_view campaign_id, RelayRefusal& refusal) {
  refusal = RelayRefusal::kNone;
  STACCS_ASSIGN(auto file, store_->ReceivedLogFile(std::string(campaign_id)));
  if (!file) return Refuse(refusal, RelayRefusal::kNotFound, "no received-log for this campaign");
  return std::move(*file);
}

RelayService::UploadLock RelayService::LockUpload(std::string_view id) {
  UploadLock held;
  {
    std::lock_guard lock(locks_mutex_);
    // Forget locks nobody holds or waits for (finished uploads), so the map stays small.
    for (auto it = upload_locks_.begin(); it != upload_locks_.end();)
      it = it->second.use_count() == 1 ? upload_locks_.erase(it) : std::next(it);
    auto& slot = upload_locks_[std::string(id)];
    if (!slot) slot = std::make_shared<std::mutex>();
    held.mutex = slot;
  }
  held.lock = std::unique_lock<std::mutex>(*held.mutex);
  return held;
}

void RelayService::CountRequest(int status) {
  if (status < 400) ++requests_2xx_;
  else if (status < 500) ++requests_4xx_;
  else ++requests_5xx_;
}

std::string RelayService::Metrics() const {
  std::string m;
  m += "# HELP staccs_relay_bundles_stored_total Bundles stored and receipted since start.\n";
  m += "# TYPE staccs_relay_bundles_stored_total counter\n";
  m += "staccs_relay_bundles_stored_total " + std::to_string(stored_.load()) + "\n";
  m += "# HELP staccs_relay_bundles_refused_total Completed uploads refused (foreign campaign, malformed, quota).\n";
  m += "# TYPE staccs_relay_bundles_refused_total counter\n";
  m += "staccs_relay_bundles_refused_total " + std::to_string(refused_.load()) + "\n";
  m += "# HELP staccs_relay_commit_batches_total Group commits (one flush of the segment and one of the index each).\n";
  m += "# TYPE staccs_relay_commit_batches_total counter\n";
  m += "staccs_relay_commit_batches_total " + std::to_string(store_->commit_batches()) + "\n";
  m += "# HELP staccs_relay_segment_bytes Bytes in the relay's segment log.\n";
  m += "# TYPE staccs_relay_segment_bytes gauge\n";
  m += "staccs_relay_segment_bytes " + std::to_string(store_->bytes_stored()) + "\n";
  m += "# HELP staccs_relay_requests_total HTTP requests answered, by status class.\n";
  m += "# TYPE staccs_relay_requests_total counter\n";
  m += "staccs_relay_requests_total{class=\"2xx\"} " + std::to_string(requests_2xx_.load()) + "\n";
  m += "staccs_relay_requests_total{class=\"4xx\"} " + std::to_string(requests_4xx_.load()) + "\n";
  m += "staccs_relay_requests_total{class=\"5xx\"} " + std::to_string(requests_5xx_.load()) + "\n";
  return m;
}

}  // namespace staccs::sync
