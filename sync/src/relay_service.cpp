#include "staccs/sync/relay_service.h"

#include <algorithm>
#include <cstring>
#include <fstream>

#include "staccs/core/bundle_file.h"
#include "staccs/core/campaign_file.h"
#include "staccs/core/received_log.h"
#include "staccs/crypto/random.h"
#include "staccs/sync/pull_proof.h"

namespace staccs::sync {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxLacksIds = 10000;

// An upload is one file, `uploads/<id>.upload`: this header, then the bytes received. Every
// name comes from an IsHexId-checked id.
//   magic "STACCSUP" (8) | version u16 (1) | flags u16 (bit 0: a bundle id follows) |
//   Upload-Length u64 | bundle id the bytes must hash to (32, or zeros) | zeros to 64 bytes
constexpr char kUploadMagic[8] = {'S', 'T', 'A', 'C', 'C', 'S', 'U', 'P'};
constexpr std::size_t kUploadHeader = 64;
constexpr const char* kUploadExtension = ".upload";
// What a partial upload costs on disk: whole file-system blocks.
constexpr std::uint64_t kBlock = 4096;

std::uint64_t Charge(std::uint64_t received) { return (kUploadHeader + received + kBlock - 1) / kBlock * kBlock; }

Error Refused(ErrorCode code, std::string message) { return Error::BadInput(std::move(message)).With(code); }

Bytes UploadHeader(std::uint64_t length, const std::optional<std::string>& want) {
  Bytes h(kUploadMagic, kUploadMagic + 8);
  PutU16(h, 1);
  PutU16(h, want ? 1 : 0);
  PutU64(h, length);
  Bytes id = want ? FromHex(*want).value_or(Bytes(32, 0)) : Bytes(32, 0);
  Append(h, id);
  h.resize(kUploadHeader, 0);
  return h;
}

}  // namespace

bool IsHexId(std::string_view s, std::size_t length) {
  return s.size() == length &&
         std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// What the service knows of one partial upload, in memory; the file is the durable copy.
struct RelayService::Upload {
  std::uint64_t length = 0, offset = 0, charged = 0;
  std::optional<std::string> want;
  std::int64_t last_write_unix = 0;
  std::unique_ptr<platform::AppendOnlyFile> file;  // open while a request writes to it
};

Result<std::unique_ptr<RelayService>> RelayService::Open(const fs::path& dir, std::vector<core::Campaign> campaigns,
                                                         RelayLimits limits) {
  std::unique_ptr<RelayService> s(new RelayService());
  s->dir_ = dir;
  s->limits_ = limits;
  STACCS_ASSIGN(s->store_, RelayStore::Open(dir, std::move(campaigns), limits));
  STACCS_TRY(platform::CreateDirectoriesDurably(dir / "uploads"));
  STACCS_TRY(s->LoadUploads());
  return s;
}

RelayService::~RelayService() = default;

fs::path RelayService::UploadPath(std::string_view id) const {
  return dir_ / "uploads" / (std::string(id) + kUploadExtension);
}

// Partial uploads that survived a restart. A file that is not a well-formed upload (a crash
// while one was created leaves only a temporary name; older relays kept three files per
// upload) is removed: its client starts that upload again.
Status RelayService::LoadUploads() {
  std::error_code ec;
  std::vector<fs::path> stray;
  fs::directory_iterator it(dir_ / "uploads", ec), end;
  if (ec) return Error::Local((dir_ / "uploads").string() + ": cannot list: " + ec.message());
  for (; it != end; it.increment(ec)) {
    const fs::path path = it->path();
    const std::string id = path.stem().string();
    auto bytes = path.extension() == kUploadExtension && IsHexId(id, 32) ? platform::ReadFile(path, kUploadHeader + limits_.max_bundle_bytes)
                                                                         : Result<Bytes>(Error::Local("stray"));
    if (!bytes || bytes->size() < kUploadHeader || std::memcmp(bytes->data(), kUploadMagic, 8) != 0 ||
        GetU16(bytes->data() + 8) != 1) {
      stray.push_back(path);
      continue;
    }
    Upload u;
    u.length = GetU64(bytes->data() + 12);
    u.offset = bytes->size() - kUploadHeader;
    if (u.offset > u.length) {
      stray.push_back(path);
      continue;
    }
    if ((GetU16(bytes->data() + 10) & 1) != 0) u.want = ToHex(ByteView(*bytes).subspan(20, 32));
    u.charged = Charge(u.offset);
    const auto mtime = fs::last_write_time(path, ec);
    u.last_write_unix = ec ? platform::UnixTimeNow()
                           : std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::file_clock::to_sys(mtime).time_since_epoch()).count();
    partial_bytes_ += u.charged;
    uploads_.emplace(id, std::move(u));
  }
  if (ec) return Error::Local((dir_ / "uploads").string() + ": cannot list: " + ec.message());
  for (const auto& p : stray) fs::remove(p, ec);
  return {};
}

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
    if (ids.size() > kMaxLacksIds) return Refused(ErrorCode::kTooLarge, "more than 10,000 ids in one request");
    pos = nl + 1;
  }
  STACCS_ASSIGN(auto lacking, store_->Lacks(ids));
  std::string out;
  for (const auto& id : lacking) out += id + "\n";
  return out;
}

