#include "power_cut.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "durable_image.h"

namespace staccs::test {

PowerCutRoot::PowerCutRoot(const fs::path& base)
    : base_(fs::absolute(base)), root_(base_ / "root"), model_(base_ / "model") {
  fs::create_directories(root_);
}

void PowerCutRoot::Baseline() {
  power_cut::DurableImage image(model_.string(), root_.string());
  std::string why;
  if (!image.EnsureBaseline(&why)) throw std::runtime_error("power-cut baseline: " + why);
}

std::map<std::string, std::string> PowerCutRoot::Env(std::uint64_t kill_at, const std::string& kill_at_path,
                                                     int path_count) const {
  std::map<std::string, std::string> env = {
      {"LD_PRELOAD", STACCS_POWER_CUT_SHIM},
      {"POWERCUT_ROOT", root_.string()},
      {"POWERCUT_MODEL", model_.string()},
      // An ASan build wants its runtime first in the list of libraries; the shim comes first.
      {"ASAN_OPTIONS", std::string(std::getenv("ASAN_OPTIONS") ? std::getenv("ASAN_OPTIONS") : "") +
                           ":verify_asan_link_order=0"},
  };
  if (kill_at != 0) env["POWERCUT_KILL_AT"] = std::to_string(kill_at);
  if (!kill_at_path.empty()) {
    env["POWERCUT_KILL_AT_PATH"] = kill_at_path;
    env["POWERCUT_KILL_AT_PATH_COUNT"] = std::to_string(path_count);
  }
  return env;
}

fs::path PowerCutRoot::Cut() {
  const fs::path out = base_ / ("image-" + std::to_string(++cuts_));
  std::string why;
  if (!power_cut::RebuildImage(model_.string(), out.string(), &why)) throw std::runtime_error("power-cut image: " + why);
  return out;
}

int SoakFactor() {
  const char* v = std::getenv("STACCS_POWER_CUT_SOAK");
  const int n = v == nullptr ? 1 : std::atoi(v);
  return n < 1 ? 1 : n;
}

unsigned CutSeed(unsigned fixed) {
  const char* v = std::getenv("STACCS_POWER_CUT_SEED");
  return v == nullptr || *v == 0 ? fixed : static_cast<unsigned>(std::strtoul(v, nullptr, 10));
}

std::uint64_t PowerCutRoot::Flushes() const {
  std::ifstream in(model_ / "count");
  std::uint64_t n = 0;
  in >> n;
  return n;
}

std::vector<std::string> PowerCutRoot::FlushLog() const {
  std::vector<std::string> lines;
  std::ifstream in(model_ / "flushes");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace staccs::test
