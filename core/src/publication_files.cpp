#include "publication_files.h"

#include "staccs/core/platform.h"

namespace staccs::core::publication {

namespace {

namespace fs = std::filesystem;

class FileOut : public TextOut {
 public:
  FileOut(std::unique_ptr<platform::AtomicFileWriter> w, fs::path path, std::vector<fs::path>& committed)
      : writer_(std::move(w)), path_(std::move(path)), committed_(committed) {}
  Status Write(std::string_view text) override { return writer_->Write(AsBytes(text)); }
  Status Commit() override {
    STACCS_TRY(writer_->Commit());
    committed_.push_back(path_);
    return {};
  }

 private:
  std::unique_ptr<platform::AtomicFileWriter> writer_;
  fs::path path_;
  std::vector<fs::path>& committed_;
};

class Beside : public PublicationFiles {
 public:
  explicit Beside(fs::path main) : main_(std::move(main)) {}
  Result<std::unique_ptr<TextOut>> Open(std::string_view suffix) override {
    fs::path path = PathOf(suffix);
    STACCS_ASSIGN(auto writer, platform::AtomicFileWriter::Create(path));
    return std::unique_ptr<TextOut>(new FileOut(std::move(writer), std::move(path), committed_));
  }
  std::string LinkName(std::string_view suffix) const override { return PathOf(suffix).filename().string(); }
  Result<bool> Remove(std::string_view suffix) override {
    const fs::path path = PathOf(suffix);
    std::error_code ec;
    const bool removed = fs::remove(path, ec);
    if (ec) return Error::Local(path.string() + ": cannot remove: " + ec.message());
    if (removed) STACCS_TRY(platform::SyncDirectory(path.parent_path().empty() ? fs::path(".") : path.parent_path()));
    return removed;
  }
  const std::vector<fs::path>& committed() const override { return committed_; }

 private:
  fs::path PathOf(std::string_view suffix) const {
    if (suffix.empty()) return main_;
    return main_.parent_path() / platform::PathFromUtf8(main_.stem().string() + std::string(suffix));
  }
  fs::path main_;
  std::vector<fs::path> committed_;
};

class StringOut : public TextOut {
 public:
  StringOut(std::string& target, std::vector<fs::path>& committed, std::string suffix)
      : target_(target), committed_(committed), suffix_(std::move(suffix)) {}
  Status Write(std::string_view text) override {
    pending_.append(text);
    return {};
  }
  Status Commit() override {
    target_ = std::move(pending_);
    committed_.push_back(suffix_);
    return {};
  }

 private:
  std::string& target_;
  std::vector<fs::path>& committed_;
  std::string suffix_;
  std::string pending_;
};

}  // namespace

std::unique_ptr<PublicationFiles> FilesBeside(const std::filesystem::path& main) { return std::make_unique<Beside>(main); }

Result<std::unique_ptr<TextOut>> MemoryFiles::Open(std::string_view suffix) {
  std::string& target = texts_[std::string(suffix)];
  return std::unique_ptr<TextOut>(new StringOut(target, committed_, std::string(suffix)));
}

}  // namespace staccs::core::publication
