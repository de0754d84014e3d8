// staccs: the desktop client (SPEC §5). Thin: options in, the window out.
#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>

#include "app.h"
#include "staccs/core/demo_kit.h"
#include "staccs/core/platform.h"
#include "staccs/crypto/secret.h"
#include "staccs/version.h"

namespace {

constexpr const char* kHelp =
    "staccs: the STACCS Field Kit's desktop client.\n\n"
    "usage: staccs [--home DIR] [--lang en|fr|ar] [--demo DIR]\n"
    "       staccs --screenshot DIR [--lang en|fr|ar] [--size WxH]\n"
    "       staccs --version | --help\n\n"
    "  --home DIR        the kit's folder (default: $STACCS_HOME, a 'staccs-data' folder beside\n"
    "                    this program, or the user data folder)\n"
    "  --lang L          the interface language for this run\n"
    "  --demo DIR        make demo kits in DIR (a secretariat's campaign, a draft in progress)\n"
    "                    and open the participant's; its passphrase is shown on the unlock screen\n"
    "  --screenshot DIR  draw every screen with demo data to DIR/<screen>.png and exit\n"
    "  --size WxH        window size (default 1024x600)\n\n"
    "Screen readers are not supported (Dear ImGui has no accessibility interface): every task\n"
    "is also possible with staccs-cli (run 'staccs-cli --help').\n";

bool ParseSize(const std::string& s, int& w, int& h) {
  const auto x = s.find('x');
  if (x == std::string::npos) return false;
  auto a = std::from_chars(s.data(), s.data() + x, w);
  auto b = std::from_chars(s.data() + x + 1, s.data() + s.size(), h);
  return a.ec == std::errc() && a.ptr == s.data() + x && b.ec == std::errc() && b.ptr == s.data() + s.size() && w >= 320 &&
         h >= 240 && w <= 8192 && h <= 8192;
}

}  // namespace

int main(int argc, char** argv) {
  staccs::platform::UseUtf8Console();
  if (auto hardened = staccs::platform::HardenProcess(); !hardened) {
    std::fprintf(stderr, "staccs: %s\n", hardened.error().message.c_str());
    return 4;
  }
  staccs::gui::AppOptions o;
  std::string demo_dir;
  const std::vector<std::string> words = staccs::platform::Utf8Arguments(argc, argv);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& a = words[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= words.size()) return false;
      out = words[++i];
      return true;
    };
    std::string v;
    if (a == "--version") {
      std::printf("staccs %s\n", staccs::kVersion);
      return 0;
    } else if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--home" && value(v)) {
      o.home = staccs::platform::PathFromUtf8(v);
    } else if (a == "--lang" && value(v) && (v == "en" || v == "fr" || v == "ar")) {
      o.language = v;
    } else if (a == "--demo" && value(v)) {
      demo_dir = v;
    } else if (a == "--screenshot" && value(v)) {
      o.screenshot_dir = staccs::platform::PathFromUtf8(v);
    } else if (a == "--size" && value(v) && ParseSize(v, o.width, o.height)) {
    } else if (a == "--frames" && value(v)) {  // tests
      std::from_chars(v.data(), v.data() + v.size(), o.max_frames);
    } else if (a == "--frame-log" && value(v)) {  // tests
      o.frame_log = staccs::platform::PathFromUtf8(v);
    } else if (a == "--screen-log" && value(v)) {  // tests
      o.screen_log = staccs::platform::PathFromUtf8(v);
    } else if (a == "--report-first-frame") {  // bench/gui_bench
      o.report_first_frame = true;
    } else if (a == "--kdf-profile" && value(v) && v == "test-only-insecure") {  // tests
      o.kdf_profile = staccs::crypto::KdfProfile::kFastInsecureForTests;
    } else if (a == "--test-recovery-code-file" && value(v)) {  // tests, with the insecure KDF only
      o.test_recovery_code_file = staccs::platform::PathFromUtf8(v);
    } else if (a == "--hidden") {
      o.hidden = true;
    } else if (a == "--gl2") {
      o.force_gl2 = true;
    } else {
      std::fprintf(stderr, "staccs: unknown or incomplete option '%s' (see staccs --help)\n", a.c_str());
      return 1;
    }
  }
  if (!staccs::crypto::Initialize()) {
    std::fprintf(stderr, "staccs: the cryptography library could not start\n");
    return 4;
  }
  if (!demo_dir.empty()) {
    staccs::core::DemoOptions d;
    d.kdf_profile = o.kdf_profile;
    d.language = o.language.value_or("en");
    auto demo = staccs::core::SetUpDemoKits(staccs::platform::PathFromUtf8(demo_dir), d);
    if (!demo) {
      std::fprintf(stderr, "staccs: demo: %s\n", demo.error().message.c_str());
      return 4;
    }
    o.home = demo->participant_home;
    o.demo = true;
  }
  if (o.home.empty()) {
    if (auto env = staccs::platform::Utf8Environment("STACCS_HOME")) o.home = staccs::platform::PathFromUtf8(*env);
    else if (auto exe = staccs::platform::ExecutableDirectory(); exe && std::filesystem::is_directory(*exe / "staccs-data"))
      o.home = *exe / "staccs-data";
    else o.home = staccs::platform::DefaultDataDirectory();
  }
  return staccs::gui::RunApp(o);
}
