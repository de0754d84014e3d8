// SPEC §2: attachments lose the hidden metadata that can be removed (photo EXIF with GPS
// and device serials), and the participant is told about what cannot be.
#include <doctest/doctest.h>

#include <filesystem>

#include "flow_fixture.h"
#include "staccs/core/attachment_metadata.h"
#include "staccs/core/attachment_store.h"
#include "staccs/core/publication.h"

using namespace staccs;
using namespace staccs::core;
namespace fs = std::filesystem;

namespace {

void Segment(Bytes& out, std::uint8_t marker, std::string_view payload) {
  out.push_back(0xFF);
  out.push_back(marker);
  const auto len = static_cast<std::uint16_t>(payload.size() + 2);
  out.push_back(static_cast<std::uint8_t>(len >> 8));
  out.push_back(static_cast<std::uint8_t>(len));
  Append(out, AsBytes(payload));
}

// A small JPEG-shaped file with EXIF (GPS and serial), XMP, a comment and a trailer.
Bytes PhotoWithMetadata() {
  Bytes j = {0xFF, 0xD8};
  Segment(j, 0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
  Segment(j, 0xE1, std::string("Exif\0\0", 6) + "GPS 15.5007N 32.5599E serial SN-CAMERA-123456");
  Segment(j, 0xE1, "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>Creator Amina</x:xmpmeta>");
  Segment(j, 0xE2, std::string("ICC_PROFILE\0", 12) + "colour");
  Segment(j, 0xFE, "taken by Amina");
  Segment(j, 0xDB, std::string(65, '\1'));
  Segment(j, 0xDA, std::string("\1\1\0\0\77\0", 6));
  Append(j, AsBytes(std::string("\x12\x34\xFF\x00\x56\xFF\xD0\x78", 8)));  // scan data, a stuffed FF, a restart
  j.push_back(0xFF);
  j.push_back(0xD9);
  Append(j, AsBytes("TRAILER serial SN-CAMERA-123456"));
  return j;
}

bool Has(const Bytes& b, std::string_view s) { return AsChars(b).find(s) != std::string_view::npos; }

}  // namespace

TEST_CASE("JPEG metadata is stripped and the image data kept byte for byte") {
  MetadataReport report;
  auto out = StripMetadata(PhotoWithMetadata(), "tower.JPG", report);
  REQUIRE_MESSAGE(out.ok(), test::Why(out));
  CHECK(report.media_type == "image/jpeg");
  CHECK_FALSE(Has(*out, "GPS"));
  CHECK_FALSE(Has(*out, "SN-CAMERA"));
  CHECK_FALSE(Has(*out, "Amina"));
  CHECK(Has(*out, "JFIF"));
  CHECK(Has(*out, "ICC_PROFILE"));
  CHECK(Has(*out, std::string("\x12\x34\xFF\x00\x56\xFF\xD0\x78\xFF\xD9", 10)));
  CHECK(report.removed.size() >= 4);
  CHECK_FALSE(report.warnings.empty());  // orientation
  SUBCASE("a truncated photo is refused, not passed on with its metadata") {
    Bytes cut = PhotoWithMetadata();
    cut.resize(40);
    CHECK_FALSE(StripMetadata(cut, "x.jpg", report).ok());
  }
}

TEST_CASE("PNG text and EXIF chunks are stripped, and documents are flagged") {
  auto chunk = [](Bytes& out, std::string_view type, std::string_view data) {
    const auto n = static_cast<std::uint32_t>(data.size());
    for (int s : {24, 16, 8, 0}) out.push_back(static_cast<std::uint8_t>(n >> s));
    Append(out, AsBytes(type));
    Append(out, AsBytes(data));
    for (int i = 0; i < 4; ++i) out.push_back(0);  // CRCs are not checked by the stripper
  };
  Bytes png(reinterpret_cast<const std::uint8_t*>("\x89PNG\r\n\x1A\n"), reinterpret_cast<const std::uint8_t*>("\x89PNG\r\n\x1A\n") + 8);
  chunk(png, "IHDR", std::string(13, '\1'));
  chunk(png, "tEXt", std::string("Author\0Amina", 12));
  chunk(png, "eXIf", "GPS 15N");
  chunk(png, "IDAT", "pixels");
  chunk(png, "IEND", "");
  MetadataReport report;
  auto out = StripMetadata(png, "map.png", report);
  REQUIRE(out.ok());
  CHECK_FALSE(Has(*out, "Amina"));
  CHECK_FALSE(Has(*out, "GPS"));
  CHECK(Has(*out, "pixels"));

  CHECK(StripMetadata(AsBytes("%PDF-1.7 /Author (Amina)"), "report.pdf", report).ok());
  CHECK(report.warnings.front().find("cannot remove") != std::string::npos);
  CHECK(StripMetadata(AsBytes("PK\3\4 docProps/core.xml"), "notes.docx", report).ok());
  CHECK_FALSE(report.warnings.empty());
  CHECK(StripMetadata(AsBytes("plain notes"), "notes.txt", report).ok());
  CHECK(report.warnings.empty());
}

TEST_CASE("an attachment travels stripped from a draft to the publication's folder") {
  test::Flow flow;
  Kit participant = flow.NewParticipant("participant");
  std::string draft;
  flow.Submit(participant, "---\nconsent: anonymous\n---\n# q\nsee the photo\n", &draft);
  const fs::path photo = flow.dir / "tower.jpg";
  const Bytes original = PhotoWithMetadata();
  test::WriteFile(photo, std::string(AsChars(original)));
  auto added = AttachmentStore(participant).Add(draft, photo, 10'000'000);
  REQUIRE_MESSAGE(added.ok(), test::Why(added));
  CHECK(added->descriptor.size < original.size());
  CHECK(AttachmentStore(participant).Add(draft, photo, 10).error().message.find("attachment limit") != std::string::npos);
  auto sealed = Outbox(participant).Submit(draft);
  REQUIRE(sealed.ok());
  // Nothing of the photo's metadata or content is readable in the participant's files.
  CHECK(test::FilesContaining(flow.dir / "participant", AsBytes("SN-CAMERA")).empty());

  flow.Carry(participant, flow.secretariat, sealed->bundle_id);
  REQUIRE(CollectHeldBundles(flow.secretariat)->opened == 1);  // revision 2, with the photo
  const fs::path dir = flow.dir / "attachments";
  auto html = CompilePublication(flow.secretariat, flow.campaign.id_hex(), PublicationFormat::kHtml, &dir);
  REQUIRE(html.ok());
  CHECK(html->find("attachments/contribution-") != std::string::npos);
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    ++files;
    const std::string bytes = test::ReadFileText(e.path());
    CHECK(bytes.find("SN-CAMERA") == std::string::npos);
    CHECK(bytes.find("JFIF") != std::string::npos);
    CHECK(bytes.size() == added->descriptor.size);
  }
  CHECK(files == 1);
}
