// `staccs --screenshot DIR [--lang L] [--size WxH]`: every screen drawn with demo data in a
// hidden window and written to DIR/<screen>.png; then the program exits.
#pragma once

#include "app.h"

namespace staccs::gui {

int RunScreenshots(const AppOptions& options);

}  // namespace staccs::gui
