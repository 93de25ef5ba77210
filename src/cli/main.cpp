// The `fangkong` binary: one command per job (simulate, scenarios, serve,
// demo, ...). Parses arguments with CLI11; every subcommand has --help, and
// bad usage exits with code 2 and a one-line reason.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "common/version.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Fangkong (防控): epidemic prevention and control for a city"};
  app.set_version_flag("--version", std::string(fk::CodeVersion()));
  app.require_subcommand(1);
  int exit_code = 0;
  fk::cli::RegisterSimulationCommands(app, exit_code);
#ifdef FANGKONG_WITH_SERVER
  fk::cli::RegisterServerCommands(app, exit_code);
  fk::cli::RegisterAdminCommands(app, exit_code);
  fk::cli::RegisterRegionCommands(app, exit_code);
#endif
#ifdef FANGKONG_WITH_FORECAST
  fk::cli::RegisterForecastCommands(app, exit_code);
#endif
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "fangkong: %s\n", e.what());
    return 2;
  }
  return exit_code;
}
