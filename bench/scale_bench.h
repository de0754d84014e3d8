// Shared parts of bench/scale_bench (issue 15): how a measured operation is run in its own
// process, and the two worlds it runs in — the received-log world (scale_log_world.cpp: a
// participant and an organiser facing a log of N entries) and the campaign world
// (scale_campaign.cpp: a secretariat, an organiser carrying N real bundles, a stick, a real
// staccs-relay on loopback).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "staccs/core/kit.h"

namespace staccs::scale {

namespace fs = std::filesystem;

// Every kit the bench makes uses this passphrase and the fast test KDF: the unlock's cost is
// measured in store_bench, not here.
inline constexpr const char* kPassphrase = "bench passphrase";
core::Kit NewKit(const fs::path& home);
core::Kit OpenKit(const fs::path& home);

// One measured run: wall time from before the fork to the child's exit, and the child's own
// peak RSS (wait4's ru_maxrss). `out` is what it printed on stdout.
struct Measure {
  double seconds = 0;
  long rss_kib = 0;
  std::string out;
  bool ran = false;
};

// Runs `argv` (argv[0] a path) through a small runner process (this program with --measure),
// so the child's ru_maxrss does not count the bench's own memory: Linux carries the forking
// process's high-water mark into the child until it execs. Dies if the child fails.
Measure RunMeasured(const std::vector<std::string>& argv, const fs::path& out_file);
// staccs-cli --home HOME ARGS...
Measure RunCli(const fs::path& home, const std::vector<std::string>& args, const fs::path& out_file);
// This program's in-process operation (scale_log_world.cpp's RunLogOp) in its own process.
Measure RunSelf(const std::string& op, const fs::path& home, const fs::path& out_file);

// Copies a folder tree (kits are closed while copied), replacing `to`.
void CopyTree(const fs::path& from, const fs::path& to);

// What a bench row reports: the operation's name, the size it ran at, what was measured.
using Report = std::function<void(const std::string& row, std::size_t n, const Measure& m)>;

// ---- the received-log world (scale_log_world.cpp) ----
// A participant kit with n/10 sealed drafts and n practices, an organiser carrying the
// campaign's other bundles, and a received-log of n entries listing all of them.
void SetupLogWorld(const fs::path& dir, std::size_t n);
int RunLogOp(const std::string& op, const fs::path& home);
// apply-log (each kit), the quadratic baseline (up to 10^4), draft list, outbox, practice
// search (CLI and index).
void RunLogRows(const fs::path& dir, std::size_t n, const std::vector<std::string>& groups, const Report& report);

// ---- the campaign world (scale_campaign.cpp) ----
// A secretariat kit with the forum's campaign, an organiser kit carrying n real bundles
// (submissions with every consent, 10% practice records), a participant kit with one sealed
// submission not yet sent.
void SetupCampaignWorld(const fs::path& dir, std::size_t n);
void RunCampaignRows(const fs::path& dir, std::size_t n, const std::vector<std::string>& groups, const Report& report);

bool Wants(const std::vector<std::string>& groups, const std::string& group);

}  // namespace staccs::scale
