// One renderer per publication format. The publication streams through a renderer in this
// order: Begin (the campaign and the headline counts), every contribution, every practice
// record, End (the breakdown tables, added up on the way; then the files are committed).
// A renderer keeps nothing of a contribution once it has written it.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "publication_counts.h"
#include "publication_files.h"
#include "publication_model.h"
#include "staccs/base/result.h"
#include "staccs/core/campaign.h"

namespace staccs::core::publication {

struct PublicationHead {
  const Campaign* campaign = nullptr;
  std::string lang;           // the campaign's first language: labels and prompts in it
  std::string compiled_date;  // "2026-11-29"
  HeadlineCounts counts;
  std::size_t contributions = 0, practices = 0;  // how many will follow
  std::string attachments_folder;                // as linked ("attachments"), empty if none written
};

class PublicationRenderer {
 public:
  virtual ~PublicationRenderer() = default;
  virtual Status Begin(const PublicationHead& head) = 0;
  virtual Status Contribution(const PublishedContribution& c) = 0;
  virtual Status Practice(const PublishedPractice& p) = 0;
  virtual Status End(const Breakdowns& breakdowns) = 0;
};

// `page_size` 0: one file whatever the size.
std::unique_ptr<PublicationRenderer> MakeHtmlRenderer(PublicationFiles& files, std::size_t page_size);
std::unique_ptr<PublicationRenderer> MakeMarkdownRenderer(PublicationFiles& files);
// With `practices_file`, the practice records go to "-practices.csv" beside the contributions.
std::unique_ptr<PublicationRenderer> MakeCsvRenderer(PublicationFiles& files, bool practices_file);
std::unique_ptr<PublicationRenderer> MakeJsonRenderer(PublicationFiles& files);

// Shared wording, so every format says the same.
std::string AttachmentSize(std::uint64_t bytes);  // "512 bytes", "34 kB", "2.1 MB"
inline constexpr const char* kSmallCountNote =
    "Counts from 1 to 4 are shown as \"<5\", and a total that would give one of them away by "
    "subtraction is withheld, so that no small group of contributors can be singled out. "
    "Tables by stakeholder group and country count only contributions published with attribution.";

}  // namespace staccs::core::publication
