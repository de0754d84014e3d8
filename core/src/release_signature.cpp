#include "staccs/core/release_signature.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <optional>
#include <sstream>
#include <system_error>
#include <vector>

#include "staccs/core/platform.h"

namespace staccs::core {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSigTag = "staccs-release-signature";
constexpr std::string_view kKeyTag = "staccs-release-key";
constexpr std::string_view kSecretTag = "staccs-release-secret-key";
constexpr std::size_t kMaxLine = 4096;  // every file here is one short line

// Splits "TAG v1 HEX [HEX]" into words; trailing newline and spaces tolerated.
std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::istringstream in{std::string(text)};
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> FixedHex(std::string_view hex) {
  auto bytes = FromHex(hex);
  if (!bytes || bytes->size() != N) return std::nullopt;
  std::array<std::uint8_t, N> out{};
  std::copy(bytes->begin(), bytes->end(), out.begin());
  return out;
}

Result<std::string> ReadLineFile(const fs::path& path, const std::string& what) {
  auto bytes = platform::ReadFile(path, kMaxLine);
  if (!bytes) return Error::BadInput(what + " " + path.string() + ": " + bytes.error().message);
  return std::string(bytes->begin(), bytes->end());
}

}  // namespace

Result<std::array<std::uint8_t, 32>> Sha256File(const fs::path& path) {
  crypto::Initialize();
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::BadInput(path.string() + ": cannot be read");
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    auto n = in.gcount();
    if (n > 0) crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(buf.data()), static_cast<unsigned long long>(n));
  }
  if (in.bad()) return Error::Local(path.string() + ": read error");
  std::array<std::uint8_t, 32> out{};
  crypto_hash_sha256_final(&st, out.data());
  return out;
}

std::string FormatReleaseKey(const crypto::SigningPublicKey& key) {
  return std::string(kKeyTag) + " v1 " + ToHex(key);
}

Result<crypto::SigningPublicKey> ParseReleaseKey(std::string_view text_or_path) {
  std::string text(text_or_path);
  if (!FixedHex<32>(text) && text.rfind(kKeyTag, 0) != 0) {
    std::error_code ec;
    if (!fs::is_regular_file(text, ec))
      return Error::Usage("release key '" + text + "' is neither 64 hex digits nor a key file");
    auto line = ReadLineFile(text, "release key file");
    if (!line) return std::move(line).error();
    text = *line;
  }
  auto w = Words(text);
  std::string hex;
  if (w.size() == 1) {
    hex = w[0];
  } else if (w.size() == 3 && w[0] == kKeyTag && w[1] == "v1") {
    hex = w[2];
  } else {
    return Error::BadInput("release key: expected 'staccs-release-key v1' and 64 hex digits");
  }
  auto key = FixedHex<32>(hex);
  if (!key) return Error::BadInput("release key: expected 64 hex digits (an Ed25519 public key)");
  return *key;
}

Status WriteReleaseSecretKey(const fs::path& path, const crypto::SigningKeyPair& key) {
  std::string line = std::string(kSecretTag) + " v1 " + ToHex(key.secret_key().view()) + "\n";
  Status st = platform::WriteFileAtomically(path, AsBytes(line));
  sodium_memzero(line.data(), line.size());
  if (!st) return st;
  std::error_code ec;
  fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  if (ec) return Error::Local(path.string() + ": cannot make it private: " + ec.message());
  return {};
}

Result<crypto::SigningKeyPair> ReadReleaseSecretKey(const fs::path& path) {
  auto line = ReadLineFile(path, "release secret key");
  if (!line) return std::move(line).error();
  auto w = Words(*line);
  sodium_memzero(line->data(), line->size());
  if (w.size() != 3 || w[0] != kSecretTag || w[1] != "v1")
    return Error::BadInput(path.string() + ": not a release secret key (expected 'staccs-release-secret-key v1 HEX')");
  auto bytes = FromHex(w[2]);
  sodium_memzero(w[2].data(), w[2].size());
  if (!bytes) return Error::BadInput(path.string() + ": the key is not hex");
  auto secret = crypto::SecretBytes::Copy(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  auto kp = crypto::SigningKeyPair::FromSecretKey(secret);
  if (!kp) return std::move(kp).error().Within(path.string());
  return std::move(kp).value();
}

Status SignReleaseArtefact(const crypto::SigningKeyPair& key, const fs::path& file) {
  auto digest = Sha256File(file);
  if (!digest) return std::move(digest).error();
  crypto::Signature sig = key.Sign(crypto::SignatureDomain::kReleaseArtifact, kReleaseSignatureVersion, *digest);
  std::string line = std::string(kSigTag) + " v1 " + ToHex(key.public_key()) + " " + ToHex(sig) + "\n";
  fs::path out = file;
  out += std::string(kReleaseSignatureSuffix);
  return platform::WriteFileAtomically(out, AsBytes(line));
}

Result<ReleaseCheck> VerifyReleaseArtefact(const fs::path& file, const crypto::SigningPublicKey& release_key) {
  const std::string name = file.filename().string();
  fs::path sig_path = file;
  sig_path += std::string(kReleaseSignatureSuffix);
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return Error::Usage(file.string() + ": no such file");
  if (!fs::exists(sig_path, ec))
    return Error::BadInput(name + ": no signature (" + sig_path.filename().string() +
                           " is missing): get it from where you got the file; without it the file cannot be trusted");
  auto line = ReadLineFile(sig_path, "signature");
  if (!line) return std::move(line).error();
  auto w = Words(*line);
  if (w.size() != 4 || w[0] != kSigTag || w[1] != "v1")
    return Error::BadInput(name + ": " + sig_path.filename().string() + " is not a STACCS release signature");
  auto signer = FixedHex<32>(w[2]);
  auto sig = FixedHex<64>(w[3]);
  if (!signer || !sig)
    return Error::BadInput(name + ": " + sig_path.filename().string() + " is damaged (bad key or signature hex)");
  if (*signer != release_key)
    return Error::BadInput(name + ": signed by key " + ToHex(*signer) + ", not by the release key " +
                           ToHex(release_key) + ": do not install it");
  auto digest = Sha256File(file);
  if (!digest) return std::move(digest).error();
  if (!crypto::Verify(release_key, crypto::SignatureDomain::kReleaseArtifact, kReleaseSignatureVersion, *digest, *sig))
    return Error::BadInput(name + ": signature does not verify: the file changed after it was signed "
                           "(damaged or tampered with): do not install it");
  return ReleaseCheck{*digest, *signer};
}

}  // namespace staccs::core
