// A `fangkong` subcommand that serves (serve, demo) run as a real process
// for the tests, its output in a file; stopped with SIGTERM when destroyed
// (or killed by Kill()).
// One thread at a time.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fk::api::test {

class FangkongProcess {
 public:
  // Runs FANGKONG_BINARY with `args` and waits up to 60 s for the line
  // "Serving http://127.0.0.1:PORT/" (port() stays 0 if it never comes, for
  // instance when the command refuses and exits).
  explicit FangkongProcess(std::vector<std::string> args) {
    log_ = std::filesystem::temp_directory_path() /
           ("fk-process-" + std::to_string(getpid()) + "-" + std::to_string(++count_) + ".log");
    pid_ = fork();
    if (pid_ == 0) {
      FILE* out = std::freopen(log_.c_str(), "w", stdout);
      if (out == nullptr || dup2(fileno(stdout), 2) < 0) _exit(127);
      std::vector<char*> argv{const_cast<char*>(FANGKONG_BINARY)};
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(FANGKONG_BINARY, argv.data());
      _exit(127);
    }
    const std::regex serving("Serving http://127\\.0\\.0\\.1:([0-9]+)/");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
      std::smatch m;
      const std::string s = Output();
      if (std::regex_search(s, m, serving)) {
        port_ = static_cast<std::uint16_t>(std::stoi(m[1]));
        return;
      }
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        pid_ = -1;
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~FangkongProcess() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::filesystem::remove(log_);
  }
  FangkongProcess(const FangkongProcess&) = delete;
  FangkongProcess& operator=(const FangkongProcess&) = delete;

  std::uint16_t port() const { return port_; }
  // Ends the process at once, as a crash would (SIGKILL: no clean stop).
  void Kill() {
    if (pid_ <= 0) return;
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }
  // The exit code once it exited before serving, else -1.
  int exit_code() const { return exit_code_; }
  std::string Output() const {
    std::ifstream in(log_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  static inline int count_ = 0;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  int exit_code_ = -1;
  std::filesystem::path log_;
};

}  // namespace fk::api::test
