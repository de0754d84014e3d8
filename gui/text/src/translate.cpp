#include "staccs/gui/text/translate.h"

#include <array>
#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "staccs/gui/text/po_file.h"

namespace staccs::gui {

namespace detail {
extern const std::string_view kCatalogueFr;
extern const std::string_view kCatalogueAr;
}  // namespace detail

namespace {

constexpr std::array<LanguageInfo, 3> kLanguages = {{
    {"en", "English", false},
    {"fr", "Français", false},
    {"ar", "العربية", true},
}};

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// One language's messages. Built once, never changed or freed, so the pointers tr() hands out
// stay valid for the whole run and readers need no lock.
struct Catalogue {
  std::unordered_map<std::string, std::vector<std::string>, StringHash, std::equal_to<>> messages;
};

std::atomic<std::size_t> g_current{0};

const Catalogue& Load(std::size_t index) {
  static std::array<Catalogue, kLanguages.size()> catalogues;
  static std::array<std::once_flag, kLanguages.size()> once;
  std::call_once(once[index], [index] {
    const std::string_view source = index == 1 ? detail::kCatalogueFr : index == 2 ? detail::kCatalogueAr : "";
    if (source.empty()) return;
    auto parsed = ParsePo(source);
    if (!parsed) {
      // Cannot happen for a build whose tests passed (they parse the same files); fall back to
      // English rather than stop a participant's work.
      std::fprintf(stderr, "staccs: %s.po: %s\n", kLanguages[index].code, parsed.error().message.c_str());
      return;
    }
    for (auto& entry : parsed->entries) {
      // gettext ignores fuzzy entries; so do we (our convention marks review with a comment).
      if (entry.HasFlag("fuzzy") || !entry.Translated()) continue;
      catalogues[index].messages.emplace(entry.Key(), std::move(entry.msgstr));
    }
  });
  return catalogues[index];
}

const std::vector<std::string>* Find(std::string_view key) {
  const std::size_t lang = g_current.load(std::memory_order_acquire);
  if (lang == 0) return nullptr;
  const Catalogue& c = Load(lang);
  const auto it = c.messages.find(key);
  return it == c.messages.end() ? nullptr : &it->second;
}

}  // namespace

std::span<const LanguageInfo> Languages() { return kLanguages; }

bool SetLanguage(std::string_view code) {
  for (std::size_t i = 0; i < kLanguages.size(); ++i) {
    if (code == kLanguages[i].code) {
      Load(i);  // parse before switching, so no reader waits
      g_current.store(i, std::memory_order_release);
      return true;
    }
  }
  return false;
}

const char* CurrentLanguage() { return kLanguages[g_current.load(std::memory_order_acquire)].code; }

bool IsRightToLeft() { return kLanguages[g_current.load(std::memory_order_acquire)].right_to_left; }

const char* tr(const char* msgid) {
  const auto* forms = Find(msgid);
  return forms != nullptr ? (*forms)[0].c_str() : msgid;
}

const char* trc(const char* context, const char* msgid) {
  thread_local std::string key;
  key.assign(context).push_back('\x04');
  key.append(msgid);
  const auto* forms = Find(key);
  return forms != nullptr ? (*forms)[0].c_str() : msgid;
}

const char* trn(const char* singular, const char* plural, unsigned long n) {
  if (const auto* forms = Find(singular)) {
    const std::size_t index = detail::PluralIndex(CurrentLanguage(), n);
    if (index < forms->size()) return (*forms)[index].c_str();
  }
  return n == 1 ? singular : plural;
}

namespace detail {

std::size_t PluralIndex(std::string_view language, unsigned long n) {
  if (language == "fr") return n > 1 ? 1 : 0;
  if (language == "ar") {
    const unsigned long h = n % 100;
    return n == 0 ? 0 : n == 1 ? 1 : n == 2 ? 2 : (h >= 3 && h <= 10) ? 3 : h >= 11 ? 4 : 5;
  }
  return n != 1 ? 1 : 0;
}

const char* PluralFormsHeader(std::string_view language) {
  if (language == "en") return "nplurals=2; plural=(n != 1);";
  if (language == "fr") return "nplurals=2; plural=(n > 1);";
  if (language == "ar")
    return "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);";
  return nullptr;
}

}  // namespace detail

}  // namespace staccs::gui
