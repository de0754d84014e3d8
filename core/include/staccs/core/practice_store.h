// Practice records in the kit's store, sealed per row, searched through an in-memory index.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/kit.h"
#include "staccs/core/practice.h"
#include "staccs/core/practice_index.h"

namespace staccs::core {

class PracticeStore {
 public:
  explicit PracticeStore(Kit& kit) : kit_(kit) {}

  Result<Practice> Add(std::string_view campaign_id, const PracticeContent& content);
  Status Save(const std::string& practice_id, const PracticeContent& content);
  Result<Practice> Get(std::string_view id_or_prefix);
  // Every record, oldest first, decrypted one at a time: what List, BuildIndex and Search
  // walk, so none of them holds more than it keeps.
  Status ForEach(const std::function<Status(Practice)>& visit);
  Result<std::vector<Practice>> List();
  // Removes a record; what was sealed from it stays in the outbox.
  Status Delete(const std::string& practice_id);
  // Decrypts every record into a fresh in-memory index (the desktop client, searching as the
  // user types).
  Result<PracticeIndex> BuildIndex();
  // One search without an index: decrypts the records one at a time and keeps only those that
  // match, newest first, as PracticeIndex::Search orders them. What a one-shot command (the
  // CLI) should use: memory grows with the matches, not the store, and no index is built.
  Result<std::vector<Practice>> Search(std::string_view query, const PracticeFilter& filter = {});

 private:
  Kit& kit_;
};

}  // namespace staccs::core