Status RelayService::CheckRoom(std::uint64_t more) const {
  std::uint64_t partial = 0;
  {
    std::lock_guard lock(uploads_mutex_);
    partial = partial_bytes_;
  }
  if (store_->bytes_stored() + partial + more > limits_.disk_quota_bytes)
    return Refused(ErrorCode::kQuotaFull, "relay storage quota is full");
  return {};
}

Status RelayService::CheckBundleStart(ByteView b) const {
  if (b.size() < kBundleHeaderPrefix) return {};
  if (std::memcmp(b.data(), core::kBundleMagic, 8) != 0) return Refused(ErrorCode::kRejected, "this is not a STACCS bundle");
  if (GetU16(b.data() + 8) != core::kBundleFormatVersion || GetU16(b.data() + 10) != 0)
    return Refused(ErrorCode::kRejected, "bundle format version " + std::to_string(GetU16(b.data() + 8)) + " is not supported");
  const std::string campaign = ToHex(b.subspan(12, 32));
  if (store_->Served(campaign) == nullptr)
    return Refused(ErrorCode::kRejected, "campaign " + campaign.substr(0, 12) + "… is not served by this relay");
  return {};
}

namespace {
Status CheckLength(std::uint64_t length, std::uint64_t max) {
  if (length > max) return Refused(ErrorCode::kTooLarge, "Upload-Length is over this relay's limit of " + std::to_string(max) + " bytes");
  if (!core::IsBundleBucket(static_cast<std::size_t>(length)))
    return Refused(ErrorCode::kRejected, "Upload-Length " + std::to_string(length) + " is not the size of a bundle");
  return {};
}
}  // namespace

Result<UploadState> RelayService::CreateUpload(const UploadRequest& request) {
  STACCS_TRY(CheckLength(request.length, limits_.max_bundle_bytes));
  if (request.bundle_id && !IsHexId(*request.bundle_id, 64))
    return Refused(ErrorCode::kRejected, "Staccs-Bundle-Id is not 64 lowercase hex digits");
  if (request.token && !IsHexId(*request.token, 32))
    return Refused(ErrorCode::kRejected, "Staccs-Upload-Token is not 32 lowercase hex digits");
  // Room for the whole upload now, so a client on a slow link is not refused at its end.
  STACCS_TRY(CheckRoom(request.length));
  std::lock_guard lock(uploads_mutex_);
  if (uploads_.size() >= limits_.max_partial_uploads)
    return Refused(ErrorCode::kQuotaFull, "too many uploads in progress here; try again later");
  UploadState state;
  state.id = request.token ? *request.token : crypto::RandomId();
  state.length = request.length;
  if (uploads_.count(state.id) != 0)
    return Refused(ErrorCode::kConflict, "upload exists: ask HEAD /v1/uploads/" + state.id + " for its offset");
  STACCS_TRY(platform::WriteFileAtomically(UploadPath(state.id), UploadHeader(request.length, request.bundle_id)));
  Upload u;
  u.length = request.length;
  u.want = request.bundle_id;
  u.charged = Charge(0);
  u.last_write_unix = platform::UnixTimeNow();
  partial_bytes_ += u.charged;
  uploads_.emplace(state.id, std::move(u));
  return state;
}

