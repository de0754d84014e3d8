// Recovery codes: 28 characters of Crockford base32 (140 bits), shown as seven groups of four
// ("7QK2-M9XD-…"). Typing is forgiving: case, spaces, dashes, and the look-alikes O/0, I/L/1
// are folded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "staccs/crypto/secret.h"

namespace staccs::core {

inline constexpr std::size_t kRecoveryCodeChars = 28;

std::string NewRecoveryCode();
// The canonical form (28 symbols, no dashes) as a secret, or nullopt if malformed.
std::optional<crypto::SecretBytes> NormalizeRecoveryCode(std::string_view typed);

}  // namespace staccs::core
