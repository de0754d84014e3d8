// One screen per file (as ImHex keeps one view per file): each draws from the Session's
// snapshot, keeps its UI-only state (fields being typed, open panels) in its own struct, and
// posts intents. The Shell holds what all screens share: where we are, the preferences and
// the last notice.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "staccs/gui/model/preferences.h"
#include "staccs/gui/model/session.h"

namespace staccs::gui {

enum class ScreenId { kFirstRun, kUnlock, kCampaigns, kDraft, kPractices, kOutbox, kUsb, kSettings };

struct Notice {
  std::string text;
  bool error = false;
  double shown_at = 0;  // seconds (UI clock)
};

struct Shell {
  ScreenId current = ScreenId::kUnlock;
  model::Preferences prefs;
  bool prefs_changed = false;  // the app applies fonts/style and saves at the next frame
  Notice notice;
  std::string open_draft_id;  // what the draft editor shows
  double last_input = 0;      // for auto-lock
  bool screenshot_mode = false;
  std::string home;  // where the preferences file lives
  bool quit = false;  // Ctrl+Q: the app closes the window (the Session saves first)

  void Tell(std::string text, bool error, double now) { notice = {std::move(text), error, now}; }
  void Go(ScreenId id) { current = id; }
};

struct Frame {
  model::Session& session;
  const model::Snapshot& snap;
  Shell& shell;
  std::int64_t now_unix = 0;
  double now = 0;  // seconds, monotonic
};

class Screen {
 public:
  virtual ~Screen() = default;
  virtual ScreenId id() const = 0;
  // The file name of its screenshot and its stable name in tests.
  virtual const char* name() const = 0;
  // Every event reaches every screen; each takes what concerns it.
  virtual void OnEvent(const model::Event&, Shell&, double /*now*/) {}
  virtual void Draw(Frame& frame) = 0;
  // Seconds until this screen needs redrawing without input ("saved 3 s ago", a countdown);
  // negative: never.
  virtual double NextRedraw(const Frame&) const { return -1; }
  // Which step of a multi-step screen is shown ("2"), or empty: tests wait on it.
  virtual std::string step() const { return {}; }
};

std::unique_ptr<Screen> MakeFirstRunScreen();
std::unique_ptr<Screen> MakeUnlockScreen();
std::unique_ptr<Screen> MakeCampaignsScreen();
std::unique_ptr<Screen> MakeDraftScreen();
std::unique_ptr<Screen> MakePracticesScreen();
std::unique_ptr<Screen> MakeOutboxScreen();
std::unique_ptr<Screen> MakeUsbScreen();
std::unique_ptr<Screen> MakeSettingsScreen();

// All screens in navigation order, and the frame around them (navigation, notices, global
// shortcuts, auto-lock).
class Screens {
 public:
  Screens();
  void OnEvent(const model::Event& e, Shell& shell, double now);
  // Draws the whole window for one frame.
  void Draw(Frame& frame);
  double NextRedraw(const Frame& frame) const;
  // Where the participant is: the current screen's name and its step ("first_run/2").
  std::string Where(const Shell& shell);
  Screen* Find(ScreenId id);
  const std::vector<std::unique_ptr<Screen>>& all() const { return screens_; }

 private:
  void DrawNavigation(Frame& frame);
  std::vector<std::unique_ptr<Screen>> screens_;
};

// Human figures shared by screens.
std::string FormatBytes(std::uint64_t bytes);
std::string FormatDate(std::int64_t unix_time);
std::string FormatAgo(std::int64_t seconds);
std::string ShortId(const std::string& id);

}  // namespace staccs::gui
