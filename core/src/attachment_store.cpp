#include "staccs/core/attachment_store.h"

#include <nlohmann/json.hpp>

#include "json_text.h"

#include <cstring>
#include <memory>

#include "staccs/core/id_prefix.h"
#include "staccs/core/platform.h"
#include "staccs/core/text.h"
#include "staccs/crypto/random.h"

namespace staccs::core {

namespace {

using nlohmann::json;

std::string ChunkRow(const std::string& id, std::int64_t idx) { return id + "/" + std::to_string(idx); }

Bytes EncodeMeta(const AttachmentDescriptor& d, const std::vector<std::string>& removed,
                 const std::vector<std::string>& warnings) {
  return DumpJsonBytes(json{{"name", d.name}, {"media_type", d.media_type}, {"hash", ToHex(d.hash)},
                             {"removed", removed}, {"warnings", warnings}});
}

Result<AttachmentInfo> DecodeMeta(ByteView plain, std::uint64_t size) {
  json j = json::parse(plain.begin(), plain.end(), nullptr, false);
  if (j.is_discarded()) return Error::Local("stored attachment details are unreadable");
  AttachmentInfo info;
  info.descriptor.name = j.value("name", "");
  info.descriptor.media_type = j.value("media_type", "");
  info.descriptor.size = size;
  auto hash = FromHex(j.value("hash", ""));
  if (!hash || hash->size() != 32) return Error::Local("stored attachment hash is unreadable");
  std::copy(hash->begin(), hash->end(), info.descriptor.hash.begin());
  info.removed = j.value("removed", std::vector<std::string>{});
  info.warnings = j.value("warnings", std::vector<std::string>{});
  return info;
}

}  // namespace

Result<AttachmentInfo> AttachmentStore::Add(const std::string& draft_id, const std::filesystem::path& file,
                                            std::uint64_t limit) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return Error::Usage(file.string() + ": cannot read: " + ec.message());
  if (size > limit)
    return Error::BadInput(file.string() + ": " + std::to_string(size) +
                           " bytes is over the campaign's attachment limit of " + std::to_string(limit));
  STACCS_ASSIGN(Bytes bytes, platform::ReadFile(file, static_cast<std::size_t>(limit)));
  crypto::WipeOnExit wipe_bytes(bytes);
  MetadataReport report;
  auto stripped = StripMetadata(bytes, file.filename().string(), report);
  if (!stripped) return std::move(stripped).error().Within(file.string());
  crypto::WipeOnExit wipe_stripped(*stripped);  // the early returns below included

  AttachmentInfo info;
  info.id = crypto::RandomId();
  info.draft_id = draft_id;
  // File names are bytes on Linux; the name travels in the bundle as clean UTF-8, which the
  // secretariat's parser requires ("caf\xe9.txt" from a Latin-1 folder arrives as "caf\ufffd.txt").
  info.descriptor.name = ToCleanUtf8(file.filename().string());
  info.descriptor.media_type = report.media_type;
  info.descriptor.size = stripped->size();
  info.descriptor.hash = crypto::Blake2b256(*stripped);
  info.removed = report.removed;
  info.warnings = report.warnings;

  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  STACCS_ASSIGN(Statement row, kit_.db().Prepare(
      "INSERT INTO attachments(id, draft_id, added_at, size, sealed_meta) VALUES(?, ?, ?, ?, ?)"));
  row.Bind(1, info.id).Bind(2, draft_id).Bind(3, platform::UnixTimeNow())
      .Bind(4, static_cast<std::int64_t>(info.descriptor.size))
      .Bind(5, kit_.SealRow("attachments", info.id, EncodeMeta(info.descriptor, info.removed, info.warnings)));
  STACCS_TRY(row.Run());
  STACCS_ASSIGN(Statement chunk, kit_.db().Prepare(
      "INSERT INTO attachment_chunks(attachment_id, idx, sealed) VALUES(?, ?, ?)"));
  for (std::size_t at = 0, idx = 0; at < stripped->size(); at += kAttachmentChunk, ++idx) {
    const std::size_t len = std::min(kAttachmentChunk, stripped->size() - at);
    chunk.Bind(1, info.id).Bind(2, static_cast<std::int64_t>(idx))
        .Bind(3, kit_.SealRow("attachment_chunks", ChunkRow(info.id, static_cast<std::int64_t>(idx)),
                              ByteView(*stripped).subspan(at, len)));
    STACCS_TRY(chunk.Run());
  }
  STACCS_TRY(tx.Commit());
  return info;
}

