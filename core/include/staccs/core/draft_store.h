// Drafts in the kit's store. Content is sealed per row; ids, times and state are clear.
#pragma once

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"
#include "staccs/core/draft.h"
#include "staccs/core/kit.h"

namespace staccs::core {

class DraftStore {
 public:
  explicit DraftStore(Kit& kit) : kit_(kit) {}

  // Creates a draft for a campaign the kit holds; returns it with its new id.
  Result<Draft> Create(std::string_view campaign_id, const DraftContent& content);
  // Replaces the content of an existing draft (one durable commit).
  Status Save(const std::string& draft_id, const DraftContent& content);
  Result<Draft> Get(std::string_view id_or_prefix);
  Result<std::vector<Draft>> List();
  // Each draft in List's order, one at a time: memory stays flat however many there are.
  Status ForEach(const std::function<Status(const Draft&)>& visit);
  Result<std::int64_t> Count();
  // Removes a draft and its attachments (one transaction; secure_delete overwrites the freed
  // pages). What was sealed from it stays in the outbox: a sealed bundle is already on its way.
  Status Delete(const std::string& draft_id);

 private:
  Kit& kit_;
};

// Serialisation of the sealed part of a draft (JSON inside the encryption).
Bytes EncodeDraftContent(const DraftContent& content);
Result<DraftContent> DecodeDraftContent(ByteView bytes);

}  // namespace staccs::core
