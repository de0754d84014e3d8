// power-cut-image: the power-cut model's tool, for the soak script and for looking by hand.
//   power-cut-image baseline ROOT MODEL   take the start state of ROOT (the shim does this too)
//   power-cut-image rebuild MODEL OUT     write the durable image (what a cut now leaves) to OUT
#include <cstdio>
#include <string>

#include "durable_image.h"

int main(int argc, char** argv) {
  const std::string cmd = argc > 1 ? argv[1] : "";
  std::string why;
  if (cmd == "baseline" && argc == 4) {
    staccs::power_cut::DurableImage image(argv[3], argv[2]);
    if (image.EnsureBaseline(&why)) return 0;
  } else if (cmd == "rebuild" && argc == 4) {
    if (staccs::power_cut::RebuildImage(argv[2], argv[3], &why)) return 0;
  } else {
    std::fprintf(stderr, "usage: power-cut-image baseline ROOT MODEL | rebuild MODEL OUT\n");
    return 1;
  }
  std::fprintf(stderr, "power-cut-image: %s\n", why.c_str());
  return 2;
}
