// Writing output files: a whole string at once, or a large file row by row
// through a buffer. A file is written as "<name>.tmp" and renamed into place
// when complete, so a crash never leaves a half-written file under the real
// name. Errors (folder missing, disk full) come back as kIo Status values
// naming the file. One thread per writer.
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
  // Starts writing `path` (as "<path>.tmp"); errors surface in Close().
  explicit TextFileWriter(std::filesystem::path path);

  void Write(std::string_view text);
  // Flushes, closes and renames the file into place, replacing any file at
  // `path`; an error names the file and removes the temporary one.
  Status Close();

 private:
  static constexpr size_t kFlushBytes = 1 << 20;
  void Flush();

  std::filesystem::path path_;
  std::filesystem::path temp_path_;
  std::ofstream out_;
  std::string buffer_;
};

}  // namespace fk::sim
