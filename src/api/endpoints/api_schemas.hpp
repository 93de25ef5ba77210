// The named shapes of the API's answers (components/schemas of the OpenAPI
// document): the objects json_convert.hpp and the routes write, one schema
// each, referred to from the routes' responses with schema::Ref("Name").
// A new shape is added here, next to its siblings. Pure functions.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fk::api {

// Name -> OpenAPI schema: Region, Resident, Household, User, Campaign, ...
// and their pages (ResidentPage, ...) and lists (RegionList, ...).
nlohmann::json ApiSchemas();

// "command_centre", ... "administrator": every role, as the API names them.
std::vector<std::string> RoleNames();

}  // namespace fk::api
