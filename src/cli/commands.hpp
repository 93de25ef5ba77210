// Subcommands of the `fangkong` binary. Each Register* function adds its
// subcommands to the app; when one runs, it stores the process exit code in
// `exit_code` (0 success, 1 failure at run time, 2 bad usage).
#pragma once

#include <filesystem>

#include <CLI/CLI.hpp>

namespace fk::cli {

// Where the built-in scenarios live: $FANGKONG_SCENARIOS, else the
// scenarios/ folder of the source tree this binary was built from.
std::filesystem::path BuiltinScenarioDir();

// simulate, scenarios, params
void RegisterSimulationCommands(CLI::App& app, int& exit_code);

#ifdef FANGKONG_WITH_SERVER
// serve, demo, import, ... (the operations half)
void RegisterServerCommands(CLI::App& app, int& exit_code);
// admin create, admin reset-password (the operator's accounts)
void RegisterAdminCommands(CLI::App& app, int& exit_code);
// regions import-shapes (a real city's outlines for the map)
void RegisterRegionCommands(CLI::App& app, int& exit_code);
#endif

#ifdef FANGKONG_WITH_FORECAST
// rt (Rt of a region and its districts and streets from the operations data)
void RegisterForecastCommands(CLI::App& app, int& exit_code);
#endif

}  // namespace fk::cli
