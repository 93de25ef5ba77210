#include "sim/output/text_file.hpp"

#include <system_error>

namespace fk::sim {

namespace {

Error IoError(const std::filesystem::path& path, std::string_view what) {
  return {ErrorCode::kIo, "cannot " + std::string(what) + " '" + path.string() + "'"};
}

}  // namespace

Status WriteTextFile(const std::filesystem::path& path, std::string_view content) {
  TextFileWriter writer(path);
  writer.Write(content);
  return writer.Close();
}

Status EnsureDirectory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    return Error{ErrorCode::kIo, "cannot create the output folder '" + dir.string() + "'" +
                                     (ec ? ": " + ec.message() : "")};
  }
  return Status::Ok();
}

TextFileWriter::TextFileWriter(std::filesystem::path path)
    : path_(std::move(path)),
      temp_path_(path_.string() + ".tmp"),
      out_(temp_path_, std::ios::binary | std::ios::trunc) {}

void TextFileWriter::Write(std::string_view text) {
  buffer_.append(text);
  if (buffer_.size() >= kFlushBytes) Flush();
}

void TextFileWriter::Flush() {
  if (out_.good()) out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

Status TextFileWriter::Close() {
  if (!out_.is_open()) return IoError(path_, "open for writing");
  Flush();
  out_.close();
  std::error_code ec;
  if (!out_.fail()) std::filesystem::rename(temp_path_, path_, ec);
  if (out_.fail() || ec) {
    std::filesystem::remove(temp_path_, ec);
    return IoError(path_, "write");
  }
  return Status::Ok();
}

}  // namespace fk::sim
