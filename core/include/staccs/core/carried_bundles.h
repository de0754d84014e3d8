// What an organiser's kit carries for others (`staccs-cli carry`): the sealed bundles it took
// in from sticks, files or relays and cannot read, by campaign, with where each has been
// passed on and whether the campaign's received-log has listed it yet (then it is dropped).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/core/outbox.h"

namespace staccs::core {

struct CarriedBundle {
  std::string id;
  std::string campaign_id;
  std::size_t size = 0;
  std::int64_t arrived_unix = 0;
  std::optional<std::int64_t> dropped_unix;  // the received-log listed it: the bytes are gone
  std::vector<BundlePath> passed_on;          // sticks, relays and files it was written to
};

// Bundles not sealed by this kit, oldest first; dropped ones only with `include_dropped`.
Result<std::vector<CarriedBundle>> CarriedBundles(Kit& kit, bool include_dropped);

}  // namespace staccs::core
