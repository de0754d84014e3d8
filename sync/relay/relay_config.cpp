#include "relay_config.h"

#include <charconv>
#include <chrono>
#include <cstdint>

namespace staccs::sync {

namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// A whole number with an optional unit suffix, each unit a multiplier.
Result<std::uint64_t> Number(std::string_view key, std::string_view value,
                             std::initializer_list<std::pair<char, std::uint64_t>> units) {
  std::uint64_t multiplier = 1;
  if (!value.empty()) {
    for (const auto& [suffix, m] : units) {
      if (value.back() == suffix) {
        multiplier = m;
        value.remove_suffix(1);
        break;
      }
    }
  }
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty())
    return Error::Usage(std::string(key) + ": '" + std::string(value) + "' is not a number");
  if (n > UINT64_MAX / multiplier) return Error::Usage(std::string(key) + ": too large");
  return n * multiplier;
}

Result<std::uint64_t> Size(std::string_view key, std::string_view value) {
  return Number(key, value, {{'K', 1024}, {'M', 1024 * 1024}, {'G', 1024ull * 1024 * 1024}});
}

Result<std::chrono::milliseconds> Duration(std::string_view key, std::string_view value) {
  STACCS_ASSIGN(std::uint64_t s, Number(key, value, {{'s', 1}, {'m', 60}, {'h', 3600}, {'d', 86400}}));
  return std::chrono::milliseconds(static_cast<std::int64_t>(s) * 1000);
}

Result<bool> Flag(std::string_view key, std::string_view value) {
  if (value == "true" || value == "yes" || value == "on") return true;
  if (value == "false" || value == "no" || value == "off") return false;
  return Error::Usage(std::string(key) + ": say true or false");
}

}  // namespace

Status ApplyRelaySetting(std::string_view key, std::string_view value, RelayConfig& c) {
  if (value.empty()) return Error::Usage(std::string(key) + ": needs a value");
  if (key == "data") c.data = value;
  else if (key == "listen") c.listen = value;
  else if (key == "campaign") c.campaign_files.emplace_back(value);
  else if (key == "campaigns") c.campaigns_dir = value;
  else if (key == "upstream") c.upstreams.emplace_back(value);
  else if (key == "tls_cert") c.tls_cert = value;
  else if (key == "tls_key") c.tls_key = value;
  else if (key == "log_client_addresses") { STACCS_ASSIGN(c.log_client_addresses, Flag(key, value)); }
  else if (key == "forward_every") {
    STACCS_ASSIGN(auto d, Duration(key, value));
    c.forward_every_seconds = static_cast<int>(std::max<std::int64_t>(1, d.count() / 1000));
  } else if (key == "max_bundle_size") {
    STACCS_ASSIGN(auto n, Size(key, value));
    c.limits.max_bundle_bytes = static_cast<std::size_t>(n);
  } else if (key == "disk_quota") { STACCS_ASSIGN(c.limits.disk_quota_bytes, Size(key, value)); }
  else if (key == "retention") {
    STACCS_ASSIGN(auto d, Duration(key, value));
    c.limits.retention_seconds = d.count() / 1000;
  } else if (key == "partial_upload_idle") {
    STACCS_ASSIGN(auto d, Duration(key, value));
    c.limits.partial_idle_seconds = d.count() / 1000;
  } else if (key == "max_partial_uploads") {
    STACCS_ASSIGN(auto n, Number(key, value, {}));
    c.limits.max_partial_uploads = static_cast<std::size_t>(n);
  } else if (key == "compact_after") {
    STACCS_ASSIGN(c.limits.compact_dead_bytes, Size(key, value));
  } else if (key == "max_connections") {
    STACCS_ASSIGN(auto n, Number(key, value, {}));
    c.gate.max_connections = static_cast<std::size_t>(n);
  } else if (key == "max_connections_per_address") {
    STACCS_ASSIGN(auto n, Number(key, value, {}));
    c.gate.max_connections_per_address = static_cast<std::size_t>(n);
  } else if (key == "requests_per_second_per_address") {
    STACCS_ASSIGN(auto n, Number(key, value, {}));
    c.gate.requests_per_second_per_address = static_cast<double>(n);
  } else if (key == "workers") {
    STACCS_ASSIGN(auto n, Number(key, value, {}));
    if (n == 0 || n > 1024) return Error::Usage("workers: between 1 and 1024");
    c.gate.workers = static_cast<std::size_t>(n);
  } else if (key == "header_timeout") { STACCS_ASSIGN(c.gate.header_deadline, Duration(key, value)); }
  else if (key == "keep_alive_timeout") { STACCS_ASSIGN(c.gate.keep_alive_idle, Duration(key, value)); }
  else if (key == "io_timeout") { STACCS_ASSIGN(c.gate.io_timeout, Duration(key, value)); }
  else if (key == "max_header_size") {
    STACCS_ASSIGN(auto n, Size(key, value));
    c.gate.max_header_bytes = static_cast<std::size_t>(n);
  } else if (key == "min_upload_rate") { STACCS_ASSIGN(c.gate.min_bytes_per_second, Size(key, value)); }
  else return Error::Usage("unknown key '" + std::string(key) + "'");
  return {};
}

Status ApplyRelayConfig(std::string_view text, RelayConfig& config) {
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text.remove_prefix(eol == std::string_view::npos ? text.size() : eol + 1);
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return Error::Usage("line " + std::to_string(number) + ": expected key = value");
    auto st = ApplyRelaySetting(Trim(line.substr(0, eq)), Trim(line.substr(eq + 1)), config);
    if (!st) return Error::Usage("line " + std::to_string(number) + ": " + st.error().message);
  }
  return {};
}

}  // namespace staccs::sync
