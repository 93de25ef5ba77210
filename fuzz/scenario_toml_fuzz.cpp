// Fuzz target: the scenario reader (sim/params/scenario.hpp). The bytes are
// a scenario file for ParseScenario, and also one --set assignment for
// ApplySetting. Checks beyond not crashing:
// - every refusal is kInvalidArgument with a message;
// - parameters read are written out by ScenarioToToml into text that reads
//   back (ParseScenario) into parameters that write out the same text, and
//   Validate answers the same for both.
#include <cstdio>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "sim/params/parameter_table.hpp"
#include "sim/params/scenario.hpp"

namespace {

void CheckRefusal(const fk::Error& error) {
  FUZZ_CHECK(error.code == fk::ErrorCode::kInvalidArgument);
  FUZZ_CHECK(!error.message.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  fk::sim::Parameters set = fk::sim::DefaultParameters();
  if (fk::Status s = fk::sim::ApplySetting(set, text); !s) CheckRefusal(s.error());

  auto params = fk::sim::ParseScenario(text, "fuzz.toml");
  if (!params) {
    CheckRefusal(params.error());
    return 0;
  }
  const fk::Status valid = fk::sim::Validate(*params);
  if (!valid) CheckRefusal(valid.error());
  const std::string written = fk::sim::ScenarioToToml(*params);
  auto again = fk::sim::ParseScenario(written, "written.toml");
  if (!again) std::fprintf(stderr, "%s\n%s\n", written.c_str(), again.error().message.c_str());
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(fk::sim::ScenarioToToml(*again) == written);
  FUZZ_CHECK(fk::sim::Validate(*again).ok() == valid.ok());
  return 0;
}