Result<std::vector<AttachmentInfo>> AttachmentStore::ForDraft(const std::string& draft_id) {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "SELECT id, size, sealed_meta FROM attachments WHERE draft_id = ? ORDER BY added_at, id"));
  st.Bind(1, draft_id);
  std::vector<AttachmentInfo> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    const std::string id = st.ColumnText(0);
    STACCS_ASSIGN(crypto::WipedBytes meta, kit_.OpenRow("attachments", id, st.ColumnBlob(2)));
    STACCS_ASSIGN(AttachmentInfo info, DecodeMeta(meta, static_cast<std::uint64_t>(st.ColumnInt(1))));
    info.id = id;
    info.draft_id = draft_id;
    out.push_back(std::move(info));
  }
  return out;
}

Status AttachmentStore::Remove(std::string_view prefix) {
  STACCS_ASSIGN(std::string id, ResolveIdPrefix(kit_.db(), "attachments", prefix, "attachment"));
  STACCS_ASSIGN(auto tx, Transaction::Begin(kit_.db()));
  STACCS_ASSIGN(Statement chunks, kit_.db().Prepare("DELETE FROM attachment_chunks WHERE attachment_id = ?"));
  chunks.Bind(1, id);
  STACCS_TRY(chunks.Run());
  STACCS_ASSIGN(Statement row, kit_.db().Prepare("DELETE FROM attachments WHERE id = ?"));
  row.Bind(1, id);
  STACCS_TRY(row.Run());
  return tx.Commit();
}

AttachmentReader AttachmentStore::Reader(const std::string& attachment_id) {
  // One decrypted chunk at a time; wiped as soon as it is used up, and when the reader goes.
  struct State {
    std::int64_t next = 0;
    crypto::WipedBytes chunk;
    std::size_t pos = 0;
  };
  auto state = std::make_shared<State>();
  Kit* kit = &kit_;
  return [kit, state, attachment_id](std::uint8_t* out, std::size_t n) -> Status {
    while (n > 0) {
      if (state->pos == state->chunk.size()) {
        state->chunk = crypto::WipedBytes();  // frees, so wipes, the used-up chunk
        STACCS_ASSIGN(Statement st, kit->db().Prepare(
            "SELECT sealed FROM attachment_chunks WHERE attachment_id = ? AND idx = ?"));
        st.Bind(1, attachment_id).Bind(2, state->next);
        STACCS_ASSIGN(bool row, st.Step());
        if (!row) return Error::Local("attachment " + attachment_id.substr(0, 8) + " is missing a part");
        STACCS_ASSIGN(state->chunk, kit->OpenRow("attachment_chunks", ChunkRow(attachment_id, state->next), st.ColumnBlob(0)));
        ++state->next;
        state->pos = 0;
      }
      const std::size_t take = std::min(n, state->chunk.size() - state->pos);
      std::memcpy(out, state->chunk.data() + state->pos, take);
      state->pos += take;
      out += take;
      n -= take;
    }
    return {};
  };
}

Status ReceivedAttachmentSink::Begin(std::size_t index, const AttachmentDescriptor& d) {
  index_ = index;
  chunk_ = 0;
  pending_.clear();
  const std::string row_id = bundle_id_ + "/" + std::to_string(index);
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "INSERT INTO received_attachments(bundle_id, idx, size, sealed_meta) VALUES(?, ?, ?, ?)"));
  st.Bind(1, bundle_id_).Bind(2, static_cast<std::int64_t>(index)).Bind(3, static_cast<std::int64_t>(d.size))
      .Bind(4, kit_.SealRow("received_attachments", row_id, EncodeMeta(d, {}, {})));
  return st.Run();
}

