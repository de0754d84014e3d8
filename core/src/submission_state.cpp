#include "staccs/core/submission_state.h"

#include <map>

namespace staccs::core {

std::string_view SubmissionPlaceName(SubmissionPlace place) {
  switch (place) {
    case SubmissionPlace::kSealed: return "sealed";
    case SubmissionPlace::kAsFile: return "as a file";
    case SubmissionPlace::kOnStick: return "on a stick";
    case SubmissionPlace::kAtRelay: return "at a relay";
    case SubmissionPlace::kReceived: return "received";
  }
  return "sealed";
}

std::vector<SubmissionState> SubmissionStates(const std::vector<OutboxEntry>& outbox) {
  std::vector<SubmissionState> out;
  std::map<std::string, std::size_t> index;  // submission id -> position in out
  for (const OutboxEntry& e : outbox) {
    auto [it, fresh] = index.emplace(e.submission_id, out.size());
    if (fresh) out.emplace_back();
    SubmissionState& s = out[it->second];
    ++s.revisions;
    if (!fresh && s.latest && (e.revision < s.revision || (e.revision == s.revision && e.sealed_unix < s.latest->sealed_unix)))
      continue;
    s = SubmissionState{e.submission_id, e.campaign_id, e.source_id, e.type, e.revision, e.bundle_id,
                        SubmissionPlace::kSealed, "", e.sealed_unix, false, s.revisions, &e};
    if (e.received_unix) {
      s.place = SubmissionPlace::kReceived;
      s.since_unix = *e.received_unix;
      continue;
    }
    for (const BundlePath& p : e.paths) {
      const auto colon = p.path.find(':');
      const std::string kind = p.path.substr(0, colon);
      const SubmissionPlace place = kind == "relay"   ? SubmissionPlace::kAtRelay
                                    : kind == "stick" ? SubmissionPlace::kOnStick
                                                      : SubmissionPlace::kAsFile;
      if (place < s.place || (place == s.place && p.at_unix < s.since_unix)) continue;
      s.place = place;
      s.where = colon == std::string::npos ? std::string() : p.path.substr(colon + 1);
      s.since_unix = p.at_unix;
      s.receipt_unverified = p.receipt_unverified();
    }
  }
  return out;
}

}  // namespace staccs::core
