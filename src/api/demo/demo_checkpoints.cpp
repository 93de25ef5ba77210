#include "api/demo/demo_checkpoints.hpp"

#include <atomic>
#include <string>

#include "api/demo/demo_data.hpp"
#include "api/demo/demo_spread.hpp"
#include "ops/checkpoints/passage_writer.hpp"

namespace fk::api {
namespace {

using demo_spread::DayOf;
using demo_spread::Spread;

constexpr int64_t kHour = 3600, kDay = 86400;
constexpr uint32_t kGates = 6;  // at most: the first community of each of the first streets
constexpr int kPassagesPerCheckpoint = 24;  // about one an hour

ops::AccessContext As(const std::vector<ops::User>& users, const std::string& username) {
  for (const auto& u : users)
    if (u.username == username) return {u.id, u.role, u.scope, "demo"};
  return {users.front().id, ops::Role::kAdministrator, "", "demo"};
}

// The ID numbers of up to `limit` residents of `community`, by id.
Result<std::vector<std::string>> PeopleOf(store::Database& db, const std::string& community,
                                          int limit) {
  auto tx = db.Begin(store::TxMode::kRead);
  if (!tx) return tx.error();
  auto rows = tx->Query(
      "SELECT id_number FROM residents WHERE grid_code >= ? AND grid_code < ? ORDER BY id LIMIT ?",
      {community + "000", community + "999", int64_t{limit}});
  if (!rows) return rows.error();
  std::vector<std::string> out;
  for (const auto& r : *rows) out.push_back(r.Text(0));
  return out;
}

}  // namespace

Status StoreCheckpoints(Services& s, const std::vector<ops::User>& users,
                        const sim::Population& pop, int64_t now) {
  const ops::AccessContext command = As(users, "command");
  const ops::AccessContext community = As(users, "community");
  const ops::AccessContext grid = As(users, "grid");

  // The person under quarantine: the last resident of the first grid (the
  // first ones are left to the pages' tests), exposed five days ago.
  int64_t held = 0;
  std::string held_id;
  {
    auto tx = s.db.Begin(store::TxMode::kRead);
    if (!tx) return tx.error();
    auto row = tx->QueryOne(
        "SELECT id, id_number FROM residents WHERE grid_code = ? ORDER BY id DESC LIMIT 1",
        {std::string(kDemoGrid)}, "demo: the first grid has no resident");
    if (!row) return row.error();
    held = row->Int(0);
    held_id = row->Text(1);
  }
  auto order =
      s.quarantine.Create(community, {held, "home", {}, "", DayOf(now - 5 * kDay), {}, {}});
  if (!order.ok() && order.error().code != ErrorCode::kConflict) return order.error();

  struct Post {
    int64_t id = 0;
    ops::AccessContext guard;
    std::vector<std::string> people;  // empty: vehicles
  };
  std::vector<Post> posts;
  for (uint32_t st = 0; st < pop.streets.size() && posts.size() < kGates; ++st) {
    const auto& c = pop.communities[pop.streets[st].first_child];
    auto gate = s.checkpoints.Create(command, c.name + "东门", "gate", c.code);
    if (!gate.ok()) return gate.error();
    auto people = PeopleOf(s.db, c.code, 30);
    if (!people.ok()) return people.error();
    const ops::AccessContext guard =
        c.code == community.scope
            ? grid
            : ops::AccessContext{command.user_id, ops::Role::kCommunityOfficer, c.code, "demo"};
    posts.push_back({gate->id, guard, std::move(*people)});
  }
  const auto& district = pop.districts[0];
  auto road =
      s.checkpoints.Create(command, district.name + "三环线交通卡口", "traffic", district.code);
  if (!road.ok()) return road.error();
  posts.push_back({road->id, community, {}});

  std::atomic<int64_t> at = now - kDay;
  ops::PassageWriter writer(s.db, [&at] { return at.load(); });
  for (int k = 0; k < kPassagesPerCheckpoint; ++k) {
    for (const Post& post : posts) {
      at = now - kDay + k * kHour + Spread(k, post.id, kHour - 60);
      ops::PassageInput in;
      in.checkpoint_id = post.id;
      in.direction = Spread(post.id, k, 2) ? "in" : "out";
      in.temperature_tenths = 360 + static_cast<int>(Spread(k, post.id * 7, 13));
      const int64_t code = Spread(k, post.id * 13, 20);
      in.health_code = code == 0 ? "yellow" : "green";
      in.result = code == 0 ? "refused" : "pass";
      const bool out_of_quarantine = &post == &posts.front() && k == kPassagesPerCheckpoint - 2;
      if (out_of_quarantine) {
        // The quarantined person goes out through the first gate: held, alerted.
        in.subject = "person";
        in.id_number = held_id;
        in.direction = "out";
        in.health_code = "red";
        in.result = "held";
      } else if (post.people.empty()) {
        in.subject = "vehicle";
        in.plate = "鄂A" + std::to_string(10000 + Spread(k, post.id, 90000));
      } else {
        in.subject = "person";
        in.id_number = post.people[static_cast<size_t>(k) % post.people.size()];
        if (in.id_number == held_id) continue;  // they go out once, above
      }
      auto r = writer.Record(post.guard, in);
      if (!r.ok()) return r.error();
      if (out_of_quarantine && r->alert != "quarantine")
        return Error{ErrorCode::kInternal, "demo: the quarantined resident raised no alert"};
    }
  }
  return Status::Ok();
}

}  // namespace fk::api