Status ReceivedAttachmentSink::FlushChunk() {
  STACCS_ASSIGN(Statement st, kit_.db().Prepare(
      "INSERT INTO received_attachment_chunks(bundle_id, attachment_idx, idx, sealed) VALUES(?, ?, ?, ?)"));
  const std::string row_id = bundle_id_ + "/" + std::to_string(index_) + "/" + std::to_string(chunk_);
  st.Bind(1, bundle_id_).Bind(2, static_cast<std::int64_t>(index_)).Bind(3, chunk_)
      .Bind(4, kit_.SealRow("received_attachment_chunks", row_id, pending_));
  pending_ = crypto::WipedBytes();  // frees, so wipes, the sealed chunk's clear bytes
  ++chunk_;
  return st.Run();
}

Status ReceivedAttachmentSink::Write(ByteView bytes) {
  while (!bytes.empty()) {
    const std::size_t take = std::min(kAttachmentChunk - pending_.size(), bytes.size());
    if (pending_.capacity() < kAttachmentChunk) pending_.reserve(kAttachmentChunk);  // one buffer a chunk
    const ByteView part = bytes.first(take);
    pending_.insert(pending_.end(), part.begin(), part.end());
    bytes = bytes.subspan(take);
    if (pending_.size() == kAttachmentChunk) STACCS_TRY(FlushChunk());
  }
  return {};
}

Status ReceivedAttachmentSink::End() { return pending_.empty() ? Status{} : FlushChunk(); }

Status ReceivedAttachmentSink::Discard() {
  pending_ = crypto::WipedBytes();  // frees, so wipes
  for (const char* sql : {"DELETE FROM received_attachment_chunks WHERE bundle_id = ?",
                          "DELETE FROM received_attachments WHERE bundle_id = ?"}) {
    STACCS_ASSIGN(Statement st, kit_.db().Prepare(sql));
    st.Bind(1, bundle_id_);
    STACCS_TRY(st.Run());
  }
  return {};
}

Result<std::vector<AttachmentDescriptor>> ReceivedAttachments(Kit& kit, const std::string& bundle_id) {
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT idx, size, sealed_meta FROM received_attachments WHERE bundle_id = ? ORDER BY idx"));
  st.Bind(1, bundle_id);
  std::vector<AttachmentDescriptor> out;
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    const std::string row_id = bundle_id + "/" + std::to_string(st.ColumnInt(0));
    STACCS_ASSIGN(crypto::WipedBytes meta, kit.OpenRow("received_attachments", row_id, st.ColumnBlob(2)));
    STACCS_ASSIGN(AttachmentInfo info, DecodeMeta(meta, static_cast<std::uint64_t>(st.ColumnInt(1))));
    out.push_back(info.descriptor);
  }
  return out;
}

Status ExportReceivedAttachment(Kit& kit, const std::string& bundle_id, std::size_t index,
                                const std::filesystem::path& file) {
  // Streamed, chunk by chunk, to a temporary name that is flushed and renamed into place.
  STACCS_ASSIGN(auto out, platform::AtomicFileWriter::Create(file));
  STACCS_ASSIGN(Statement st, kit.db().Prepare(
      "SELECT idx, sealed FROM received_attachment_chunks WHERE bundle_id = ? AND attachment_idx = ? ORDER BY idx"));
  st.Bind(1, bundle_id).Bind(2, static_cast<std::int64_t>(index));
  for (;;) {
    STACCS_ASSIGN(bool row, st.Step());
    if (!row) break;
    const std::string row_id = bundle_id + "/" + std::to_string(index) + "/" + std::to_string(st.ColumnInt(0));
    STACCS_ASSIGN(crypto::WipedBytes chunk, kit.OpenRow("received_attachment_chunks", row_id, st.ColumnBlob(1)));
    STACCS_TRY(out->Write(chunk));
  }
  return out->Commit();
}

}  // namespace staccs::core
