// `fangkong simulate`, `fangkong scenarios`, `fangkong params`.
#include "cli/commands.hpp"

namespace fk::cli {

void RegisterSimulationCommands(CLI::App& app, int& exit_code) {
  auto* simulate = app.add_subcommand("simulate", "Simulate an epidemic in a synthetic city");
  simulate->callback([&exit_code] { exit_code = 0; });
}

}  // namespace fk::cli
