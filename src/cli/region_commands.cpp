// `fangkong regions import-shapes`: the operator imports a real city's
// region outlines (GeoJSON) into a database, as the system (user 0, an
// administrator of the whole tree, audited from "cli"), with the checks and
// the all-or-nothing rule of the API's import (ops/regions/shapes.hpp).
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/commands.hpp"
#include "cli/ops_database.hpp"
#include "ops/regions/shapes.hpp"
#include "store/database.hpp"

namespace fk::cli {
namespace {

struct ShapeFlags {
  std::string db;
  std::string file;
};

int ImportShapes(const ShapeFlags& f) {
  std::ifstream in(f.file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fangkong: cannot read %s\n", f.file.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto db = OpenOpsDatabase(f.db);
  if (!db) return 1;
  ops::RegionShapeService shapes(*db);
  const ops::AccessContext system{0, ops::Role::kAdministrator, "", "cli"};
  auto report = shapes.ImportGeoJson(system, text.str());
  if (!report.ok()) {
    std::fprintf(stderr, "fangkong: %s: %s\n", f.file.c_str(), report.error().message.c_str());
    return 1;
  }
  for (const auto& e : report->rejected) {
    std::fprintf(stderr, "%s: features[%lld]%s%s: %s\n", f.file.c_str(),
                 static_cast<long long>(e.index), e.code.empty() ? "" : " code ", e.code.c_str(),
                 e.reason.c_str());
  }
  if (!report->rejected.empty()) {
    std::fprintf(stderr, "fangkong: %zu of %lld features refused; nothing was imported\n",
                 report->rejected.size(), static_cast<long long>(report->features));
    return 1;
  }
  std::printf("Imported the shapes of %lld regions from %s\n",
              static_cast<long long>(report->imported), f.file.c_str());
  return 0;
}

}  // namespace

void RegisterRegionCommands(CLI::App& app, int& exit_code) {
  auto* regions = app.add_subcommand("regions", "The region tree's data: outlines for the map");
  regions->require_subcommand(1);
  static ShapeFlags flags;
  auto* import = regions->add_subcommand(
      "import-shapes",
      "Import region outlines from a GeoJSON FeatureCollection (one Polygon or MultiPolygon "
      "feature a region, properties.code a region code of the tree, WGS 84 longitude/latitude); "
      "all or nothing, replacing those regions' earlier outlines");
  import->add_option("--db", flags.db, "SQLite file path or postgresql://...")->required();
  import->add_option("file", flags.file, "the GeoJSON file")->required();
  import->callback([&exit_code] { exit_code = ImportShapes(flags);
});
}  // namespace fk::cli

}  // namespace fk::cli
