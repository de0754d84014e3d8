// A kit in a private temporary folder for the harnesses that run whole flows (collection,
// stick import): made once per process with the fast test-only key derivation.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "staccs/core/kit.h"

namespace staccs::fuzz {

// In /dev/shm where there is one: every input commits a few transactions, and their flushes on
// a real disk would make the harness a benchmark of fsync (20 inputs a second instead of hundreds).
inline std::filesystem::path TempFolder(const char* what) {
  std::error_code ec;
  const std::filesystem::path shm = "/dev/shm";
  const std::filesystem::path base = std::filesystem::is_directory(shm, ec) && ::access(shm.c_str(), W_OK) == 0
                                         ? shm : std::filesystem::temp_directory_path();
  std::string templ = (base / (std::string("staccs-fuzz-") + what + "-XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) std::abort();
  return templ;
}

inline core::Kit MakeFuzzKit(const std::filesystem::path& home) {
  core::CreateOptions options;
  options.name = "fuzz";
  options.kdf_profile = crypto::KdfProfile::kFastInsecureForTests;
  std::string code;
  auto kit = core::Kit::Create(home, crypto::Passphrase::Copy(AsBytes(std::string_view("fuzz"))), options, code);
  if (!kit) std::abort();
  return std::move(kit).value();
}

}  // namespace staccs::fuzz
