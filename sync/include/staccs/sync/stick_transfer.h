// The sneakernet (SPEC §4): a kit folder on a USB stick, or any folder standing for one.
//
//   STICK/FOLDER/c/<campaign id>.stc        campaign files
//   STICK/FOLDER/r/<campaign id>.srl        received-logs
//   STICK/FOLDER/b/<2 hex>/<bundle id>.stb  bundles, sharded: FAT32 allows 65,536 entries
//                                           per folder and wastes a cluster per small file
//
// Names are lowercase hex and short extensions: safe on FAT32 and exFAT. Every file export
// writes goes under a temporary name, is flushed, renamed, its folder flushed, then read back
// after dropping the cache (a file already there with the right size is left alone). Import
// only accepts a bundle whose bytes hash to its name and a campaign or received-log whose
// content matches its name, so a stick pulled out or full mid-write leaves nothing an import
// would accept. Bundles are checked as a carrier can (envelope, id); only the secretariat can
// check their signatures.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/sync/transfer_progress.h"

namespace staccs::sync {

inline constexpr const char* kDefaultStickFolder = "staccs";

struct ExportReport {
  std::size_t bundles_written = 0;
  std::size_t bundles_already_there = 0;
  std::size_t bundles_removed = 0;  // listed in a received-log: no longer carried
  std::size_t campaigns_written = 0;
  std::size_t logs_written = 0;
  std::size_t bundles_to_write = 0;
  std::string label;    // the stick's label (<folder>/label): outboxes record "stick:LABEL"
  std::string stopped;  // non-empty if the export stopped early: why (stick full, read-only…)
};

struct ImportReport {
  std::size_t bundles_new = 0;
  std::size_t bundles_duplicate = 0;
  std::size_t bundles_already_received = 0;
  std::size_t campaigns_new = 0, campaigns_updated = 0;
  std::size_t logs_applied = 0, marked_received = 0, dropped = 0;
  std::vector<std::string> rejected;  // "FILE: reason"
};

struct StickOptions {
  std::string folder = kDefaultStickFolder;
  bool bundles = true;  // false: only campaigns and received-logs (a secretariat returning logs)
  // The stick's label. Empty: keep the one the stick has, or write a new "stick-xxxxxx".
  std::string label;
  // Optional: bundles handled and bytes written, for a progress bar; a cancel request stops
  // an export before the next bundle (reported in `stopped`) and an import after the batch.
  TransferProgress* progress = nullptr;
};

// Writes the kit's campaigns, received-logs and the bundles it carries to the stick. Stops at
// the first write that fails and says what it did write. A stick is known by the label the kit
// writes on it, not by where it was mounted (the same stick is /media/usb0 today, E:\ tomorrow).
Result<ExportReport> ExportToStick(core::Kit& kit, const std::filesystem::path& stick, const StickOptions& options = {});

// Reads campaigns, received-logs and bundles from the stick; verifies every file.
Result<ImportReport> ImportFromStick(core::Kit& kit, const std::filesystem::path& stick, const StickOptions& options = {});

// The file a single bundle travels as by any other channel (email, messaging apps).
Status ExportBundleFile(core::Kit& kit, std::string_view bundle_id, const std::filesystem::path& file);
Result<ImportReport> ImportBundleFile(core::Kit& kit, const std::filesystem::path& file);

}  // namespace staccs::sync