void RelayService::DropUpload(const std::string& id) {
  auto it = uploads_.find(id);
  if (it == uploads_.end()) return;
  partial_bytes_ -= it->second.charged;
  uploads_.erase(it);
  std::error_code ec;
  fs::remove(UploadPath(id), ec);
}

Status RelayService::AppendChunk(std::string_view id_view, std::uint64_t offset, ByteView bytes) {
  const std::string id(id_view);
  std::lock_guard lock(uploads_mutex_);
  auto it = uploads_.find(id);
  if (it == uploads_.end()) return Refused(ErrorCode::kNotFound, "no such upload (finished or expired?)");
  Upload& u = it->second;
  if (offset != u.offset)
    return Refused(ErrorCode::kConflict,
                   "Upload-Offset " + std::to_string(offset) + " is not the relay's " + std::to_string(u.offset));
  if (u.offset + bytes.size() > u.length) return Refused(ErrorCode::kConflict, "more bytes than Upload-Length");
  const std::uint64_t charge = Charge(u.offset + bytes.size());
  if (store_->bytes_stored() + partial_bytes_ - u.charged + charge > limits_.disk_quota_bytes)
    return Refused(ErrorCode::kQuotaFull, "relay storage quota is full");
  if (!u.file) { STACCS_ASSIGN(u.file, platform::AppendOnlyFile::Open(UploadPath(id))); }
  // The bundle's header decides at once whether it is for this relay: a stranger cannot park
  // bytes for a campaign nobody here serves.
  if (u.offset < kBundleHeaderPrefix && u.offset + bytes.size() >= kBundleHeaderPrefix) {
    Bytes start;
    if (u.offset > 0) { STACCS_ASSIGN(start, u.file->ReadAt(kUploadHeader, static_cast<std::size_t>(u.offset))); }
    Append(start, bytes.first(kBundleHeaderPrefix - start.size()));
    if (auto st = CheckBundleStart(start); !st) {
      ++uploads_refused_early_;
      DropUpload(id);
      return st;
    }
  }
  STACCS_TRY(u.file->Append(bytes));
  u.offset += bytes.size();
  partial_bytes_ += charge - u.charged;
  u.charged = charge;
  u.last_write_unix = platform::UnixTimeNow();
  return {};
}

Result<UploadState> RelayService::Settle(std::string_view id_view) {
  const std::string id(id_view);
  UploadState state;
  {
    std::lock_guard lock(uploads_mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end()) return Refused(ErrorCode::kNotFound, "no such upload (finished or expired?)");
    Upload& u = it->second;
    if (u.file) {
      STACCS_TRY(u.file->Sync());  // the offset reported from here on is on disk
      u.file.reset();
    }
    state.id = id;
    state.length = u.length;
    state.offset = u.offset;
  }
  if (state.offset == state.length) return Finish(std::move(state));
  return state;
}

Result<UploadState> RelayService::UploadStatus(std::string_view id_view) {
  if (!IsHexId(id_view, 32)) return Refused(ErrorCode::kNotFound, "no such upload");
  std::lock_guard lock(uploads_mutex_);
  auto it = uploads_.find(std::string(id_view));
  if (it == uploads_.end()) return Refused(ErrorCode::kNotFound, "no such upload (finished or expired?)");
  UploadState state;
  state.id = std::string(id_view);
  state.length = it->second.length;
  state.offset = it->second.offset;
  return state;
}

