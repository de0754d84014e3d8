// TextField over a std::string: the field's state kept by the widget, per ImGui id.
#include <imgui_internal.h>

#include <unordered_map>

#include "staccs/gui/widgets/text_field.h"

namespace staccs::gui::widgets {

namespace {
struct Kept {
  TextFieldState state;
  int last_frame = 0;
};
// States of fields not drawn for this many frames are dropped (a screen that closed).
constexpr int kForgetAfterFrames = 120;
}  // namespace

TextFieldResult TextField(const char* id, std::string& value, ImVec2 size, const TextFieldOptions& options) {
  static std::unordered_map<ImGuiID, Kept> kept;
  static int last_sweep = 0;
  const int frame = ImGui::GetFrameCount();
  if (frame - last_sweep > kForgetAfterFrames) {
    std::erase_if(kept, [frame](const auto& item) { return frame - item.second.last_frame > kForgetAfterFrames; });
    last_sweep = frame;
  }
  const ImGuiID key = ImGui::GetID(id);
  auto [it, fresh] = kept.try_emplace(key);
  Kept& k = it->second;
  k.last_frame = frame;
  // The program's value wins unless the user is typing here (then the field's own text is newer).
  const bool typing = ImGui::GetActiveID() == key;
  if (fresh || (!typing && k.state.buffer.Utf8() != value)) k.state.buffer.SetText(value);
  const TextFieldResult result = TextField(id, k.state, size, options);
  if (result.changed) value = k.state.buffer.Utf8();
  return result;
}

}  // namespace staccs::gui::widgets
