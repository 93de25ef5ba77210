// The readable summary `fangkong simulate` prints after a run: the city, the
// epidemic's headline numbers and where the files are. Chinese first, or
// English with --lang en.
#pragma once

#include <cstdio>
#include <filesystem>
#include <vector>

#include "sim/engine/run_result.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::cli {

enum class Language { kChinese, kEnglish };

// Prints to `out`; with several runs, medians and 5-95 % ranges.
void PrintRunReport(std::FILE* out, Language lang, const sim::Parameters& params,
                    const sim::Population& population, const std::vector<sim::RunResult>& runs,
                    const std::filesystem::path& dir);

}  // namespace fk::cli
