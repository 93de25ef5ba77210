// Reading and writing the [[measures]] tables of scenario files (used by
// scenario.cpp only). Every key is checked: an unknown kind or key, a
// value of the wrong type or out of range, an end not after the start, a
// malformed trigger is refused with the key, the value and what is allowed.
// Messages name the table as measures[i], counted from 1 in file order.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "common/result.hpp"
#include "sim/params/measures.hpp"
#include "sim/params/parameters.hpp"

namespace fk::sim {

// `node` is the value of the top-level key `measures`.
Result<std::vector<MeasureSpec>> ParseMeasures(const toml::node& node, std::string_view origin);

// The measures as [[measures]] tables; ParseMeasures reads them back equal.
std::string MeasuresToToml(const std::vector<MeasureSpec>& measures);

// Cross-field checks once run.start_date and run.days are final: dates
// valid, ends after starts.
Status ValidateMeasures(const Parameters& params);

// The 0-based day of a day or date relative to `start_date`.
int MeasureDay(const MeasureTime& time, const std::string& start_date);

}  // namespace fk::sim
