#include "staccs/core/recovery_code.h"

#include "staccs/crypto/random.h"

namespace staccs::core {

static constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

std::string NewRecoveryCode() {
  std::string code;
  for (std::size_t i = 0; i < kRecoveryCodeChars; ++i) {
    if (i > 0 && i % 4 == 0) code.push_back('-');
    code.push_back(kAlphabet[crypto::RandomBelow(32)]);
  }
  return code;
}

static int Symbol(char c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (c == 'O') c = '0';
  if (c == 'I' || c == 'L') c = '1';
  for (int i = 0; i < 32; ++i)
    if (kAlphabet[i] == c) return i;
  return -1;
}

std::optional<crypto::SecretBytes> NormalizeRecoveryCode(std::string_view typed) {
  crypto::SecretBytes out(kRecoveryCodeChars);
  std::size_t n = 0;
  for (char c : typed) {
    if (c == '-' || c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    int s = Symbol(c);
    if (s < 0 || n == kRecoveryCodeChars) return std::nullopt;
    out.data()[n++] = static_cast<std::uint8_t>(kAlphabet[s]);
  }
  if (n != kRecoveryCodeChars) return std::nullopt;
  return out;
}

}  // namespace staccs::core
