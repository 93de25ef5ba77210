// Synthetic personal data for the agents of the demo city: a Chinese name, a
// birth date consistent with the agent's age at the 2020 census moment, a
// valid resident ID number (GB 11643), a phone number and a household
// address. Every draw is a pure function of (seed, agent), so the data does
// not depend on the order or the batches in which it is made; only the ID
// sequence numbers are handed out in call order (IdNumbers).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/result.hpp"
#include "common/rng.hpp"
#include "ops/registry/resident_id.hpp"

namespace fk::api {

// The census reference moment the agents' ages refer to (7th census,
// 2020-11-01 00:00; shared/reference/demography-china.md).
inline constexpr const char* kCensusDate = "2020-11-01";

// What a demo draw is for: the "day" slot of Stream::kPopulation draws. The
// population builder uses purposes 0..5 (sim/population/sampling.hpp); these
// start far above them so the two never collide.
enum class DemoPurpose : uint32_t {
  // entity = agent; index 0 name, 1 birth day and ID sequence, 2 phone,
  // 3 categories (demo_data.cpp)
  kPerson = 0xDE00,
  kStaff = 0xDE01,     // entity = grid: names and phones of the grid's staff
  kOutbreak = 0xDE02,  // the demo outbreak (demo_outbreak.cpp): entity and index its own
};

// A name: a surname and a one- or two-character given name for the sex,
// drawn from (purpose, entity).
std::string DemoName(const Rng& rng, DemoPurpose purpose, uint32_t entity, uint32_t index,
                     ops::Sex sex);

// A birth date (YYYY-MM-DD) of someone aged `age` at kCensusDate, the day
// drawn uniformly from the year of dates that give that age.
std::string DemoBirthDate(const Rng& rng, uint32_t agent, int age);

// An 11-digit mobile number with a mainland carrier prefix.
std::string DemoPhone(const Rng& rng, DemoPurpose purpose, uint32_t entity, uint32_t index);

// The address of the `index`-th household (from 0) of a grid: buildings of
// 2 units x 6 floors x 2 flats; distinct for distinct indexes.
struct DemoAddress {
  std::string building, unit, room;
};
DemoAddress DemoHouseholdAddress(uint32_t index);

// Hands out resident ID numbers: address code, birth date, a three-digit
// sequence (odd for men, even for women) and the check character. The
// sequences of one (address code, birth date, sex) start at a drawn number
// and step by 2, so numbers never repeat. One thread at a time.
class IdNumbers {
 public:
  explicit IdNumbers(const Rng& rng) : rng_(rng) {}

  // The number of `agent`. kResourceExhausted when 500 people of one sex
  // born on one day already have numbers in that address code.
  Result<std::string> Next(uint32_t agent, std::string_view address_code,
                           std::string_view birth_date, ops::Sex sex);

 private:
  struct Sequence {
    int first = 0;
    int used = 0;
  };
  const Rng& rng_;
  std::unordered_map<std::string, Sequence> sequences_;  // key: code + date + sex
};

}  // namespace fk::api
