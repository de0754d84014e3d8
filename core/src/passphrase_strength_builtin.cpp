// EstimatePassphrase without libzxcvbn, for builds that cannot have it: the Windows build
// compiles its libraries from Debian's source packages, and Debian's mirror does not serve
// zxcvbn-c's source (its orig tarball answers 404). This estimator is deliberately
// pessimistic instead of clever: it has no word lists, so it assumes every run of letters
// may be a dictionary word and prices it as one, which refuses some strong passphrases that
// zxcvbn would accept but does not accept the weak ones zxcvbn refuses ("Tr0ub4dor&3",
// "password123", names). docs/WINDOWS.md says it is weaker.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "passphrase_verdict.h"
#include "staccs/core/passphrase_strength.h"

namespace staccs::core {
namespace {

// A dictionary of 2^15 words (with its common capitalisations) is what an attacker's
// word-list covers; a letter run costs the cheaper of guessing it letter by letter or word by word.
constexpr double kWordBits = 15.0;
constexpr double kLetterBits = 4.7;   // log2(26)
constexpr double kUserWordBits = 2.0;  // the user's or the kit's own name: among the first guesses
constexpr double kDigitBits = 3.32;   // log2(10)
constexpr double kSymbolBits = 5.0;   // log2(33), printable ASCII symbols and space
constexpr double kOtherBits = 7.0;    // one non-ASCII character (Arabic letters, accents): a rough alphabet

bool SameOrNext(unsigned char a, unsigned char b) { return a == b || a + 1 == b || a == b + 1; }

}  // namespace

PassphraseStrength EstimatePassphrase(const crypto::Passphrase& passphrase, const std::vector<std::string>& user_words) {
  const auto* p = reinterpret_cast<const unsigned char*>(passphrase.data());
  const std::size_t n = passphrase.size();
  double bits = 0;
  bool names_user = false;
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    const bool alpha = std::isalpha(p[i]) != 0, digit = std::isdigit(p[i]) != 0, ascii = p[i] < 0x80;
    if (alpha || digit) {
      while (j < n && (alpha ? std::isalpha(p[j]) != 0 : std::isdigit(p[j]) != 0)) ++j;
    } else if (!ascii) {
      while (j < n && p[j] >= 0x80) ++j;
    }
    // Repeats and sequences ("aaaa", "1234", "abcd") cost about one character and a length.
    bool monotone = j - i >= 3;
    for (std::size_t k = i + 1; k < j && monotone; ++k) monotone = SameOrNext(p[k - 1], p[k]);
    const double len = static_cast<double>(j - i);
    double run;
    if (alpha) {
      std::string word(reinterpret_cast<const char*>(p + i), j - i);
      std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
      bool names = false;
      for (const auto& w : user_words) {
        std::string lw = w;
        std::transform(lw.begin(), lw.end(), lw.begin(), [](unsigned char c) { return std::tolower(c); });
        // The run holds the name ("amina1"), or is a good part of it ("Amin" of "Amina"); a
        // short run like "a" found inside "staccs" is not a name.
        if ((lw.size() >= 3 && word.find(lw) != std::string::npos) || (word.size() >= 4 && lw.find(word) != std::string::npos))
          names = true;
      }
      names_user = names_user || names;
      // A word the attacker knows first costs about a pick from that short list.
      run = names ? kUserWordBits : std::min(len * kLetterBits, kWordBits);
    } else if (digit) {
      run = len * kDigitBits;
      if (j - i == 4 && (p[i] == '1' || p[i] == '2')) run = std::min(run, 8.0);  // a year
    } else if (!ascii) {
      run = len * kOtherBits / 2;  // UTF-8: two bytes for most non-Latin letters
    } else {
      run = kSymbolBits;
    }
    if (monotone) run = std::min(run, 4.0 + std::log2(len));
    bits += run;
    i = j;
  }
  return PassphraseVerdict(bits, names_user ? ", and it contains your name or the kit's" : "");
}

}  // namespace staccs::core
