// Writes the seed corpora of the bundle and received-log harnesses (run by hand when a
// format changes; the output is committed):
//   build/release/tests/make_fuzz_corpus tests/fuzz/corpus
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "fuzz_campaign.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/received_log.h"
#include "staccs/crypto/random.h"
#include "staccs/crypto/stream_cipher.h"
#include "staccs/sync/pull_proof.h"
#include "staccs/sync/relay_receipt.h"

using namespace staccs;
namespace fs = std::filesystem;

namespace {

void WriteText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// Seeds for the relay harness: one request of each kind the relay serves, on a bundle sealed
// to the fixed campaign and with pull proofs made for the fixed relay key.
void RelayRequests(const fs::path& dir, const fuzz::FixedCampaign& fixed, ByteView bundle, ByteView received_log) {
  const std::string bundle_id = ToHex(crypto::Blake2b256(bundle));
  const std::string campaign = ToHex(fixed.campaign.id);
  const std::string body(AsChars(bundle));
  const std::string token = "0123456789abcdef0123456789abcdef";  // an uploader's capability
  const std::string upload = "/v1/uploads/" + token;
  auto proof = [&](const std::string& path) {
    return ToHex(sync::MakePullProof(fixed.pull, fixed.relay.public_key(), fixed.campaign.id, "GET", path, {},
                                     1'760'000'000));
  };
  const std::string list = "/v1/campaigns/" + campaign + "/bundles/after/0";
  const std::string one = "/v1/campaigns/" + campaign + "/bundles/" + bundle_id;
  const std::vector<std::pair<std::string, std::string>> requests = {
      {"health", "GET /v1/health HTTP/1.1\r\nHost: r\r\n\r\n"},
      {"metrics", "GET /metrics HTTP/1.1\r\nHost: r\r\n\r\n"},
      {"lacks", "POST /v1/lacks HTTP/1.1\r\nHost: r\r\nContent-Length: 65\r\n\r\n" + bundle_id + "\n"},
      {"options", "OPTIONS /v1/uploads HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\n\r\n"},
      {"upload", "POST /v1/uploads HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " +
                     std::to_string(body.size()) + "\r\nStaccs-Bundle-Id: " + bundle_id +
                     "\r\nStaccs-Upload-Token: " + token +
                     "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body},
      {"create", "POST /v1/uploads HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " +
                     std::to_string(body.size()) + "\r\nStaccs-Bundle-Id: " + bundle_id +
                     "\r\nStaccs-Upload-Token: " + token + "\r\n\r\n"},
      {"create-partial", "POST /v1/uploads HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\nUpload-Length: " +
                             std::to_string(body.size()) + "\r\nStaccs-Upload-Token: " + token +
                             "\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 100\r\n\r\n" +
                             body.substr(0, 100)},
      {"override", "POST " + upload + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\nX-HTTP-Method-Override: PATCH\r\n"
                   "Upload-Offset: 100\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: 10\r\n\r\n" +
                   body.substr(100, 10)},
      {"delete", "DELETE " + upload + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\n\r\n"},
      {"old-tus", "POST /v1/uploads HTTP/1.1\r\nHost: r\r\nTus-Resumable: 0.9.9\r\nUpload-Length: 16384\r\n\r\n"},
      {"head", "HEAD " + upload + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\n\r\n"},
      {"patch", "PATCH " + upload + " HTTP/1.1\r\nHost: r\r\nTus-Resumable: 1.0.0\r\nUpload-Offset: 0\r\n"
                "Expect: 100-continue\r\nContent-Type: application/offset+octet-stream\r\nContent-Length: " +
                std::to_string(body.size()) + "\r\n\r\n" + body},
      {"receipt", "GET /v1/receipts/" + bundle_id + " HTTP/1.1\r\nHost: r\r\n\r\n"},
      {"pull-list", "GET " + list + " HTTP/1.1\r\nHost: r\r\nStaccs-Pull-Proof: " + proof(list) + "\r\n\r\n"},
      {"pull-one", "GET " + one + " HTTP/1.1\r\nHost: r\r\nStaccs-Pull-Proof: " + proof(one) + "\r\n\r\n"},
      {"log-get", "GET /v1/campaigns/" + campaign + "/received-log HTTP/1.1\r\nHost: r\r\n\r\n"},
      {"log-put", "PUT /v1/campaigns/" + campaign + "/received-log HTTP/1.1\r\nHost: r\r\nContent-Length: " +
                      std::to_string(received_log.size()) + "\r\n\r\n" + std::string(AsChars(received_log))},
      {"gzip", "POST /v1/lacks HTTP/1.1\r\nHost: r\r\nContent-Encoding: gzip\r\nContent-Length: 1\r\n\r\nx"},
      {"chunked", "POST /v1/lacks HTTP/1.1\r\nHost: r\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n\r\n"},
  };
  for (const auto& [name, text] : requests) {
    WriteText(dir / "relay_request" / (name + ".http"), text);
    // The framing harness starts from the same requests, and from the odd ones below.
    WriteText(dir / "request_framing" / (name + ".http"), text.substr(0, 4096));
  }
  const std::vector<std::pair<std::string, std::string>> odd = {
      {"pipelined", "GET /v1/health HTTP/1.1\r\nHost: r\r\n\r\nGET /metrics HTTP/1.0\r\n\r\n"},
      {"lf-only", "GET /v1/health HTTP/1.1\nHost: r\n\n"},
      {"two-lengths", "POST /v1/lacks HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 2\r\n\r\nab"},
      {"folded", "GET / HTTP/1.1\r\nX-A: b\r\n\tc\r\n\r\n"},
      {"percent", "PUT /x%20y?q=%41 HTTP/1.1\r\nX-Pct: 100%25 %u0041 %zz\r\nContent-Length: 3\r\n\r\nabc"},
      {"expect-case", "PATCH /v1/uploads/x HTTP/1.1\r\nEXPECT: 100-Continue\r\nContent-Length: 2\r\n\r\nab"},
      {"empty-value", "GET / HTTP/1.1\r\nX-Empty:\r\nX-Tab: \t v \t\r\n\r\n"},
      {"options-star", "OPTIONS * HTTP/1.1\r\nHost: r\r\n\r\n"},
      {"no-length-post", "POST /v1/uploads HTTP/1.1\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 16384\r\n\r\n"},
      {"own-headers", "GET / HTTP/1.1\r\nREMOTE_ADDR: 6.6.6.6\r\nHost: r\r\n\r\n"},
  };
  for (const auto& [name, text] : odd) WriteText(dir / "request_framing" / (name + ".http"), text);
  // The harness also hands every input to the receipt and pull-proof parsers.
  const Bytes receipt = sync::WriteReceipt({fixed.relay.public_key(), crypto::Blake2b256(bundle), fixed.campaign.id,
                                            1'760'000'000},
                                           fixed.relay);
  WriteText(dir / "relay_request" / "receipt.bin", std::string(AsChars(receipt)));
  WriteText(dir / "relay_request" / "proof.bin", std::string(AsChars(*FromHex(proof(list)))));
}

void Write(const fs::path& path, std::uint8_t prefix, ByteView bytes, bool with_prefix = true) {
  fs::create_directories(path.parent_path());
  std::ofstream f(path, std::ios::binary);
  if (with_prefix) f.put(static_cast<char>(prefix));
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// Decrypts a bundle's stream with the campaign's key, as OpenBundle does, to seed the inner layer.
Bytes Plaintext(ByteView bundle, const crypto::BoxKeyPair& encryption) {
  auto key = encryption.Open(bundle.subspan(44, 80));
  auto secret = crypto::SecretBytes::Copy(*key);
  auto dec = crypto::StreamDecryptor::Start(secret, bundle.subspan(124, 24));
  Bytes plain;
  std::size_t at = 148;
  for (bool final = false; !final && at < bundle.size();) {
    std::size_t len = std::min<std::size_t>(65536 + 17, bundle.size() - at);
    auto chunk = dec->Pull(bundle.subspan(at, len), at == 148 ? bundle.first(124) : ByteView(), final);
    Append(plain, *chunk);
    at += len;
  }
  return plain;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fuzz_corpus CORPUS_DIR\n");
    return 1;
  }
  const fs::path dir = argv[1];
  fuzz::FixedCampaign fixed;
  int n = 0;
  Bytes first_bundle;
  for (std::size_t content : {std::size_t{40}, std::size_t{3000}, std::size_t{70000}}) {
    core::BundleContents c;
    c.type = content == 3000 ? core::BundleType::kPractice : core::BundleType::kSubmission;
    crypto::FillRandom(c.submission_id.data(), 16);
    c.revision = static_cast<std::uint32_t>(content % 7 + 1);
    c.created_unix = 1'760'000'000;
    c.author_key = fixed.author.public_key();
    crypto::FillRandom(c.ack_secret.data(), 32);
    c.content = Bytes(content, 'a');
    std::vector<core::AttachmentReader> readers;
    const Bytes photo(500, 'p');
    if (content == 3000) {
      c.attachments.push_back({crypto::Blake2b256(photo), photo.size(), "photo.jpg", "image/jpeg"});
      readers.push_back([&photo](std::uint8_t* out, std::size_t n) -> Status {
        std::memset(out, 'p', n);
        return {};
      });
    }
    auto bundle = core::SealBundle(c, fixed.campaign, fixed.author, readers);
    Write(dir / "bundle" / ("sealed-" + std::to_string(n) + ".bin"), 0, bundle->bytes);
    if (first_bundle.empty()) first_bundle = bundle->bytes;
    Bytes plain = Plaintext(bundle->bytes, fixed.encryption);
    // The inner layer's seeds are trimmed of most padding: the parser still sees some zeros.
    plain.resize(std::min(plain.size(), content + 1200));
    Write(dir / "bundle" / ("plain-" + std::to_string(n) + ".bin"), 1, plain);
    ++n;
  }
  for (std::size_t entries : {std::size_t{0}, std::size_t{3}}) {
    core::ReceivedLog log{fixed.campaign.id, entries + 1, {}};
    for (std::size_t i = 0; i < entries; ++i) {
      core::ReceivedEntry e;
      crypto::FillRandom(e.bundle_id.data(), 32);
      crypto::FillRandom(e.ack_tag.data(), 32);
      log.entries.push_back(e);
    }
    Write(dir / "received_log" / ("log-" + std::to_string(entries) + ".srl"), 0,
          core::WriteReceivedLog(log, fixed.pull), false);
    if (entries == 3) RelayRequests(dir, fixed, first_bundle, core::WriteReceivedLog(log, fixed.pull));
  }
  // Extensions of the extension harness's held log: by two entries, and by none (a new sequence).
  for (std::size_t added : {std::size_t{2}, std::size_t{0}}) {
    core::ReceivedLog grown = fuzz::FixedHeldLog(fixed);
    grown.sequence = 2;
    for (std::size_t i = 0; i < added; ++i) {
      core::ReceivedEntry e;
      e.bundle_id.fill(static_cast<std::uint8_t>(0x30 + i));
      e.ack_tag.fill(static_cast<std::uint8_t>(0x40 + i));
      grown.entries.push_back(e);
    }
    auto extension = core::ReceivedLogExtensionFrom(core::WriteReceivedLog(grown, fixed.pull), 3);
    Write(dir / "received_log_extension" / ("after-3-plus-" + std::to_string(added) + ".srd"), 0, *extension, false);
  }
  // Attachments: a JPEG with EXIF, XMP, ICC, a comment, scan data and a trailer; a PNG with text.
  Bytes jpeg = {0xFF, 0xD8};
  auto segment = [&](std::uint8_t marker, std::string_view payload) {
    jpeg.push_back(0xFF);
    jpeg.push_back(marker);
    const auto len = static_cast<std::uint16_t>(payload.size() + 2);
    jpeg.push_back(static_cast<std::uint8_t>(len >> 8));
    jpeg.push_back(static_cast<std::uint8_t>(len));
    Append(jpeg, AsBytes(payload));
  };
  segment(0xE0, std::string("JFIF\0\1\1\0\0\1\0\1\0\0", 14));
  segment(0xE1, std::string("Exif\0\0", 6) + "GPS 15.5N 32.5E");
  segment(0xE1, "http://ns.adobe.com/xap/1.0/\0<x/>");
  segment(0xE2, std::string("ICC_PROFILE\0", 12) + "icc");
  segment(0xED, "Photoshop 3.0");
  segment(0xFE, "comment");
  segment(0xDB, std::string(65, '\1'));
  segment(0xDA, std::string("\1\1\0\0\77\0", 6));
  Append(jpeg, AsBytes(std::string("\x12\xFF\x00\x56\xFF\xD0\x78\xFF\xD9trailer", 16)));
  Write(dir / "attachment_metadata" / "photo.jpg", 0, jpeg, false);
  Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  auto chunk = [&](std::string_view type, std::string_view data) {
    const auto n = static_cast<std::uint32_t>(data.size());
    for (int shift : {24, 16, 8, 0}) png.push_back(static_cast<std::uint8_t>(n >> shift));
    Append(png, AsBytes(type));
    Append(png, AsBytes(data));
    for (int i = 0; i < 4; ++i) png.push_back(0);
  };
  chunk("IHDR", std::string(13, '\1'));
  chunk("tEXt", std::string("Author\0X", 8));
  chunk("eXIf", "GPS");
  chunk("IDAT", "pixels");
  chunk("IEND", "");
  Write(dir / "attachment_metadata" / "map.png", 0, png, false);
  Write(dir / "attachment_metadata" / "doc.pdf", 0, AsBytes("%PDF-1.7 /Author (X)"), false);
  std::printf("seed corpora written under %s\n", dir.c_str());
  return 0;
}
