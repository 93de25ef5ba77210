// The /api/v1 route table over the operations services: one function per
// group adds its routes; BuildRoutes assembles the whole table, including
// /healthz and /api/v1/openapi.json (generated from the table itself).
// The routes hold references to `services`, which must outlive them.
#pragma once

#include <vector>

#include "api/endpoints/services.hpp"
#include "api/routing/route.hpp"

namespace fk::api {

void AddAuthRoutes(std::vector<Route>& routes, Services& services);
void AddRegionRoutes(std::vector<Route>& routes, Services& services);
void AddShapeRoutes(std::vector<Route>& routes, Services& services);  // the map's outlines
void AddRegistryRoutes(std::vector<Route>& routes, Services& services);
void AddAdminRoutes(std::vector<Route>& routes, Services& services);       // users, audit
void AddScreeningRoutes(std::vector<Route>& routes, Services& services);   // campaigns, stats
void AddSimulationRoutes(std::vector<Route>& routes, Services& services);  // scenarios, runs
void AddCaseRoutes(std::vector<Route>& routes, Services& services);     // cases, lab tests, counts
void AddContactRoutes(std::vector<Route>& routes, Services& services);  // a case's contacts
void AddForecastScoreRoutes(std::vector<Route>& routes, Services& services);  // 预测检验
void AddGridRiskRoutes(std::vector<Route>& routes, Services& services);       // precise measures
void AddDirectiveRoutes(std::vector<Route>& routes, Services& services);      // command chain
void AddDailyReportRoutes(std::vector<Route>& routes, Services& services);    // 日报
void AddSupplyRoutes(std::vector<Route>& routes, Services& services);         // depots, ledger
void AddFacilityRoutes(std::vector<Route>& routes, Services& services);       // beds, medical teams
void AddQuarantineRoutes(std::vector<Route>& routes, Services& services);     // orders, checks
void AddNoticeRoutes(std::vector<Route>& routes, Services& services);  // and the community page
void AddDeclarationRoutes(std::vector<Route>& routes, Services& services);  // open POST, queue
void AddCheckpointRoutes(std::vector<Route>& routes, Services& services);   // passages, alerts
void AddVolunteerRoutes(std::vector<Route>& routes, Services& services);    // pledges, teams
void AddDutyPostRoutes(std::vector<Route>& routes, Services& services);     // shifts, on duty
void AddSupervisionRoutes(std::vector<Route>& routes, Services& services);  // 督导, re-visits

std::vector<Route> BuildRoutes(Services& services);

// The OpenAPI document of `routes` with the API's named schemas
// (api_schemas.hpp): what /api/v1/openapi.json serves.
nlohmann::json ApiDocument(const std::vector<Route>& routes);

}  // namespace fk::api
