#include "staccs/core/platform.h"
#include "publication_model.h"

#include "staccs/core/attachment_store.h"
#include "staccs/core/campaign_store.h"
#include "staccs/core/draft_store.h"

namespace staccs::core::publication {

namespace {

// What the first pass remembers of a revision (CurrentRevisionIndex::Entry::flags).
constexpr std::uint8_t kReadable = 1;    // its content decodes
constexpr std::uint8_t kPublishes = 2;   // consent: published (with attribution or anonymously)
constexpr std::uint8_t kAttributed = 4;  // consent: with attribution

std::string Short(const std::string& bundle_id) { return "received bundle " + bundle_id.substr(0, 12) + "…"; }

// A BCP 47-looking tag (letters, digits, hyphens; a 2–3 letter language first), or nothing:
// the tag goes into a lang attribute and must not carry anything else.
std::string LanguageTag(const std::string& given) {
  if (given.empty() || given.size() > 35) return {};
  std::size_t letters = 0;
  while (letters < given.size() && ((given[letters] >= 'a' && given[letters] <= 'z') || (given[letters] >= 'A' && given[letters] <= 'Z')))
    ++letters;
  if (letters < 2 || letters > 3) return {};
  for (char c : given)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) return {};
  return given;
}

// Our name for an attachment: numbers and, if the participant's name had a plain one, its
// extension. Nothing else of what the participant typed ends up in a file name or a link.
std::string AttachmentFileName(std::size_t contribution, std::size_t index, const std::string& given) {
  std::string name = "contribution-" + std::to_string(contribution) + "-" + std::to_string(index + 1);
  const std::size_t dot = given.rfind('.');
  if (dot == std::string::npos || dot + 1 >= given.size() || given.size() - dot - 1 > 8) return name;
  std::string ext;
  for (char c : given.substr(dot + 1)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return name;
    ext.push_back(c);
  }
  return name + "." + ext;
}

}  // namespace

PublicationSource::PublicationSource(PublicationSource&& o) noexcept
    : kit_(std::exchange(o.kit_, nullptr)),
      in_snapshot_(std::exchange(o.in_snapshot_, false)),
      campaign_(std::move(o.campaign_)),
      counts_(o.counts_),
      contributions_(o.contributions_),
      practices_(o.practices_),
      current_(std::move(o.current_)),
      left_out_(std::move(o.left_out_)) {}

PublicationSource::~PublicationSource() {
  if (kit_ && in_snapshot_) kit_->db().Rollback();  // a read transaction: nothing to keep
}

Result<PublicationSource> PublicationSource::Open(Kit& kit, std::string_view campaign_id) {
  PublicationSource src;
  src.kit_ = &kit;
  CampaignStore campaigns(kit);
  STACCS_ASSIGN(src.campaign_, campaigns.Get(campaign_id));
  const std::string cid = src.campaign_.id_hex();
  if (!campaigns.Secrets(cid))
    return Error::Usage("this kit is not the secretariat of campaign " + cid.substr(0, 8) +
                        ": it holds no key to open its contributions, so there is nothing to publish");
  // One snapshot for both passes (WAL readers see the store as it was when they began).
  src.in_snapshot_ = kit.db().Exec("BEGIN").ok();

  CurrentRevisionIndex index;
  STACCS_TRY(ForEachReceivedRevision(
      kit, cid,
      [&](const ReceivedSubmission& s) -> Status {
        std::uint8_t flags = 0;
        if (s.type == BundleType::kSubmission) {
          if (auto d = DecodeDraftContent(s.content)) {
            flags = kReadable;
            if (d->consent != Consent::kDoNotPublish) flags |= kPublishes;
            if (d->consent == Consent::kPublishWithAttribution) flags |= kAttributed;
          }
        } else if (DecodePracticeContent(s.content)) {
          flags = kReadable;
        }
        index.Add(s, flags);
        return {};
      },
      [&](const std::string& bundle_id, const Error& why) { src.left_out_.push_back(Short(bundle_id) + ": " + why.message); }));
  src.current_ = index.TakeCurrent();

  std::size_t attributed = 0, anonymous = 0, not_published = 0, withdrawn = 0;
  for (const auto& e : src.current_) {
    if (!(e.flags & kReadable)) {
      src.left_out_.push_back(Short(ToHex(e.bundle_id)) + ": its content is not readable");
      continue;
    }
    if (e.type == BundleType::kPractice) {
      ++src.practices_;
    } else if (!(e.flags & kPublishes)) {
      ++not_published;
      if (e.earlier_flags & kPublishes) ++withdrawn;
    } else {
      ++(e.flags & kAttributed ? attributed : anonymous);
    }
  }
  src.contributions_ = attributed + anonymous;
  src.counts_ = MakeHeadline(attributed, anonymous, not_published, withdrawn, src.practices_);
  return src;
}

Status PublicationSource::ForEachContribution(const std::optional<std::filesystem::path>& attachments_dir,
                                              const std::function<Status(const PublishedContribution&)>& visit) {
  std::size_t number = 0;
  for (const auto& e : current_) {
    if (e.type != BundleType::kSubmission || !(e.flags & kReadable) || !(e.flags & kPublishes)) continue;
    ++number;  // numbers follow the first pass, so a row unreadable now leaves a gap, not a shift
    const std::string bundle_id = ToHex(e.bundle_id);
    auto s = ReadReceivedRevision(*kit_, bundle_id);
    auto d = s ? DecodeDraftContent(s->content) : Result<DraftContent>(s.error());
    if (!d || d->consent == Consent::kDoNotPublish) {
      left_out_.push_back(Short(bundle_id) + ": changed while the publication was being written");
      continue;
    }
    PublishedContribution c;
    c.number = number;
    c.attributed = d->consent == Consent::kPublishWithAttribution;
    if (c.attributed) c.author = std::move(d->author);
    c.language = LanguageTag(d->language);
    c.answers = std::move(d->answers);
    STACCS_ASSIGN(auto attachments, ReceivedAttachments(*kit_, bundle_id));
    for (std::size_t i = 0; i < attachments.size(); ++i) {
      PublishedAttachment a{attachments[i], ""};
      if (attachments_dir) {
        a.file = AttachmentFileName(number, i, a.descriptor.name);
        STACCS_TRY(ExportReceivedAttachment(*kit_, bundle_id, i, *attachments_dir / platform::PathFromUtf8(a.file)));
      }
      c.attachments.push_back(std::move(a));
    }
    STACCS_TRY(visit(c));
  }
  return {};
}

Status PublicationSource::ForEachPractice(const std::function<Status(const PublishedPractice&)>& visit) {
  std::size_t number = 0;
  for (const auto& e : current_) {
    if (e.type != BundleType::kPractice || !(e.flags & kReadable)) continue;
    ++number;
    const std::string bundle_id = ToHex(e.bundle_id);
    auto s = ReadReceivedRevision(*kit_, bundle_id);
    auto p = s ? DecodePracticeContent(s->content) : Result<PracticeContent>(s.error());
    if (!p) {
      left_out_.push_back(Short(bundle_id) + ": changed while the publication was being written");
      continue;
    }
    STACCS_TRY(visit(PublishedPractice{number, std::move(p).value()}));
  }
  return {};
}

}  // namespace staccs::core::publication
