// The secretariat's publication of a campaign (SPEC §1, §3.9), from the current revision of
// every received submission and practice record. docs/PUBLICATION_FORMAT.md describes each
// format; the rules, in short:
// - "do not publish" and withdrawn contributions appear only in counts;
// - anonymous contributions carry no name, key, id or other author detail;
// - any count from 1 to 4 is suppressed ("<5"), and a total that would give one back by
//   subtraction is withheld; tables count only what the publication lists, by fixed
//   vocabularies (stakeholder groups, ISO countries), never by a contributor's free text;
// - everything a contributor wrote is inert in every format: escaped, bidi-isolated, with
//   controls that reorder text removed; in HTML their Markdown is rendered through libcmark
//   into a fixed set of elements, with no raw HTML, no images and only http(s)/mailto links.
//
// The publication is written as it is read: memory stays flat whatever the number of
// contributions (a small fixed-size entry per received revision while the current ones are
// picked), and every file is written to a temporary name, flushed, then renamed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"

namespace staccs::core {

enum class PublicationFormat { kHtml, kMarkdown, kCsv, kJson };
std::optional<PublicationFormat> ParsePublicationFormat(std::string_view name);  // html|md|csv|json

struct PublicationOptions {
  // With a folder, the attachments of published contributions are written there
  // ("contribution-3-1.jpg") and the publication links to them; without, only listed.
  std::optional<std::filesystem::path> attachments_dir;
  // HTML: a publication with more contributions (or practice records) than this is split into
  // an index page (counts, tables, links) and pages of this many, beside it. 0: never split.
  std::size_t page_size = 200;
  std::int64_t compiled_unix = 0;  // the date shown; 0: now
};

struct PublicationReport {
  std::vector<std::filesystem::path> files;  // every file written, the one asked for first
  std::size_t contributions = 0;             // published (listed) contributions
  std::size_t practices = 0;
  // Received bundles left out because what the kit stored of them cannot be read, with why:
  // "received bundle 3f2a91c0e4b1…: its stored record is not readable". For the secretariat only.
  std::vector<std::string> left_out;
};

// Writes the publication to `out`. CSV writes the contributions there and the practice
// records beside it ("NAME-practices.csv"); a split HTML publication writes its pages beside
// it ("NAME-p1.html", "NAME-practices-p1.html") and removes pages of an earlier, longer one.
// The folder must exist. Errors: kUsage for an unknown campaign, kLocal when this kit does
// not hold the campaign's keys or a file cannot be written (nothing half-written is left).
Result<PublicationReport> WritePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                           const std::filesystem::path& out, const PublicationOptions& options = {});

// The publication as one text, for small campaigns and tests: the file WritePublication would
// write at `out` (never split; for CSV, the contributions).
Result<std::string> CompilePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                       const std::filesystem::path* attachments_dir = nullptr);

}  // namespace staccs::core
