#include "staccs/core/passphrase_strength.h"

#include <zxcvbn.h>

#include "passphrase_verdict.h"

namespace staccs::core {

PassphraseStrength EstimatePassphrase(const crypto::Passphrase& passphrase, const std::vector<std::string>& user_words) {
  // zxcvbn takes a C string: a wiped copy with its terminating NUL.
  crypto::SecretBytes text(passphrase.size() + 1);
  for (std::size_t i = 0; i < passphrase.size(); ++i) text.data()[i] = passphrase.data()[i];
  std::vector<const char*> dict;
  for (const auto& w : user_words)
    if (!w.empty()) dict.push_back(w.c_str());
  dict.push_back(nullptr);
  ZxcMatch_t* info = nullptr;
  const double bits = ZxcvbnMatch(reinterpret_cast<const char*>(text.data()), dict.data(), &info);
  bool common = false;
  for (ZxcMatch_t* m = info; m; m = m->Next) {
    const int type = static_cast<int>(m->Type) & ~static_cast<int>(MULTIPLE_MATCH);
    if (type == DICTIONARY_MATCH || type == DICT_LEET_MATCH || type == USER_MATCH || type == USER_LEET_MATCH)
      common = true;
  }
  ZxcvbnFreeInfo(info);
  return PassphraseVerdict(bits, common ? ", and it is built on common words or names" : "");
}

}  // namespace staccs::core
