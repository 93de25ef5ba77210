// Deterministic number formatting for output files and charts: the same
// value gives the same text on every machine and locale. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace fk::sim {

// Fixed two decimals with trailing zeros removed: 3 -> "3", 1.2 -> "1.2",
// 2.345 -> "2.35" (round half to even of the binary value), -0 -> "0".
std::string FormatDecimal(double value);

// Integer with thousands separated by commas: 12345 -> "12,345".
std::string FormatThousands(int64_t value);

// Compact axis label: 950 -> "950", 12000 -> "12k", 1500000 -> "1.5M",
// 2.5 -> "2.5".
std::string FormatCompact(double value);

}  // namespace fk::sim
