// Autosave for the draft editor: edits arrive as often as keys are pressed; the store sees at
// most one commit a second, holding the latest content (SPEC §6), and a last one on Close().
// The clock is passed in so the editor's frame loop drives it and tests can step it.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "staccs/core/draft_store.h"

namespace staccs::core {

class DraftAutosaver {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kInterval{1000};

  DraftAutosaver(DraftStore& store, std::string draft_id) : store_(store), draft_id_(std::move(draft_id)) {}

  // Records the latest content; cheap, never touches the disk.
  void Edit(DraftContent content);
  // Commits if there are unsaved edits and the last commit is at least kInterval old.
  // Returns true if it committed.
  Result<bool> Tick(Clock::time_point now);
  // Commits any unsaved edits now (closing the editor, locking the kit).
  Status Close();

  bool dirty() const { return pending_.has_value(); }
  std::size_t commits() const { return commits_; }

 private:
  DraftStore& store_;
  std::string draft_id_;
  std::optional<DraftContent> pending_;
  std::optional<Clock::time_point> last_commit_;
  std::size_t commits_ = 0;
};

}  // namespace staccs::core
