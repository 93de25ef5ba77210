#include "api/demo/demo_data.hpp"

#include <array>
#include <cstdio>

namespace fk::api {

namespace {

constexpr const char* kPassword = "fangkong-demo";

struct DemoUser {
  const char* username;
  ops::Role role;
  const char* scope;
};

constexpr std::array<DemoUser, 9> kUsers{{
    {"admin", ops::Role::kAdministrator, "420000"},
    {"command", ops::Role::kCommandCentre, "420100"},
    {"district", ops::Role::kDistrictOfficer, "420102"},
    {"street", ops::Role::kStreetOfficer, "420102001"},
    {"community", ops::Role::kCommunityOfficer, "420102001001"},
    {"grid", ops::Role::kGridWorker, "420102001001001"},
    {"medical", ops::Role::kMedicalStaff, "420102"},
    {"supply", ops::Role::kSupplyOfficer, "420102"},
    {"volunteer", ops::Role::kVolunteer, "420102001001001"},
}};

constexpr std::array<const char*, 8> kSurnames{"王", "李", "张", "刘", "陈", "杨", "赵", "黄"};
constexpr std::array<const char*, 8> kGiven{"伟", "芳", "娜", "敏", "静", "磊", "洋", "军"};

std::string RegionCsv() {
  std::string csv = "code,name,parent_code\n420000,湖北省,\n420100,武汉市,420000\n";
  csv += "420102,江岸区,420100\n";
  for (int street = 1; street <= 2; ++street) {
    char code[16];
    std::snprintf(code, sizeof code, "420102%03d", street);
    csv += std::string(code) + ",街道" + std::to_string(street) + ",420102\n";
    for (int community = 1; community <= 2; ++community) {
      char ccode[16];
      std::snprintf(ccode, sizeof ccode, "%s%03d", code, community);
      csv += std::string(ccode) + ",社区" + std::to_string(street) + "-" +
             std::to_string(community) + "," + code + "\n";
      for (int grid = 1; grid <= 2; ++grid) {
        char gcode[20];
        std::snprintf(gcode, sizeof gcode, "%s%03d", ccode, grid);
        csv += std::string(gcode) + ",网格" + std::to_string(grid) + "," + ccode + "\n";
      }
    }
  }
  return csv;
}

// Residents of every grid; ages, sexes and names from simple arithmetic.
std::string ResidentCsv(const std::vector<std::string>& grids, int households_per_grid) {
  std::string csv = "grid_code,building,unit,room,name,sex,birth_date,id_number,phone\n";
  int serial = 0;
  for (std::size_t g = 0; g < grids.size(); ++g) {
    for (int h = 0; h < households_per_grid; ++h) {
      const int members = 1 + (h * 7 + static_cast<int>(g)) % 4;
      for (int p = 0; p < members; ++p) {
        ++serial;
        const int year = 1940 + (serial * 37) % 80;
        const int month = 1 + (serial * 5) % 12;
        const int day = 1 + (serial * 11) % 28;
        const bool female = (serial % 2) == 0;
        char first17[18];
        std::snprintf(first17, sizeof first17, "420102%04d%02d%02d%02d%d", year, month, day,
                      serial % 100, female ? 2 * (serial % 5) : 2 * (serial % 5) + 1);
        char birth[11];
        std::snprintf(birth, sizeof birth, "%04d-%02d-%02d", year, month, day);
        char phone[16];
        std::snprintf(phone, sizeof phone, "139%08d", serial % 100000000);
        csv += grids[g] + "," + std::to_string(1 + h / 10) + ",1," + std::to_string(101 + h % 10) +
               "," + kSurnames[serial % kSurnames.size()] +
               kGiven[(serial / kSurnames.size()) % kGiven.size()] + "," +
               (female ? "female" : "male") + "," + birth + "," + first17 +
               ops::ResidentIdCheckChar(first17) + "," + phone + "\n";
      }
    }
  }
  return csv;
}

}  // namespace

std::vector<DemoLogin> DemoLogins() {
  std::vector<DemoLogin> out;
  for (const auto& u : kUsers) {
    out.push_back({u.username, kPassword, std::string(ops::RoleName(u.role)), u.scope});
  }
  return out;
}

Status CreateDemoData(Services& s, const DemoOptions& options) {
  ops::NewUser first{kUsers[0].username, "Demo administrator", kUsers[0].role, kUsers[0].scope,
                     kPassword};
  auto admin = s.users.Bootstrap(first);
  if (!admin.ok()) return admin.error();
  const ops::AccessContext ctx{admin->id, admin->role, admin->scope, "demo"};
  auto regions = s.regions.ImportCsv(ctx, RegionCsv(), ops::ImportMode::kAllOrNothing);
  if (!regions.ok()) return regions.error();
  if (!regions->rejected.empty()) {
    return Error{ErrorCode::kInternal, "demo regions: line " +
                                           std::to_string(regions->rejected[0].line) + ": " +
                                           regions->rejected[0].reason};
  }
  // Residents are registered by the district officer (administrators manage
  // regions and users but may not write the registry).
  ops::AccessContext registrar;
  for (std::size_t i = 1; i < kUsers.size(); ++i) {
    const auto& u = kUsers[i];
    auto created = s.users.Create(
        ctx, {u.username, std::string("Demo ") + u.username, u.role, u.scope, kPassword});
    if (!created.ok()) return created.error();
    if (u.role == ops::Role::kDistrictOfficer) {
      registrar = {created->id, u.role, u.scope, "demo"};
    }
    if (u.role == ops::Role::kGridWorker) {
      auto st =
          s.regions.SetGridStaff(ctx, u.scope,
                                 {{ops::GridDuty::kLeader, "刘网格长", "13900000001", {}},
                                  {ops::GridDuty::kWorker, "Demo grid", "13900000002", created->id},
                                  {ops::GridDuty::kPartyPost, "陈党员", "13900000003", {}}});
      if (!st.ok()) return st.error();
    }
  }
  std::vector<std::string> grids;
  auto tree = s.regions.Subtree(kDemoDistrict, ops::RegionLevel::kGrid);
  if (!tree.ok()) return tree.error();
  for (const auto& r : *tree) {
    if (r.level == ops::RegionLevel::kGrid) grids.push_back(r.code);
  }
  auto people = s.registry.ImportResidentsCsv(
      registrar, ResidentCsv(grids, options.households_per_grid), ops::ImportMode::kAllOrNothing);
  if (!people.ok()) return people.error();
  if (!people->rejected.empty()) {
    return Error{ErrorCode::kInternal, "demo residents: line " +
                                           std::to_string(people->rejected[0].line) + ": " +
                                           people->rejected[0].reason};
  }
  return Status::Ok();
}

}  // namespace fk::api
