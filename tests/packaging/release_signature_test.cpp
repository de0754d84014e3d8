// Release signatures (SPEC §8): artefacts signed by the real staccs-release-sign tool with a
// throwaway key made here (the release key never enters the repository), checked by core the
// way `staccs-cli verify-release` checks them.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include "staccs/core/release_signature.h"
#include "test_support.h"

using namespace staccs;
using namespace staccs::test;
namespace fs = std::filesystem;

namespace {

struct SignedArtefact {
  TempDir dir;
  fs::path secret = dir / "release.key";
  fs::path pub = dir / "release.pub";
  fs::path file = dir / "staccs_0.1.0_amd64.deb";

  SignedArtefact() {
    std::string body(200000, '\0');
    for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>(i * 131 % 251);
    WriteFile(file, body);
    auto gen = RunProcess({STACCS_RELEASE_SIGN_PATH, "keygen", secret.string(), pub.string()});
    REQUIRE_MESSAGE(gen.exit_code == 0, gen.err);
    auto sign = RunProcess({STACCS_RELEASE_SIGN_PATH, "sign", secret.string(), file.string()});
    REQUIRE_MESSAGE(sign.exit_code == 0, sign.err);
  }
  crypto::SigningPublicKey Key() const {
    auto k = core::ParseReleaseKey(pub.string());
    REQUIRE_MESSAGE(k.ok(), Why(k));
    return *k;
  }
};

}  // namespace

TEST_CASE("a genuine artefact verifies against the release key, by file, line or bare hex") {
  SignedArtefact a;
  auto key = a.Key();
  std::string line = ReadFileText(a.pub);
  for (const std::string& spelling : {a.pub.string(), line, line.substr(line.rfind(' ') + 1, 64)}) {
    auto k = core::ParseReleaseKey(spelling);
    REQUIRE_MESSAGE(k.ok(), Why(k));
    CHECK(*k == key);
  }
  auto check = core::VerifyReleaseArtefact(a.file, key);
  REQUIRE_MESSAGE(check.ok(), Why(check));
  CHECK(check->signer == key);
}

TEST_CASE("the SHA-256 is the one sha256sum prints") {
  SignedArtefact a;
  auto digest = core::Sha256File(a.file);
  REQUIRE(digest.ok());
  auto out = RunProcess({"/usr/bin/sha256sum", a.file.string()});
  REQUIRE(out.exit_code == 0);
  CHECK(out.out.substr(0, 64) == ToHex(*digest));
}

TEST_CASE("a flipped byte anywhere in the artefact is refused as changed after signing") {
  SignedArtefact a;
  auto key = a.Key();
  std::string body = ReadFileText(a.file);
  for (std::size_t at : {std::size_t{0}, body.size() / 2, body.size() - 1}) {
    std::string bad = body;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    WriteFile(a.file, bad);
    auto check = core::VerifyReleaseArtefact(a.file, key);
    REQUIRE_FALSE(check.ok());
    CHECK(check.error().message.find("signature does not verify") != std::string::npos);
    CHECK(check.error().message.find("do not install it") != std::string::npos);
  }
}

TEST_CASE("an artefact signed by another key is refused, naming both keys") {
  SignedArtefact a;
  SignedArtefact other;
  auto check = core::VerifyReleaseArtefact(a.file, other.Key());
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().message.find("not by the release key " + ToHex(other.Key())) != std::string::npos);
  CHECK(check.error().message.find("signed by key " + ToHex(a.Key())) != std::string::npos);
}

TEST_CASE("a signature moved onto another artefact does not verify for it") {
  SignedArtefact a;
  fs::path twin = a.dir / "staccs-relay_0.1.0_amd64.deb";
  WriteFile(twin, "another artefact");
  fs::copy_file(fs::path(a.file.string() + ".sig"), fs::path(twin.string() + ".sig"));
  auto check = core::VerifyReleaseArtefact(twin, a.Key());
  REQUIRE_FALSE(check.ok());
  CHECK(check.error().message.find("signature does not verify") != std::string::npos);
}

TEST_CASE("a missing or damaged signature file is refused with what to do") {
  SignedArtefact a;
  fs::path sig = a.file.string() + ".sig";
  std::string good = ReadFileText(sig);
  SUBCASE("missing") {
    fs::remove(sig);
    auto check = core::VerifyReleaseArtefact(a.file, a.Key());
    REQUIRE_FALSE(check.ok());
    CHECK(check.error().message.find("no signature") != std::string::npos);
  }
  SUBCASE("not a signature") {
    WriteFile(sig, "hello\n");
    auto check = core::VerifyReleaseArtefact(a.file, a.Key());
    REQUIRE_FALSE(check.ok());
    CHECK(check.error().message.find("not a STACCS release signature") != std::string::npos);
  }
  SUBCASE("a signature cut short") {
    WriteFile(sig, good.substr(0, good.size() - 10));
    auto check = core::VerifyReleaseArtefact(a.file, a.Key());
    REQUIRE_FALSE(check.ok());
    CHECK(check.error().message.find("damaged") != std::string::npos);
  }
}

TEST_CASE("the secret key file is private to its owner and refuses to be overwritten") {
  SignedArtefact a;
  struct stat st {};
  REQUIRE(::stat(a.secret.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  auto again = RunProcess({STACCS_RELEASE_SIGN_PATH, "keygen", a.secret.string(), a.pub.string()});
  CHECK(again.exit_code != 0);
  CHECK(again.err.find("refusing to overwrite") != std::string::npos);
}

TEST_CASE("a release key that is not 32 bytes of hex is refused") {
  CHECK_FALSE(core::ParseReleaseKey("abcd").ok());
  CHECK_FALSE(core::ParseReleaseKey(std::string(64, 'z')).ok());
  CHECK_FALSE(core::ParseReleaseKey("staccs-release-key v2 " + std::string(64, 'a')).ok());
}

TEST_CASE("staccs-cli verify-release accepts a genuine artefact and refuses each fault with a clear message") {
  SignedArtefact a;
  SignedArtefact other;
  TempDir home;
  auto run = [&](const std::vector<std::string>& extra) {
    std::vector<std::string> argv = {CliPath(), "--home", home.path().string(), "verify-release", a.file.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunProcess(argv);
  };
  auto genuine = run({"--key", a.pub.string()});
  CHECK_MESSAGE(genuine.exit_code == 0, genuine.err);
  CHECK(genuine.out.find("genuine") != std::string::npos);
  CHECK(genuine.out.find("sha256 " + ToHex(*core::Sha256File(a.file))) != std::string::npos);

  auto no_key = run({});
  CHECK(no_key.exit_code != 0);
  CHECK(no_key.err.find("needs the release key") != std::string::npos);

  auto wrong = run({"--key", ToHex(other.Key())});
  CHECK(wrong.exit_code != 0);
  CHECK(wrong.err.find("not by the release key") != std::string::npos);

  std::string body = ReadFileText(a.file);
  body[body.size() / 3] = static_cast<char>(body[body.size() / 3] ^ 0x40);
  WriteFile(a.file, body);
  auto flipped = run({"--key", a.pub.string()});
  CHECK(flipped.exit_code != 0);
  CHECK(flipped.err.find("signature does not verify") != std::string::npos);

  fs::remove(a.file.string() + ".sig");
  auto unsigned_file = run({"--key", a.pub.string()});
  CHECK(unsigned_file.exit_code != 0);
  CHECK(unsigned_file.err.find("no signature") != std::string::npos);
}
