// staccs: the desktop client.
#include <cstring>
#include <iostream>

#include "staccs/gui/app.h"

int main(int argc, char** argv) {
  staccs::gui::AppOptions options;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--version") == 0) {
      std::cout << "staccs 0.1.0\n";
      return 0;
    }
    if (std::strcmp(argv[i], "--frames") == 0 && i + 1 < argc) options.frames = std::atoi(argv[++i]);
    else if (std::strcmp(argv[i], "--hidden") == 0) options.hidden = true;
  }
  return staccs::gui::RunApp(options);
}
