// What a publication is made of, read in two streaming passes over the campaign's received
// rows: Open() decrypts each revision once to pick the current ones and count consents
// (keeping a 56-byte entry per revision), then ForEachContribution/ForEachPractice decrypt
// the current ones again, one at a time, in publication order. Both passes read one snapshot
// of the store (a read transaction), so a `collect` running meanwhile changes neither.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "publication_counts.h"
#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/campaign.h"
#include "staccs/core/draft.h"
#include "staccs/core/kit.h"
#include "staccs/core/practice.h"
#include "staccs/core/received_revisions.h"

namespace staccs::core::publication {

struct PublishedAttachment {
  AttachmentDescriptor descriptor;
  std::string file;  // our name for it in the attachments folder ("contribution-3-1.jpg"); empty if not written
};

struct PublishedContribution {
  std::size_t number = 0;  // 1, 2, … in order of creation
  bool attributed = false;
  AuthorDetails author;  // empty unless attributed
  std::string language;  // a language tag if the contributor's was one ("ar", "fr-CA"), else empty
  std::vector<Answer> answers;
  std::vector<PublishedAttachment> attachments;
};

struct PublishedPractice {
  std::size_t number = 0;
  PracticeContent content;
};

class PublicationSource {
 public:
  // The first pass. Errors: the campaign is unknown (kUsage), this kit holds no key for it
  // (kUsage: not its secretariat), or the store fails (kLocal).
  static Result<PublicationSource> Open(Kit& kit, std::string_view campaign_id);

  PublicationSource(PublicationSource&&) noexcept;
  ~PublicationSource();

  const Campaign& campaign() const { return campaign_; }
  const HeadlineCounts& counts() const { return counts_; }
  std::size_t contributions() const { return contributions_; }  // to be listed
  std::size_t practices() const { return practices_; }
  // Received bundles left out, with the reason (for the secretariat, never published).
  std::vector<std::string>& left_out() { return left_out_; }

  // The second pass: every published contribution in order. With a folder, each one's
  // attachments are written there first.
  Status ForEachContribution(const std::optional<std::filesystem::path>& attachments_dir,
                             const std::function<Status(const PublishedContribution&)>& visit);
  Status ForEachPractice(const std::function<Status(const PublishedPractice&)>& visit);

 private:
  PublicationSource() = default;
  Kit* kit_ = nullptr;
  bool in_snapshot_ = false;
  Campaign campaign_;
  HeadlineCounts counts_;
  std::size_t contributions_ = 0, practices_ = 0;
  std::vector<CurrentRevisionIndex::Entry> current_;
  std::vector<std::string> left_out_;
};

}  // namespace staccs::core::publication
