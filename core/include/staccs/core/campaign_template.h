// Campaign content from JSON: the questions file of `campaign create --questions FILE`, and
// the default template, the forum's call for input (core/templates/forum_call.json, embedded
// at build time). docs/CAMPAIGN_FORMAT.md shows the JSON shape.
#pragma once

#include <string_view>

#include "staccs/base/result.h"
#include "staccs/core/campaign.h"

namespace staccs::core {

// Fills the content fields of a Campaign (no keys, id or sequence). Errors name the field.
Result<Campaign> ParseCampaignTemplate(std::string_view json);

// The IGF BPF call for input in English, French and Arabic (the last two awaiting review).
Campaign ForumCallTemplate();

}  // namespace staccs::core
