// A relay passing what it holds on to its upstream relays (SPEC §4), with the same engine the
// participant's kit uses (SendBundles), and bringing the upstream's received-log back so its
// own clients learn of arrival and the bundles it lists expire here.
#pragma once

#include <string>

#include "staccs/sync/relay_store.h"
#include "staccs/sync/relay_sync.h"

namespace staccs::sync {

// One pass: forwards every held bundle the upstream has not receipted, then fetches the
// campaigns' received-logs from it. Chains and loops of relays neither lose nor duplicate:
// "which do you lack" skips what the upstream holds, and a bundle is stored once per id.
Result<SyncReport> ForwardToUpstream(RelayStore& store, const std::string& upstream_url, const HttpOptions& http = {});

}  // namespace staccs::sync
