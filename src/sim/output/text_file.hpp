// Writing output files: a whole string at once, or a large file row by row
// through a buffer. Errors (folder missing, disk full) come back as kIo
// Status values naming the file. One thread per writer.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace fk::sim {

// Writes `content` to `path`, replacing any file there.
Status WriteTextFile(const std::filesystem::path& path, std::string_view content);

// Creates `dir` and its parents if missing.
Status EnsureDirectory(const std::filesystem::path& dir);

// A file written in pieces; Close() reports whether everything reached disk.
class TextFileWriter {
 public:
  // Opens `path` for writing, replacing any file there; check ok() before use.
  explicit TextFileWriter(std::filesystem::path path);

  bool ok() const { return out_.good(); }
  void Write(std::string_view text);
  // Flushes and closes; an error names the file.
  Status Close();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  void Flush();

  std::filesystem::path path_;
  std::ofstream out_;
  std::string buffer_;
};

}  // namespace fk::sim
