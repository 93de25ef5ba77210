// JSON forms of the ops values the API returns and takes. Pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "api/endpoints/services.hpp"

namespace fk::api {

nlohmann::json UserJson(const ops::User& user);
nlohmann::json RegionJson(const ops::Region& region);
nlohmann::json HouseholdJson(const ops::Household& household);
nlohmann::json ResidentJson(const ops::Resident& resident);
nlohmann::json ImportReportJson(const ops::ImportReport& report);
nlohmann::json AuditJson(const ops::AuditEntry& entry);
nlohmann::json CampaignJson(const ops::Campaign& campaign);
nlohmann::json TaskJson(const ops::ScreeningTask& task);
nlohmann::json CoverageJson(const ops::Coverage& coverage);

// A validated resident body (see the resident schema in registry_routes.cpp).
ops::ResidentInput ResidentFromJson(const nlohmann::json& body);

// {"items": [...], "next_cursor": n|null}
template <typename T, typename F>
nlohmann::json PageJson(const ops::Page<T>& page, F&& item_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(item_json(item));
  return {{"items", items},
          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor) : nlohmann::json()}};
}

}  // namespace fk::api
