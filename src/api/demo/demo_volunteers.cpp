#include "api/demo/demo_volunteers.hpp"

#include <ctime>
#include <string>
#include <vector>

#include "ops/regions/region_code.hpp"

namespace fk::api {
namespace {

constexpr int64_t kDay = 86400;
constexpr int64_t kHour = 3600;
constexpr int kPerCommunity = 6;

constexpr const char* kPledges[] = {
    "疫情就是命令，防控就是责任。我志愿加入社区防控一线，服从安排，坚守岗位，不获全胜决不收兵。",
    "我是一名退役军人，身体健康，愿意参加小区卡口值守和物资配送，随叫随到。",
    "作为社区居民，我愿为邻里出一份力：上门测温、代购药品、照顾独居老人。",
};
constexpr const char* kSkills[] = {"驾驶, 搬运", "医护, 测温", "心理疏导, 电话回访"};
constexpr const char* kAvailability[] = {"全天", "工作日晚上, 周末", "上午"};

// The birth dates of adults of 18 to 60 at `now`, as YYYY-MM-DD bounds.
std::pair<std::string, std::string> AdultBirthDates(int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  const int year = tm.tm_year + 1900;
  return {std::to_string(year - 60) + "-01-01", std::to_string(year - 18) + "-01-01"};
}

}  // namespace

Status StoreVolunteers(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                       int64_t now) {
  const auto [oldest, youngest] = AdultBirthDates(now);
  const int64_t today = now - now % kDay;
  int done = 0;
  for (const auto& community : pop.communities) {
    if (done++ == kDemoVolunteerCommunities) break;
    std::vector<int64_t> residents;
    {
      const std::string prefix = ops::SubtreePrefix(community.code);
      auto tx = s.db.Begin(store::TxMode::kRead);
      if (!tx) return tx.error();
      auto rows = tx->Query(
          "SELECT id FROM residents WHERE grid_code >= ? AND grid_code < ? AND birth_date >= ? "
          "AND birth_date < ? ORDER BY id LIMIT ?",
          {prefix, ops::PrefixEnd(prefix), oldest, youngest, int64_t{kPerCommunity}});
      if (!rows) return rows.error();
      for (const auto& r : *rows) residents.push_back(r.Int(0));
    }
    if (residents.empty()) continue;
    auto team =
        s.volunteers.CreateTeam(ctx, community.name + "党员突击队", "commando", community.code);
    if (!team) return team.error();
    std::vector<int64_t> volunteers;
    for (size_t k = 0; k < residents.size(); ++k) {
      auto v = s.volunteers.Enroll(
          ctx, {residents[k], kPledges[k % 3], kSkills[k % 3], kAvailability[k % 3], k % 2 == 0});
      if (!v) return v.error();
      if (auto joined = s.volunteers.SetTeam(ctx, v->id, team->id); !joined) return joined.error();
      volunteers.push_back(v->id);
    }
    if (auto led = s.volunteers.SetLeader(ctx, team->id, volunteers.front()); !led)
      return led.error();
    // Posts at the community's first two grids (one grid: both there).
    std::vector<int64_t> posts;
    for (int p = 0; p < 2; ++p) {
      const uint32_t grid = std::min(community.first_child + p, community.end_child - 1);
      auto post =
          s.duty.CreatePost(ctx, {pop.grids[grid].name + (p == 0 ? "先锋岗" : "责任岗"), "grid",
                                  p == 0 ? "pioneer" : "responsibility", pop.grids[grid].code});
      if (!post) return post.error();
      posts.push_back(post->id);
    }
    // Volunteer k keeps slot k % 3 (00:00, 08:00, 16:00 UTC) at post k / 3.
    for (size_t k = 0; k < volunteers.size(); ++k) {
      for (int64_t day = -1; day <= 1; ++day) {
        const int64_t start = today + day * kDay + static_cast<int64_t>(k % 3) * 8 * kHour;
        auto shift = s.duty.AddShift(ctx, posts[k / 3], volunteers[k], start, start + 8 * kHour);
        if (!shift) return shift.error();
      }
    }
  }
  return Status::Ok();
}

}  // namespace fk::api
