#include "common/process_stats.hpp"

#include <fstream>
#include <string>

namespace fk {
namespace {

// Reads "Key:   123 kB" from a /proc file; returns bytes or 0.
uint64_t ReadKilobytesField(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      return std::stoull(line.substr(key.size())) * 1024;
    }
  }
  return 0;
}

}  // namespace

uint64_t PeakResidentBytes() { return ReadKilobytesField("/proc/self/status", "VmHWM:"); }

uint64_t AvailableMemoryBytes() { return ReadKilobytesField("/proc/meminfo", "MemAvailable:"); }

}  // namespace fk
