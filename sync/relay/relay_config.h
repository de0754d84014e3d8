// staccs-relay's settings: built-in defaults, then a config file (`--config FILE`), then the
// command line, each overriding the one before. The file is lines of `key = value`; `#`
// starts a comment; sizes take K, M or G (powers of 1024), durations s, m, h or d;
// `campaign` and `upstream` may repeat. packaging/relay/staccs-relay.conf lists every key.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "connection_gate.h"
#include "staccs/base/result.h"
#include "staccs/sync/relay_store.h"

namespace staccs::sync {

struct RelayConfig {
  std::string data = "staccs-relay-data";
  std::string listen = "127.0.0.1:8477";
  std::vector<std::string> campaign_files;
  std::string campaigns_dir;  // every *.stc in it is served too (the systemd unit's way)
  std::vector<std::string> upstreams;
  int forward_every_seconds = 30;
  bool log_client_addresses = false;
  RelayLimits limits;
  GateLimits gate;
  std::string tls_cert, tls_key;  // accepted so scripts can name them; see docs/RELAY_API.md
};

// Applies a config file's text to `config`. Errors name the line: "line 7: unknown key 'quota'".
Status ApplyRelayConfig(std::string_view text, RelayConfig& config);
// Applies one `key = value` (the file's keys; the command line's flags map onto them).
Status ApplyRelaySetting(std::string_view key, std::string_view value, RelayConfig& config);

}  // namespace staccs::sync
