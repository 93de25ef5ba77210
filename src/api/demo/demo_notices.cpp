#include "api/demo/demo_notices.hpp"

#include <string>

namespace fk::api {

Status StoreNotices(Services& s, const ops::AccessContext& ctx, const sim::Population& pop,
                    const std::string& city_code, int64_t now) {
  constexpr int64_t kDay = 86400;
  auto publish = [&](const std::string& region, std::string title, std::string body, bool pinned,
                     int64_t days) -> Status {
    auto n = s.notices.Publish(
        ctx, {region, std::move(title), std::move(body), pinned, now + days * kDay});
    if (!n.ok()) return n.error();
    return Status::Ok();
  };
  if (Status st = publish(city_code, pop.city_name + "新冠肺炎疫情防控指挥部通告",
                          "一、全体市民非必要不外出，外出须全程佩戴口罩。\n"
                          "二、如有发热、干咳等症状，请立即联系所在社区，不要自行前往医院。\n"
                          "三、从高风险地区返回的人员，请通过本页面“居民申报”如实申报。",
                          true, 30);
      !st)
    return st;
  for (const auto& d : pop.districts) {
    if (Status st = publish(d.code, d.name + "关于做好生活物资保障的通知",
                            "各社区设置物资点，独居老人等困难群众的生活需求可向社区申报，"
                            "由网格员和志愿者送货上门。",
                            false, 21);
        !st)
      return st;
  }
  for (const auto& c : pop.communities) {
    if (Status st =
            publish(c.code, c.name + "封闭管理期间出入须知",
                    "小区实行封闭管理，仅保留一个出入口。\n"
                    "出入请出示出入证并配合测温；体温≥37.3℃者请原地等候，工作人员将联系处理。",
                    false, 14);
        !st)
      return st;
  }
  return Status::Ok();
}

}  // namespace fk::api
