// A live forecast (live_forecast.hpp) as files and text: JSON (every input
// seeded and fitted, every region's daily bands), CSV (a row per region and
// day) and an SVG chart of the city's new cases and beds with their bands
// (sim/output/svg_chart.hpp). Output depends only on the forecast, so it is
// byte-identical for identical forecasts. Pure except WriteForecastFiles.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "forecast/live/live_forecast.hpp"

namespace fk::forecast {

nlohmann::json ForecastToJson(const LiveForecast& f);

// Header: region,level,name,date,new_cases_p05,new_cases_median,
// new_cases_p95,beds_p05,beds_median,beds_p95,icu_p05,icu_median,icu_p95.
std::string ForecastToCsv(const LiveForecast& f);

// The first region's chart (the city, or the district asked for).
std::string ForecastToSvg(const LiveForecast& f);

// forecast.json, forecast.csv and forecast.svg in `dir` (created if
// missing). kIo naming the file on failure.
Status WriteForecastFiles(const LiveForecast& f, const std::filesystem::path& dir);

}  // namespace fk::forecast
