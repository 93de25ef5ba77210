#include "api/demo/demo_people.hpp"

#include <array>
#include <cstdio>

#include "common/dates.hpp"

namespace fk::api {
namespace {

// The 20 most common surnames of the 2020 household registers (公安部户政管理
// 研究中心《二〇二〇年全国姓名报告》, 2021-02; list not re-checked against the
// report here). Drawn uniformly: an assumption, the report's shares are not used.
constexpr std::array<const char*, 20> kSurnames{"王", "李", "张", "刘", "陈", "杨", "黄",
                                                "赵", "吴", "周", "徐", "孙", "马", "胡",
                                                "朱", "郭", "何", "罗", "高", "林"};
// Characters common in given names, by sex (an assumption for demo data).
constexpr std::array<const char*, 24> kMaleGiven{"伟", "强", "磊", "军", "勇", "杰", "涛", "斌",
                                                 "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
                                                 "鑫", "波", "宇", "浩", "俊", "峰", "建", "国"};
constexpr std::array<const char*, 24> kFemaleGiven{"芳", "娜", "敏", "静", "丽", "艳", "娟", "霞",
                                                   "秀", "玲", "燕", "婷", "雪", "琳", "晶", "颖",
                                                   "倩", "洁", "慧", "萍", "梅", "红", "桂", "兰"};
// Mobile prefixes of the three carriers (China Mobile 134-139, 150-152, 157-159,
// 182, 187-188; China Unicom 130-132, 155-156, 186; China Telecom 133, 153,
// 189). Only the shape of the numbers matters for demo data.
constexpr std::array<const char*, 24> kPhonePrefixes{
    "134", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159",
    "182", "187", "188", "130", "131", "132", "155", "156", "186", "133", "153", "189"};
// An assumption: four in five given names have two characters.
constexpr double kTwoCharacterGivenNames = 0.8;

Bits Words(const Rng& rng, DemoPurpose purpose, uint32_t entity, uint32_t index) {
  return rng.Draw(Stream::kPopulation, static_cast<uint32_t>(purpose), entity, index);
}

}  // namespace

std::string DemoName(const Rng& rng, DemoPurpose purpose, uint32_t entity, uint32_t index,
                     ops::Sex sex) {
  const Bits w = Words(rng, purpose, entity, index);
  const auto& given = sex == ops::Sex::kMale ? kMaleGiven : kFemaleGiven;
  std::string name = kSurnames[Rng::ToIndex(w[0], kSurnames.size())];
  name += given[Rng::ToIndex(w[1], given.size())];
  if (Rng::ToUnit(w[3]) < kTwoCharacterGivenNames) name += given[Rng::ToIndex(w[2], given.size())];
  return name;
}

std::string DemoBirthDate(const Rng& rng, uint32_t agent, int age) {
  // Aged `age` on 2020-11-01: born from 2019-age-11-02 to 2020-age-11-01.
  const Date first{2019 - age, 11, 2};
  const int days = DaysFromCivil({2020 - age, 11, 1}) - DaysFromCivil(first) + 1;
  const Bits w = Words(rng, DemoPurpose::kPerson, agent, 1);
  return AddDays(first, static_cast<int>(Rng::ToIndex(w[0], static_cast<uint32_t>(days))));
}

std::string DemoPhone(const Rng& rng, DemoPurpose purpose, uint32_t entity, uint32_t index) {
  const Bits w = Words(rng, purpose, entity, index);
  char digits[9];
  std::snprintf(digits, sizeof digits, "%08u", Rng::ToIndex(w[1], 100'000'000u));
  return std::string(kPhonePrefixes[Rng::ToIndex(w[0], kPhonePrefixes.size())]) + digits;
}

DemoAddress DemoHouseholdAddress(uint32_t index) {
  constexpr uint32_t kFlatsPerFloor = 2, kFloors = 6, kUnits = 2;
  constexpr uint32_t kPerUnit = kFlatsPerFloor * kFloors;
  const uint32_t in_unit = index % kPerUnit;
  const uint32_t floor = 1 + in_unit / kFlatsPerFloor;
  const uint32_t flat = 1 + in_unit % kFlatsPerFloor;
  return {std::to_string(1 + index / (kPerUnit * kUnits)),
          std::to_string(1 + (index / kPerUnit) % kUnits), std::to_string(floor * 100 + flat)};
}

Result<std::string> IdNumbers::Next(uint32_t agent, std::string_view address_code,
                                    std::string_view birth_date, ops::Sex sex) {
  // Digits 7-14: the birth date without dashes.
  std::string first17(address_code);
  for (char c : birth_date) {
    if (c != '-') first17 += c;
  }
  const int parity = sex == ops::Sex::kMale ? 1 : 0;
  auto [it, added] = sequences_.try_emplace(first17 + static_cast<char>('0' + parity));
  Sequence& seq = it->second;
  if (added) {
    const Bits w =
        rng_.Draw(Stream::kPopulation, static_cast<uint32_t>(DemoPurpose::kPerson), agent, 1);
    seq.first = 2 * static_cast<int>(Rng::ToIndex(w[1], 500)) + parity;
  }
  if (seq.used == 500) {
    return Error{ErrorCode::kResourceExhausted,
                 "id_number: more than 500 " + std::string(ops::SexName(sex)) +
                     " residents born on " + std::string(birth_date) + " in " +
                     std::string(address_code)};
  }
  char sequence[8];
  std::snprintf(sequence, sizeof sequence, "%03d", (seq.first + 2 * seq.used++) % 1000);
  first17 += sequence;
  return first17 + ops::ResidentIdCheckChar(first17);
}

}  // namespace fk::api
