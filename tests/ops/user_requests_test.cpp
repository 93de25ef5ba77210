// What a change gives an account, and what of it needs a second person.
#include "ops/users/user_requests.hpp"

#include <gtest/gtest.h>

namespace fk::ops {
namespace {

TEST(UserRequests, TakingAnAccountOverGivesAllItsRoleHolds) {
  EXPECT_EQ(PermissionsGained(std::nullopt, {Role::kDistrictOfficer, "420102"}),
            PermissionsOf(Role::kDistrictOfficer));
  EXPECT_EQ(
      DescribePermissions(
          NeedsApproval(Role::kAdministrator,
                        PermissionsGained(std::nullopt, {Role::kDistrictOfficer, "420102"}))),
      "read registry data, write registry data, see unmasked personal data, run screening, "
      "run simulations, read cases, manage cases, issue directives, report to the command, "
      "manage supplies, manage facilities, manage patients, manage quarantine, publish notices, "
      "handle declarations, manage volunteers");
  EXPECT_EQ(NeedsApproval(Role::kAdministrator,
                          PermissionsGained(std::nullopt, {Role::kAdministrator, "420102"})),
            0u);
}

TEST(UserRequests, AChangeGivesWhatIsNewOrAWiderScope) {
  const RoleScope worker{Role::kGridWorker, "420102001001001"};
  EXPECT_EQ(PermissionsGained(worker, {Role::kGridWorker, "420102001001001"}), 0u);
  EXPECT_EQ(PermissionsGained(worker, {Role::kVolunteer, "420102001001001"}), 0u);
  EXPECT_EQ(PermissionsGained(worker, {Role::kGridWorker, "420102001"}),
            PermissionsOf(Role::kGridWorker));
  EXPECT_EQ(PermissionsGained({{Role::kVolunteer, "420102"}}, {Role::kSupplyOfficer, "420102"}),
            PermissionsOf(Role::kSupplyOfficer));  // read statistics, which volunteers lack
  EXPECT_EQ(PermissionsGained({{Role::kStreetOfficer, "420102001"}},
                              {Role::kCommunityOfficer, "420102001001"}),
            (1u << static_cast<int>(Permission::kRecordVisits)) |
                (1u << static_cast<int>(Permission::kRecordQuarantineChecks)));
}

TEST(UserRequests, NamesRoundTrip) {
  for (auto k : {RequestKind::kCreate, RequestKind::kChange, RequestKind::kResetPassword,
                 RequestKind::kReactivate})
    EXPECT_EQ(ParseRequestKind(RequestKindName(k)), k);
  for (auto s : {RequestStatus::kPending, RequestStatus::kApproved, RequestStatus::kRejected,
                 RequestStatus::kCancelled})
    EXPECT_EQ(ParseRequestStatus(RequestStatusName(s)), s);
  EXPECT_FALSE(ParseRequestKind("grant").has_value());
}

}  // namespace
}  // namespace fk::ops
