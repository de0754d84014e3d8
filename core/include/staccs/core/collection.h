// The secretariat's side of arrival: open every held bundle of the campaigns this kit owns,
// verify it, keep every revision, and publish a new received-log listing what arrived.
#pragma once

#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/bundle_file.h"
#include "staccs/core/kit.h"
#include "staccs/core/received_revisions.h"  // what CollectHeldBundles keeps, read back

namespace staccs::core {

struct CollectReport {
  std::size_t opened = 0;
  std::size_t rejected = 0;
  std::vector<std::string> rejections;  // "bundle 3f2a…: author signature does not verify …"
  std::vector<std::string> logs_updated;  // campaign ids whose received-log got a new version
};

Result<CollectReport> CollectHeldBundles(Kit& kit);

}  // namespace staccs::core
