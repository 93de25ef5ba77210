// JSON forms of the ops values the API returns and takes. Pure functions.
// Values that come in pages or lists (residents, households, users, audit
// entries, tasks, flagged people) are written with the streaming JsonWriter;
// the rest, small and composed by hand in the routes, are nlohmann values.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/endpoints/services.hpp"
#include "api/routing/json_writer.hpp"

namespace fk::api {

void WriteJson(JsonWriter& w, const ops::User& user);
void WriteJson(JsonWriter& w, const ops::UserRequest& request);
void WriteJson(JsonWriter& w, const ops::Household& household);
void WriteJson(JsonWriter& w, const ops::Resident& resident);
void WriteJson(JsonWriter& w, const ops::AuditEntry& entry);
void WriteJson(JsonWriter& w, const ops::RegistrationConflict& conflict);
void WriteJson(JsonWriter& w, const ops::ScreeningTask& task);
void WriteJson(JsonWriter& w, const ops::FlaggedPerson& person);

// The account's fields, then "one_time_password" (a new account or a
// reset: shown this once) and "request" (the change waits for approval)
// when present.
JsonText AccountChangeJson(const ops::AccountChange& change);

nlohmann::json RegionJson(const ops::Region& region);
nlohmann::json ImportReportJson(const ops::ImportReport& report);
nlohmann::json CampaignJson(const ops::Campaign& campaign);
nlohmann::json CoverageJson(const ops::Coverage& coverage);

// {"items": [to_json(row), ...]} as an nlohmann value, for the short lists
// composed by hand (a region tree, moves, coverage, daily counts, staff).
template <typename T, typename ToJson>
nlohmann::json ItemsJson(const std::vector<T>& rows, ToJson&& to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& row : rows) items.push_back(to_json(row));
  return {{"items", std::move(items)}};
}

// The value, or null when there is none.
template <typename T>
nlohmann::json OrNull(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// A keyset page as {"items": [to_json(row), ...], "next_cursor": id or null}.
template <typename T, typename ToJson>
nlohmann::json PageOfJson(const ops::Page<T>& page, ToJson&& to_json) {
  nlohmann::json out = ItemsJson(page.items, to_json);
  out["next_cursor"] = OrNull(page.next_cursor);
  return out;
}

// A validated resident body (see the resident schema in registry_routes.cpp).
ops::ResidentInput ResidentFromJson(const nlohmann::json& body);

// One value as a document.
template <typename T>
JsonText ItemJson(const T& item) {
  JsonWriter w;
  WriteJson(w, item);
  return w.Take();
}

// The member "items": [...] of an object being written.
template <typename T>
void WriteItems(JsonWriter& w, const std::vector<T>& items) {
  w.Key("items");
  w.StartArray();
  for (const auto& item : items) WriteJson(w, item);
  w.EndArray();
}

// {"items": [...]}
template <typename T>
JsonText ListJson(const std::vector<T>& items) {
  JsonWriter w;
  w.StartObject();
  WriteItems(w, items);
  w.EndObject();
  return w.Take();
}

// {"items": [...], "next_cursor": n|null}
template <typename T>
JsonText PageJson(const ops::Page<T>& page) {
  JsonWriter w;
  w.StartObject();
  WriteItems(w, page.items);
  w.Field("next_cursor", page.next_cursor);
  w.EndObject();
  return w.Take();
}

}  // namespace fk::api
