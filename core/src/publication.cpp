// The publication's one flow: the first pass over the campaign's received rows
// (publication_model), then every contribution and practice record streamed through the
// format's renderer into files that appear only when complete.
#include "staccs/core/publication.h"

#include "publication_files.h"
#include "publication_model.h"
#include "publication_renderer.h"
#include "staccs/core/civil_date.h"
#include "staccs/core/platform.h"

namespace staccs::core {

namespace {

using namespace publication;

Status Render(PublicationSource& source, PublicationRenderer& renderer, const PublicationOptions& options) {
  const Campaign& campaign = source.campaign();
  PublicationHead head;
  head.campaign = &campaign;
  head.lang = campaign.languages.empty() ? "en" : campaign.languages.front();
  head.compiled_date = FormatUtcDate(options.compiled_unix != 0 ? options.compiled_unix : platform::UnixTimeNow());
  head.counts = source.counts();
  head.contributions = source.contributions();
  head.practices = source.practices();
  if (options.attachments_dir) {
    STACCS_TRY(platform::CreateDirectoriesDurably(*options.attachments_dir, platform::FolderAccess::kShared));
    head.attachments_folder = options.attachments_dir->filename().string();
    if (head.attachments_folder.empty()) head.attachments_folder = options.attachments_dir->parent_path().filename().string();
  }
  STACCS_TRY(renderer.Begin(head));
  BreakdownTally tally(campaign);
  STACCS_TRY(source.ForEachContribution(options.attachments_dir, [&](const PublishedContribution& c) {
    tally.AddContribution(c.attributed, c.author, c.answers);
    return renderer.Contribution(c);
  }));
  STACCS_TRY(source.ForEachPractice([&](const PublishedPractice& p) {
    tally.AddPractice(p.content);
    return renderer.Practice(p);
  }));
  return renderer.End(tally.Finish(head.lang));
}

std::unique_ptr<PublicationRenderer> RendererFor(PublicationFormat format, PublicationFiles& files,
                                                 std::size_t page_size, bool practices_csv) {
  switch (format) {
    case PublicationFormat::kHtml: return MakeHtmlRenderer(files, page_size);
    case PublicationFormat::kMarkdown: return MakeMarkdownRenderer(files);
    case PublicationFormat::kCsv: return MakeCsvRenderer(files, practices_csv);
    case PublicationFormat::kJson: return MakeJsonRenderer(files);
  }
  return nullptr;
}

}  // namespace

namespace publication {

std::string AttachmentSize(std::uint64_t bytes) {
  if (bytes < 1000) return std::to_string(bytes) + " bytes";
  if (bytes < 1000 * 1000) return std::to_string((bytes + 500) / 1000) + " kB";
  return std::to_string(bytes / 1000000) + "." + std::to_string(bytes / 100000 % 10) + " MB";
}

}  // namespace publication

std::optional<PublicationFormat> ParsePublicationFormat(std::string_view name) {
  if (name == "html") return PublicationFormat::kHtml;
  if (name == "md" || name == "markdown") return PublicationFormat::kMarkdown;
  if (name == "csv") return PublicationFormat::kCsv;
  if (name == "json") return PublicationFormat::kJson;
  return std::nullopt;
}

Result<PublicationReport> WritePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                           const std::filesystem::path& out, const PublicationOptions& options) {
  STACCS_ASSIGN(PublicationSource source, PublicationSource::Open(kit, campaign_id));
  auto files = FilesBeside(out);
  auto renderer = RendererFor(format, *files, options.page_size, true);
  STACCS_TRY(Render(source, *renderer, options));
  PublicationReport report;
  report.files.push_back(out);  // the file asked for first, then the rest as they were written
  for (const auto& f : files->committed())
    if (f != out) report.files.push_back(f);
  report.contributions = source.contributions();
  report.practices = source.practices();
  report.left_out = std::move(source.left_out());
  return report;
}

Result<std::string> CompilePublication(Kit& kit, std::string_view campaign_id, PublicationFormat format,
                                       const std::filesystem::path* attachments_dir) {
  STACCS_ASSIGN(PublicationSource source, PublicationSource::Open(kit, campaign_id));
  MemoryFiles files;
  PublicationOptions options;
  if (attachments_dir) options.attachments_dir = *attachments_dir;
  options.page_size = 0;
  auto renderer = RendererFor(format, files, 0, false);
  STACCS_TRY(Render(source, *renderer, options));
  return files.Take("");
}

}  // namespace staccs::core
