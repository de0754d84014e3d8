// Attachments to drafts, and those a secretariat received: stored sealed in 64 KiB chunks
// (one row each), so an attachment streams into and out of bundles without being held whole.
// Metadata is stripped (attachment_metadata.h) before anything is stored.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/attachment_metadata.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"

namespace staccs::core {

inline constexpr std::size_t kAttachmentChunk = 64 * 1024;

struct AttachmentInfo {
  std::string id;
  std::string draft_id;
  AttachmentDescriptor descriptor;
  std::vector<std::string> removed;   // metadata taken out when it was added
  std::vector<std::string> warnings;  // what may remain
};

class AttachmentStore {
 public:
  explicit AttachmentStore(Kit& kit) : kit_(kit) {}

  // Strips the file's metadata and stores it for a draft; refuses one over `limit` bytes.
  Result<AttachmentInfo> Add(const std::string& draft_id, const std::filesystem::path& file, std::uint64_t limit);
  Result<std::vector<AttachmentInfo>> ForDraft(const std::string& draft_id);
  Status Remove(std::string_view attachment_id_prefix);
  // A reader that streams the stored bytes chunk by chunk (for SealBundle).
  AttachmentReader Reader(const std::string& attachment_id);

 private:
  Kit& kit_;
};

// Keeps what a secretariat receives: a sink for OpenBundle writing sealed chunks, and a way to
// read them back for the publication.
class ReceivedAttachmentSink : public AttachmentSink {
 public:
  ReceivedAttachmentSink(Kit& kit, std::string bundle_id) : kit_(kit), bundle_id_(std::move(bundle_id)) {}
  Status Begin(std::size_t index, const AttachmentDescriptor& descriptor) override;
  Status Write(ByteView bytes) override;
  Status End() override;
  // Removes whatever was written for the bundle (it failed to verify).
  Status Discard();

 private:
  Status FlushChunk();
  Kit& kit_;
  std::string bundle_id_;
  std::size_t index_ = 0;
  std::int64_t chunk_ = 0;
  crypto::WipedBytes pending_;  // clear bytes of the chunk being filled
};

Result<std::vector<AttachmentDescriptor>> ReceivedAttachments(Kit& kit, const std::string& bundle_id);
// Writes a received attachment's bytes to `file`, streaming chunk by chunk.
Status ExportReceivedAttachment(Kit& kit, const std::string& bundle_id, std::size_t index,
                                const std::filesystem::path& file);

}  // namespace staccs::core
