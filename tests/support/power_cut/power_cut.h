// The test side of the power-cut layer (durable_image.h, power_cut_shim.cpp): a folder tree
// that can "lose power". Programs run on it with the shim preloaded; a cut rebuilds, into a
// fresh folder, what the device would hold after the power came back; the test then reopens
// the kit, stick or relay from that image.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace staccs::test {

namespace fs = std::filesystem;

class PowerCutRoot {
 public:
  // `base/root` is the tree (made empty here), `base/model` the shim's model beside it.
  explicit PowerCutRoot(const fs::path& base);

  const fs::path& root() const { return root_; }
  // Takes the start state now: whatever the test put under the root is durable.
  void Baseline();
  // The environment that runs a program under the shim. `kill_at`: SIGKILL the process as the
  // Nth flush (counted across processes) starts; `kill_at_path`: as its `path_count`th flush
  // of that path (relative to the root) starts.
  std::map<std::string, std::string> Env(std::uint64_t kill_at = 0, const std::string& kill_at_path = "",
                                         int path_count = 1) const;
  // Rebuilds the durable image as of now into a new folder and returns it: the root as it
  // would be found after a power cut at this moment.
  fs::path Cut();
  // Flushes the model has seen so far (under the root, every process).
  std::uint64_t Flushes() const;
  // The model's log of flushes: "N pid kind path" lines.
  std::vector<std::string> FlushLog() const;

 private:
  fs::path base_, root_, model_;
  int cuts_ = 0;
};

// How many times over the random cut points and moments are drawn: 1 in the suite, more in
// tests/durability/power-cut-soak.sh (STACCS_POWER_CUT_SOAK=N).
int SoakFactor();
// The seed for those draws: `fixed` in the suite, STACCS_POWER_CUT_SEED when the soak sets it.
unsigned CutSeed(unsigned fixed);

// The image path a file under the original root has in a cut image.
inline fs::path InImage(const fs::path& image, const fs::path& root, const fs::path& original) {
  return image / fs::relative(original, root);
}

}  // namespace staccs::test
