// The time SystemClock() gives, set for a whole process: a replay of past
// days through the API (tests/api/endpoints/replay_test.cpp,
// bench/ops/replay_bench.cpp; api/replay) plays each day at its own date,
// so that the rules about "today" (report dates, quarantine checks, the
// contacts listed in a day) hold as they did. Never set by `fangkong`.
// Thread-safe.
#pragma once

#include <cstdint>

namespace fk::ops {

// From now on every SystemClock() of this process answers `unix_seconds`;
// 0: the system's time again.
void SetClockOverride(int64_t unix_seconds);

}  // namespace fk::ops
