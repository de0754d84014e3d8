// Where a publication's renderers write: the file asked for and files beside it, each written
// to a temporary name and renamed into place only when complete (platform::AtomicFileWriter),
// or, for CompilePublication, strings in memory.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "staccs/base/result.h"

namespace staccs::core::publication {

// One output file being written. Nothing is visible under its name before Commit().
class TextOut {
 public:
  virtual ~TextOut() = default;
  virtual Status Write(std::string_view text) = 0;
  virtual Status Commit() = 0;
};

class PublicationFiles {
 public:
  virtual ~PublicationFiles() = default;
  // `suffix` "" is the file asked for; "-p2.html" is the file beside it named stem + suffix.
  virtual Result<std::unique_ptr<TextOut>> Open(std::string_view suffix) = 0;
  // The name a link from one file of the publication to another uses.
  virtual std::string LinkName(std::string_view suffix) const = 0;
  // Removes the file beside the main one, if there; false if there was none.
  virtual Result<bool> Remove(std::string_view suffix) = 0;
  // Every file committed so far, in order.
  virtual const std::vector<std::filesystem::path>& committed() const = 0;
};

// Files in the folder of `main` ("out/pub.html", then "out/pub-p1.html"…).
std::unique_ptr<PublicationFiles> FilesBeside(const std::filesystem::path& main);

// Strings, keyed by suffix; for CompilePublication and nothing large.
class MemoryFiles : public PublicationFiles {
 public:
  Result<std::unique_ptr<TextOut>> Open(std::string_view suffix) override;
  std::string LinkName(std::string_view suffix) const override { return "publication" + std::string(suffix); }
  Result<bool> Remove(std::string_view suffix) override { return texts_.erase(std::string(suffix)) > 0; }
  const std::vector<std::filesystem::path>& committed() const override { return committed_; }
  std::string Take(std::string_view suffix) { return std::move(texts_[std::string(suffix)]); }

 private:
  std::map<std::string, std::string> texts_;
  std::vector<std::filesystem::path> committed_;
};

}  // namespace staccs::core::publication
