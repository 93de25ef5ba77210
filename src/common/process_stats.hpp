// Facts about the running process that reports and benchmarks print.
// Thread-safe (reads /proc).
#pragma once

#include <cstdint>

namespace fk {

// Peak resident set size of this process in bytes (VmHWM), 0 if unknown.
uint64_t PeakResidentBytes();

// Available physical memory in bytes (MemAvailable), 0 if unknown.
uint64_t AvailableMemoryBytes();

}  // namespace fk
