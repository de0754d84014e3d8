#include "staccs/core/attachment_metadata.h"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace staccs::core {

namespace {

Error Bad(const std::string& what, const std::string& why) { return Error::BadInput(what + ": " + why); }

bool StartsWith(ByteView b, std::string_view prefix) {
  return b.size() >= prefix.size() && std::memcmp(b.data(), prefix.data(), prefix.size()) == 0;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::uint16_t Be16(const std::uint8_t* p) { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t Be32(const std::uint8_t* p) {
  return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
         static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

// Which APPn / COM segments to drop: everything but JFIF (APP0), ICC colour profiles (APP2)
// and Adobe's colour transform flag (APP14), which decoders need to show the image right.
const char* JpegSegmentToDrop(std::uint8_t marker, ByteView payload) {
  if (marker == 0xFE) return "JPEG comment";
  if (marker == 0xE0) return StartsWith(payload, "JFIF") || StartsWith(payload, "JFXX") ? nullptr : "APP0 data";
  if (marker == 0xE1) return StartsWith(payload, "Exif") ? "EXIF (camera, time, GPS position, serial numbers)" : "XMP metadata";
  if (marker == 0xE2) return StartsWith(payload, std::string_view("ICC_PROFILE\0", 12)) ? nullptr : "APP2 data";
  if (marker == 0xED) return "IPTC / Photoshop metadata";
  if (marker == 0xEE) return nullptr;  // APP14 "Adobe": colour transform
  if (marker >= 0xE3 && marker <= 0xEF) return "application metadata";
  return nullptr;
}

Result<Bytes> StripJpeg(ByteView in, MetadataReport& report) {
  const std::string what = "JPEG photo";
  Bytes out = {0xFF, 0xD8};
  std::size_t i = 2;
  bool in_scan = false;
  while (i < in.size()) {
    if (in_scan) {
      // Entropy-coded data: copy until a real marker (FF followed by neither 00 nor RSTn).
      const std::size_t start = i;
      while (i + 1 < in.size() && !(in[i] == 0xFF && in[i + 1] != 0x00 && !(in[i + 1] >= 0xD0 && in[i + 1] <= 0xD7))) ++i;
      if (i + 1 >= in.size()) return Bad(what, "ends inside image data (truncated?)");
      out.insert(out.end(), in.begin() + static_cast<long>(start), in.begin() + static_cast<long>(i));
      in_scan = false;
      continue;
    }
    if (in[i] != 0xFF) return Bad(what, "is malformed (expected a marker)");
    while (i < in.size() && in[i] == 0xFF) ++i;  // fill bytes
    if (i >= in.size()) return Bad(what, "is truncated");
    const std::uint8_t marker = in[i++];
    if (marker == 0xD9) {  // EOI: anything after it (camera trailers) is dropped
      out.push_back(0xFF);
      out.push_back(0xD9);
      if (i < in.size()) report.removed.push_back("data after the end of the image");
      return out;
    }
    if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
      out.push_back(0xFF);
      out.push_back(marker);
      continue;
    }
    if (i + 2 > in.size()) return Bad(what, "is truncated");
    const std::uint16_t len = Be16(in.data() + i);
    if (len < 2 || i + len > in.size()) return Bad(what, "has a segment that runs past its end");
    const ByteView payload = in.subspan(i + 2, len - 2u);
    if (const char* drop = JpegSegmentToDrop(marker, payload)) {
      if (std::find(report.removed.begin(), report.removed.end(), drop) == report.removed.end())
        report.removed.push_back(drop);
      if (marker == 0xE1 && StartsWith(payload, "Exif"))
        report.warnings.push_back("the photo's orientation flag went with the EXIF data: it may show rotated");
    } else {
      out.push_back(0xFF);
      out.push_back(marker);
      out.insert(out.end(), in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(i + len));
    }
    i += len;
    if (marker == 0xDA) in_scan = true;
  }
  return Bad(what, "has no end marker (truncated?)");
}

Result<Bytes> StripPng(ByteView in, MetadataReport& report) {
  const std::string what = "PNG image";
  Bytes out(in.begin(), in.begin() + 8);
  std::size_t i = 8;
  while (i < in.size()) {
    if (in.size() - i < 12) return Bad(what, "is truncated");
    const std::uint32_t len = Be32(in.data() + i);
    if (len > in.size() - i - 12) return Bad(what, "has a chunk that runs past its end");
    const std::string type(reinterpret_cast<const char*>(in.data() + i + 4), 4);
    const std::size_t total = 12 + static_cast<std::size_t>(len);
    if (type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "eXIf" || type == "tIME") {
      const std::string why = type == "eXIf" ? "EXIF (camera, GPS position)" : type == "tIME" ? "modification time"
                                                                                            : "embedded text (" + type + ")";
      if (std::find(report.removed.begin(), report.removed.end(), why) == report.removed.end()) report.removed.push_back(why);
    } else {
      out.insert(out.end(), in.begin() + static_cast<long>(i), in.begin() + static_cast<long>(i + total));
    }
    i += total;
    if (type == "IEND") return out;
  }
  return Bad(what, "has no IEND chunk (truncated?)");
}

}  // namespace

Result<Bytes> StripMetadata(ByteView file, std::string_view file_name, MetadataReport& report) {
  report = {};
  const std::string name = Lower(file_name);
  auto ends = [&](std::string_view ext) { return name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0; };
  if (StartsWith(file, "\xFF\xD8\xFF")) {
    report.media_type = "image/jpeg";
    return StripJpeg(file, report);
  }
  if (StartsWith(file, "\x89PNG\r\n\x1A\n")) {
    report.media_type = "image/png";
    return StripPng(file, report);
  }
  Bytes same(file.begin(), file.end());
  if (StartsWith(file, "%PDF")) {
    report.media_type = "application/pdf";
    report.warnings.push_back("PDF files keep document properties (author, organisation, software, dates) that the "
                              "kit cannot remove: clear them in the program that made the file, or print to a new PDF");
  } else if (StartsWith(file, "PK\x03\x04") && (ends(".docx") || ends(".xlsx") || ends(".pptx") || ends(".odt") ||
                                                 ends(".ods") || ends(".odp"))) {
    report.media_type = "application/zip";
    report.warnings.push_back("office documents keep author names, organisation, comments and editing history that "
                              "the kit cannot remove: use the program's 'inspect document' or 'remove personal "
                              "information' function first");
  } else if (ends(".txt") || ends(".md") || ends(".csv")) {
    report.media_type = "text/plain";
  } else {
    report.media_type = "application/octet-stream";
    report.warnings.push_back("the kit cannot check this kind of file for hidden information about you");
  }
  return same;
}

}  // namespace staccs::core