Status RelayService::RemoveUpload(std::string_view id) {
  std::lock_guard lock(uploads_mutex_);
  if (uploads_.count(std::string(id)) == 0) return Refused(ErrorCode::kNotFound, "no such upload");
  DropUpload(std::string(id));
  return {};
}

Result<std::size_t> RelayService::ExpireIdleUploads(std::int64_t now_unix) {
  std::vector<std::string> idle;
  {
    std::lock_guard lock(uploads_mutex_);
    for (const auto& [id, u] : uploads_)
      if (!u.file && now_unix - u.last_write_unix > limits_.partial_idle_seconds) idle.push_back(id);
  }
  std::size_t dropped = 0;
  for (const auto& id : idle) {
    // Not while a request holds it: that one is not idle.
    std::lock_guard locks(locks_mutex_);
    auto held = upload_locks_.find(id);
    if (held != upload_locks_.end() && held->second.use_count() > 1) continue;
    std::lock_guard lock(uploads_mutex_);
    auto it = uploads_.find(id);
    if (it == uploads_.end() || it->second.file || now_unix - it->second.last_write_unix <= limits_.partial_idle_seconds)
      continue;
    DropUpload(id);
    ++dropped;
  }
  uploads_expired_ += dropped;
  return dropped;
}

Result<UploadState> RelayService::StoreWhole(ByteView bundle, const UploadRequest& request) {
  STACCS_TRY(CheckLength(bundle.size(), limits_.max_bundle_bytes));
  const crypto::Hash32 id = crypto::Blake2b256(bundle);
  const std::string id_hex = ToHex(id);
  if (request.bundle_id && *request.bundle_id != id_hex)
    return Refused(ErrorCode::kRejected, "the uploaded bytes are not the bundle the upload was created for");
  STACCS_TRY(CheckRoom(bundle.size()));
  UploadState state;
  state.id = request.token ? *request.token : crypto::RandomId();
  state.length = state.offset = bundle.size();
  auto stored = StoreBundle(std::move(state), bundle, id);
  if (stored && request.token) {
    // A partial upload the same client left after a cut is not needed any more.
    std::lock_guard lock(uploads_mutex_);
    DropUpload(*request.token);
  }
  return stored;
}

Result<UploadState> RelayService::StoreBundle(UploadState state, ByteView bundle, const crypto::Hash32& id) {
  auto receipt = store_->Store(bundle, &id);
  if (!receipt) {
    ++refused_;
    return std::move(receipt).error();
  }
  ++stored_;
  state.receipt = std::move(receipt).value();
  state.bundle_id = ToHex(id);
  return state;
}

Result<UploadState> RelayService::KeepPartial(const UploadRequest& request, ByteView received) {
  if (!request.token) return Refused(ErrorCode::kRejected, "the body ended before Upload-Length bytes");
  STACCS_ASSIGN(UploadState state, CreateUpload(request));
  if (!received.empty()) STACCS_TRY(AppendChunk(state.id, 0, received));
  return Settle(state.id);
}

Result<UploadState> RelayService::Finish(UploadState state) {
  const fs::path path = UploadPath(state.id);
  STACCS_ASSIGN(Bytes file, platform::ReadFile(path, kUploadHeader + limits_.max_bundle_bytes));
  if (file.size() != kUploadHeader + state.length)
    return Error::Local("upload " + state.id + ": its file holds " + std::to_string(file.size()) + " bytes, not " +
                        std::to_string(kUploadHeader + state.length));
  const ByteView bundle = ByteView(file).subspan(kUploadHeader);
  const crypto::Hash32 id = crypto::Blake2b256(bundle);
  std::optional<std::string> want;
  {
    std::lock_guard lock(uploads_mutex_);
    auto it = uploads_.find(state.id);
    if (it != uploads_.end()) want = it->second.want;
  }
  const std::string upload_id = state.id;
  Result<UploadState> result = want && *want != ToHex(id)
      ? Result<UploadState>(Refused(ErrorCode::kRejected, "the uploaded bytes are not the bundle the upload was created for"))
      : StoreBundle(std::move(state), bundle, id);
  if (!result && result.error().kind == ErrorKind::kLocal) return result;  // keep it: try again later
  if (want && *want != ToHex(id)) ++refused_;
  // Stored (or refused) first, the upload removed after: a crash in between leaves an upload
  // the client can still ask about, never a lost one.
  std::lock_guard lock(uploads_mutex_);
  DropUpload(upload_id);
  return result;
}

