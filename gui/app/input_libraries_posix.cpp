// input_libraries.h on POSIX: nothing to keep.
#include "input_libraries.h"

namespace staccs::gui {

void KeepInputLibrariesLoaded() {}

}  // namespace staccs::gui
