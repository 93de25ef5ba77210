// The forecast routes (疫情预测, forecast_routes.cpp). They own their
// service: AddForecastRoutes starts a forecast::ForecastService over
// services.db (its runner thread, the simulation service's threads,
// instance and heartbeat; forecasts of stopped servers failed at once),
// shared by the handlers, so it lives as long as the route table and stops
// when the table is destroyed (before the Services and the Database).
#pragma once

#include <vector>

#include "api/endpoints/services.hpp"
#include "api/routing/route.hpp"

namespace fk::api {

void AddForecastRoutes(std::vector<Route>& routes, Services& services);

}  // namespace fk::api