Result<Bytes> RelayService::Receipt(std::string_view bundle_id) {
  if (!IsHexId(bundle_id, 64)) return Refused(ErrorCode::kNotFound, "not a bundle id");
  STACCS_ASSIGN(auto lacking, store_->Lacks({std::string(bundle_id)}));
  if (!lacking.empty()) return Refused(ErrorCode::kNotFound, "bundle not held by this relay");
  STACCS_ASSIGN(Bytes bundle, store_->Read(std::string(bundle_id)));
  return store_->Store(bundle);  // already held: returns the receipt with its first time
}

Status RelayService::Authorize(std::string_view campaign_id, std::string_view proof_hex, const std::string& method,
                               const std::string& path) {
  const core::Campaign* campaign = store_->Served(std::string(campaign_id));
  if (campaign == nullptr) return Refused(ErrorCode::kNotFound, "campaign not served by this relay");
  auto raw = FromHex(proof_hex);
  if (proof_hex.empty() || !raw) return Refused(ErrorCode::kUnauthorized, "a pull needs Staccs-Pull-Proof");
  auto proof = ParsePullProof(*raw, *campaign);
  if (!proof) return std::move(proof).error().With(ErrorCode::kUnauthorized);
  if (auto ok = CheckPullProof(*proof, store_->receipt_key(), method, path, {}, platform::UnixTimeNow()); !ok)
    return std::move(ok).error().With(ErrorCode::kUnauthorized);
  STACCS_ASSIGN(bool fresh, store_->UseNonce(proof->nonce, proof->time_unix));
  if (!fresh) return Refused(ErrorCode::kUnauthorized, "pull proof: replayed (its nonce was used before)");
  return {};
}

Result<std::string> RelayService::PullList(std::string_view campaign_id, std::int64_t after, std::string_view proof_hex,
                                           const std::string& path) {
  STACCS_TRY(Authorize(campaign_id, proof_hex, "GET", path));
  STACCS_ASSIGN(auto list, store_->ListForCampaign(std::string(campaign_id), after, 500));
  std::string out;
  for (const auto& [cursor, id] : list) out += std::to_string(cursor) + " " + id + "\n";
  return out;
}

Result<Bytes> RelayService::PullBundle(std::string_view campaign_id, std::string_view bundle_id,
                                       std::string_view proof_hex, const std::string& path) {
  STACCS_TRY(Authorize(campaign_id, proof_hex, "GET", path));
  STACCS_ASSIGN(auto lacking, store_->Lacks({std::string(bundle_id)}));
  if (!lacking.empty()) return Refused(ErrorCode::kNotFound, "bundle not held by this relay");
  STACCS_ASSIGN(Bytes bytes, store_->Read(std::string(bundle_id)));
  STACCS_ASSIGN(core::BundleEnvelope env, core::ParseBundleEnvelope(bytes));
  if (ToHex(env.campaign_id) != campaign_id) return Refused(ErrorCode::kNotFound, "bundle not in this campaign");
  return bytes;
}

