#include "staccs/core/autosave.h"

namespace staccs::core {

void DraftAutosaver::Edit(DraftContent content) { pending_ = std::move(content); }

Result<bool> DraftAutosaver::Tick(Clock::time_point now) {
  if (!pending_) return false;
  if (last_commit_ && now - *last_commit_ < kInterval) return false;
  STACCS_TRY(store_.Save(draft_id_, *pending_));
  pending_.reset();
  last_commit_ = now;
  ++commits_;
  return true;
}

Status DraftAutosaver::Close() {
  if (!pending_) return {};
  STACCS_TRY(store_.Save(draft_id_, *pending_));
  pending_.reset();
  last_commit_ = Clock::now();
  ++commits_;
  return {};
}

}  // namespace staccs::core
