// Compares a rendered screen with its committed reference: the share of pixels whose colour
// differs by more than a rasterising wobble must stay under a small tolerance. Prints the
// figure either way, and writes a diff image beside the rendering when it fails.
//   usage: png_compare RENDERED.png REFERENCE.png [MAX_FRACTION (default 0.01)]
#include <stb_image.h>
#include <stb_image_write.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: png_compare RENDERED REFERENCE [MAX_FRACTION]\n");
    return 2;
  }
  const double max_fraction = argc > 3 ? std::atof(argv[3]) : 0.01;
  int w1 = 0, h1 = 0, w2 = 0, h2 = 0, n = 0;
  unsigned char* a = stbi_load(argv[1], &w1, &h1, &n, 4);
  unsigned char* b = stbi_load(argv[2], &w2, &h2, &n, 4);
  if (a == nullptr || b == nullptr) {
    std::fprintf(stderr, "png_compare: cannot read %s\n", a == nullptr ? argv[1] : argv[2]);
    return 2;
  }
  if (w1 != w2 || h1 != h2) {
    std::fprintf(stderr, "png_compare: %s is %dx%d, the reference %dx%d\n", argv[1], w1, h1, w2, h2);
    return 1;
  }
  constexpr int kWobble = 48;  // per channel, out of 255: anti-aliasing differences
  std::size_t differing = 0;
  const std::size_t pixels = static_cast<std::size_t>(w1) * static_cast<std::size_t>(h1);
  std::vector<unsigned char> diff(pixels * 4, 0);
  for (std::size_t i = 0; i < pixels; ++i) {
    int worst = 0;
    for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(int(a[i * 4 + c]) - int(b[i * 4 + c])));
    diff[i * 4 + 3] = 255;
    if (worst > kWobble) {
      ++differing;
      diff[i * 4] = 255;
    } else {
      diff[i * 4 + 1] = static_cast<unsigned char>(a[i * 4 + 1] / 3);
    }
  }
  const double fraction = static_cast<double>(differing) / static_cast<double>(pixels);
  std::printf("%s: %.4f%% of pixels differ from %s (at most %.2f%% allowed)\n", argv[1], fraction * 100, argv[2],
              max_fraction * 100);
  stbi_image_free(a);
  stbi_image_free(b);
  if (fraction > max_fraction) {
    const std::string out = std::string(argv[1]) + ".diff.png";
    stbi_write_png(out.c_str(), w1, h1, 4, diff.data(), w1 * 4);
    std::printf("differences drawn in red: %s\n", out.c_str());
    return 1;
  }
  return 0;
}
