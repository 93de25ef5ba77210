#include "api/endpoints/routes.hpp"

#include <memory>

#include "api/endpoints/api_schemas.hpp"
#include "api/endpoints/forecast_routes.hpp"
#include "api/routing/openapi.hpp"

namespace fk::api {

std::vector<Route> BuildRoutes(Services& services) {
  std::vector<Route> routes;
  routes.push_back(
      {.method = "GET",
       .pattern = "/healthz",
       .summary = "Liveness and database check",
       .tag = "system",
       .responses = {{200, "the server and its database answer", schema::Ref("Health")},
                     ErrorAnswer(503, "the database is unavailable")},
       .handler = [&services](RequestContext&) {
         auto lease = services.db.Acquire();
         if (!lease.ok()) return JsonError(503, "unavailable", "database unavailable");
         return JsonResponse({{"status", "ok"}});
       }});
  AddAuthRoutes(routes, services);
  AddRegionRoutes(routes, services);
  AddShapeRoutes(routes, services);
  AddRegistryRoutes(routes, services);
  AddAdminRoutes(routes, services);
  AddScreeningRoutes(routes, services);
  AddSimulationRoutes(routes, services);
  AddForecastRoutes(routes, services);
  AddGridRiskRoutes(routes, services);
  AddForecastScoreRoutes(routes, services);
  AddCaseRoutes(routes, services);
  AddContactRoutes(routes, services);
  AddDirectiveRoutes(routes, services);
  AddDailyReportRoutes(routes, services);
  AddSupplyRoutes(routes, services);
  AddFacilityRoutes(routes, services);
  AddQuarantineRoutes(routes, services);
  AddNoticeRoutes(routes, services);
  AddDeclarationRoutes(routes, services);
  AddCheckpointRoutes(routes, services);
  AddVolunteerRoutes(routes, services);
  AddDutyPostRoutes(routes, services);
  AddSupervisionRoutes(routes, services);
  // The document describes every route, itself included.
  auto document = std::make_shared<std::string>();
  routes.push_back({.method = "GET",
                    .pattern = "/api/v1/openapi.json",
                    .summary = "This OpenAPI 3 document",
                    .tag = "system",
                    .responses = {{200, "the document", schema::Ref("OpenApiDocument")}},
                    .handler = [document](RequestContext&) {
                      HttpResponse response;
                      response.body = *document;
                      return response;
                    }});
  *document = ApiDocument(routes).dump();
  return routes;
}

nlohmann::json ApiDocument(const std::vector<Route>& routes) {
  return BuildOpenApi(routes, "1", ApiSchemas());
}

}  // namespace fk::api
