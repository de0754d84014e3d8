// The Windows build's passphrase estimator (passphrase_strength_builtin.cpp, used where
// libzxcvbn cannot be built). Compiled here into its own test program, apart from staccs_core
// which holds the zxcvbn one, so the Linux suite holds it to the same refusals.
#include <doctest/doctest.h>

#include <string>

#include "staccs/core/passphrase_strength.h"

using staccs::core::EstimatePassphrase;

namespace {
staccs::core::PassphraseStrength Judge(const std::string& text, const std::vector<std::string>& user = {}) {
  auto p = staccs::crypto::Passphrase::Copy(
      staccs::ByteView(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  return EstimatePassphrase(p, user);
}
}  // namespace

TEST_CASE("builtin passphrase estimator: refuses what zxcvbn refuses") {
  for (const char* weak : {"abc", "password", "password123", "Tr0ub4dor&3", "qwertyuiop", "aaaaaaaaaaaaaaaa",
                           "1234567890123", "Summer2024!", "iloveyou1990"}) {
    INFO(weak);
    const auto s = Judge(weak);
    CHECK(s.weak);
    CHECK(s.advice.find("at least 50") != std::string::npos);
  }
}

TEST_CASE("builtin passphrase estimator: accepts several unrelated words and long random strings") {
  for (const char* strong : {"correct horse battery staple", "river-lamp-quietly-orange-seven", "x7Kq9pL2mZ4w!rT8",
                             "حماية البنية الأساسية للإنترنت في الأزمات"}) {
    INFO(strong);
    const auto s = Judge(strong);
    CHECK_FALSE(s.weak);
    CHECK(s.advice.empty());
  }
}

TEST_CASE("builtin passphrase estimator: the user's own name makes a passphrase weak") {
  CHECK_FALSE(Judge("amina river lamp").weak);
  const auto s = Judge("amina river lamp", {"Amina"});
  CHECK(s.weak);
  CHECK(s.advice.find("your name") != std::string::npos);
}

TEST_CASE("builtin passphrase estimator: short words are not taken for the user's name") {
  // "a" and "kit" appear inside the kit's name; the passphrase does not contain the name.
  const auto s = Judge("a walk across two whole systems", {"staccs-kit", "Amina"});
  CHECK_FALSE(s.weak);
  CHECK(s.advice.find("your name") == std::string::npos);
}
