// A secretariat's collected bundles, backed up beside its key backup (issue 11): relays and
// organisers drop a bundle once the received-log lists it, so the secretariat's copy is the
// only one left, and one lost laptop would otherwise lose the campaign.
//
// The bundles are written as they arrived — already sealed to the campaign's encryption key,
// which only the key backup holds — so the folder needs no further protection than a stick
// of carried bundles does, and can live on a stick or beside the key file:
//
//   DIR/b/<2 hex>/<bundle id>.stb   every bundle held for a campaign this kit owns
//   DIR/r/<campaign id>.srl         each owned campaign's received-log, as published
//
// Writing is incremental (a bundle file already there with the right size is left alone), so
// the same folder can be refreshed after each collect. Restoring stores every bundle whose
// bytes hash to its name, takes the received-log (so the restored kit continues its sequence
// rather than publishing an older one), then opens the bundles as collect would: the
// publication compiled afterwards is the same, byte for byte.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/collection.h"
#include "staccs/core/kit.h"

namespace staccs::core {

struct CollectedBackupReport {
  std::size_t bundles_written = 0;
  std::size_t bundles_already_there = 0;
  std::size_t logs_written = 0;
};

// Writes every held bundle of the campaigns this kit owns, and their received-logs, under
// `dir` (made if missing). Each file durably: temporary name, flush, rename, folder flush.
Result<CollectedBackupReport> WriteCollectedBackup(Kit& kit, const std::filesystem::path& dir);

struct CollectedRestoreReport {
  std::size_t bundles_restored = 0;
  std::size_t logs_restored = 0;
  std::vector<std::string> rejected;  // "FILE: reason" for files that were not taken
  CollectReport opened;               // the collection run over what was restored
};

// Reads a folder made by WriteCollectedBackup into a kit that holds the campaigns' keys
// (after RestoreKit). Outside bytes: links and odd files are refused, every bundle is checked
// against its name, every received-log against its campaign; a bad file is reported and the
// rest go on.
Result<CollectedRestoreReport> RestoreCollectedBackup(Kit& kit, const std::filesystem::path& dir);

}  // namespace staccs::core