Status RelayService::PutReceivedLog(std::string_view campaign_id, ByteView file) {
  if (store_->Served(std::string(campaign_id)) == nullptr)
    return Refused(ErrorCode::kNotFound, "campaign not served by this relay");
  auto header = core::ParseReceivedLogHeader(file);
  if (!header) return std::move(header).error().With(ErrorCode::kRejected);
  if (ToHex(header->campaign_id) != campaign_id) return Refused(ErrorCode::kRejected, "received-log is for another campaign");
  auto st = store_->OfferReceivedLog(file);
  if (!st && st.error().kind != ErrorKind::kLocal) return std::move(st).error().With(ErrorCode::kRejected);
  return st;
}

Result<Bytes> RelayService::GetReceivedLog(std::string_view campaign_id) {
  STACCS_ASSIGN(auto file, store_->ReceivedLogFile(std::string(campaign_id)));
  if (!file) return Refused(ErrorCode::kNotFound, "no received-log for this campaign");
  return std::move(*file);
}

Status RelayService::PutCampaignFile(std::string_view campaign_id, ByteView file) {
  if (store_->Served(std::string(campaign_id)) == nullptr)
    return Refused(ErrorCode::kNotFound, "campaign not served by this relay");
  auto parsed = core::ParseCampaignFile(file);
  if (!parsed) return std::move(parsed).error().With(ErrorCode::kRejected);
  if (parsed->id_hex() != campaign_id) return Refused(ErrorCode::kRejected, "the campaign file is for another campaign");
  STACCS_ASSIGN(auto offer, store_->OfferCampaignFile(file));
  if (offer == RelayStore::CampaignOffer::kOlder)
    return Refused(ErrorCode::kConflict, "this relay holds a later sequence than " + std::to_string(parsed->sequence));
  return {};
}

Result<Bytes> RelayService::GetCampaignFile(std::string_view campaign_id) {
  STACCS_ASSIGN(auto file, store_->CampaignFile(std::string(campaign_id)));
  if (!file) return Refused(ErrorCode::kNotFound, "no campaign file for this campaign");
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
  std::size_t partial_count = 0;
  std::uint64_t partial_bytes = 0;
  {
    std::lock_guard lock(uploads_mutex_);
    partial_count = uploads_.size();
    partial_bytes = partial_bytes_;
  }
  std::string m;
  auto metric = [&](const char* name, const char* type, const char* help, std::uint64_t v) {
    m += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name + " " +
         std::to_string(v) + "\n";
  };
  metric("staccs_relay_bundles_stored_total", "counter", "Bundles stored and receipted since start.", stored_.load());
  metric("staccs_relay_bundles_refused_total", "counter", "Completed uploads refused (foreign campaign, malformed, quota).",
         refused_.load());
  metric("staccs_relay_uploads_refused_early_total", "counter",
         "Partial uploads dropped because their first bytes were not a bundle for a served campaign.",
         uploads_refused_early_.load());
  metric("staccs_relay_uploads_expired_total", "counter", "Partial uploads dropped after being idle too long.",
         uploads_expired_.load());
  metric("staccs_relay_partial_uploads", "gauge", "Partial uploads held now.", partial_count);
  metric("staccs_relay_partial_upload_bytes", "gauge", "Disk charged to partial uploads against the quota.", partial_bytes);
  metric("staccs_relay_commit_batches_total", "counter", "Group commits (one flush of the segment and one of the index each).",
         store_->commit_batches());
  metric("staccs_relay_segment_bytes", "gauge", "Bytes in the relay's segment log.", store_->bytes_stored());
  m += "# HELP staccs_relay_requests_total HTTP requests answered, by status class.\n";
  m += "# TYPE staccs_relay_requests_total counter\n";
  m += "staccs_relay_requests_total{class=\"2xx\"} " + std::to_string(requests_2xx_.load()) + "\n";
  m += "staccs_relay_requests_total{class=\"4xx\"} " + std::to_string(requests_4xx_.load()) + "\n";
  m += "staccs_relay_requests_total{class=\"5xx\"} " + std::to_string(requests_5xx_.load()) + "\n";
  return m;
}

}  // namespace staccs::sync
