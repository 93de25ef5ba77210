#include "sim/population/groups.hpp"

#include <gtest/gtest.h>

#include <map>

#include "test_city.hpp"

namespace fk::sim {
namespace {

using testing::City100k;
using testing::TestCityParameters;

uint32_t Size(const Population& pop, uint32_t g) {
  return pop.group_start[g + 1] - pop.group_start[g];
}

TEST(Groups, WorkplaceMeanSizeAndWorkers) {
  const Population& pop = City100k();
  const Parameters params = TestCityParameters(100'000);
  uint64_t workplaces = 0, workers = 0, health = 0;
  uint32_t largest = 0;
  for (uint32_t g = 0; g < pop.group_count(); ++g) {
    if (pop.group_kind[g] == GroupKind::kWorkplace) {
      ++workplaces;
      workers += Size(pop, g);
      largest = std::max(largest, Size(pop, g));
    } else if (pop.group_kind[g] == GroupKind::kHospital) {
      health += Size(pop, g);
      EXPECT_LE(Size(pop, g), static_cast<uint32_t>(params.hospital_staff_size));
    }
  }
  ASSERT_GT(workplaces, 0u);
  EXPECT_NEAR(static_cast<double>(workers) / workplaces, params.workplace_mean_size,
              0.1 * params.workplace_mean_size);
  EXPECT_LE(largest, static_cast<uint32_t>(params.workplace_max_size));
  EXPECT_GT(largest, 100u);  // heavy tail
  EXPECT_NEAR(static_cast<double>(health) / (workers + health), params.health_worker_share, 0.003);
  // Employment of 20-59-year-olds.
  uint64_t adults = 0, employed = 0;
  for (uint32_t a = 0; a < pop.size(); ++a) {
    uint32_t g = pop.agent_group[a];
    bool works = g != kNoGroup && pop.group_kind[g] != GroupKind::kSchoolClass;
    if (pop.age[a] >= 20 && pop.age[a] <= 59) {
      ++adults;
      employed += works;
    }
    if (pop.age[a] < 20 || pop.age[a] > 64) {
      ASSERT_FALSE(works) << a;
    }
  }
  EXPECT_NEAR(static_cast<double>(employed) / adults, params.employment_rate, 0.01);
}

TEST(Groups, WorkplacesMixTheWholeCity) {
  const Population& pop = City100k();
  // The largest workplace draws its workers from more than one district.
  uint32_t largest = 0;
  for (uint32_t g = 0; g < pop.group_count(); ++g) {
    if (pop.group_kind[g] == GroupKind::kWorkplace && Size(pop, g) > Size(pop, largest))
      largest = g;
  }
  uint32_t first = pop.group_members[pop.group_start[largest]];
  uint32_t last = pop.group_members[pop.group_start[largest + 1] - 1];
  EXPECT_GT(pop.GridOf(last) - pop.GridOf(first), pop.grid_count() / 2);
}

TEST(Groups, ClassesAreOneAgeOneStreetAndSmallEnough) {
  const Population& pop = City100k();
  const Parameters params = TestCityParameters(100'000);
  ASSERT_GT(pop.school_class_start.size(), 1u);
  const uint32_t schools = pop.school_class_start.size() - 1;
  for (uint32_t s = 0; s < schools; ++s) {
    ASSERT_LT(pop.school_class_start[s], pop.school_class_start[s + 1]);
    std::map<int, int> classes_of_age;
    for (uint32_t g = pop.school_class_start[s]; g < pop.school_class_start[s + 1]; ++g) {
      ASSERT_EQ(pop.group_kind[g], GroupKind::kSchoolClass);
      ASSERT_EQ(pop.group_school[g], s);
      ASSERT_LE(Size(pop, g), static_cast<uint32_t>(params.class_size));
      const uint32_t first = pop.group_members[pop.group_start[g]];
      const int age = pop.age[first];
      ++classes_of_age[age];
      for (uint32_t i = pop.group_start[g]; i < pop.group_start[g + 1]; ++i) {
        ASSERT_EQ(pop.age[pop.group_members[i]], age) << "class " << g;
      }
    }
    for (auto [age, n] : classes_of_age) EXPECT_LE(n, params.classes_per_grade) << age;
  }
  for (uint32_t g = 0; g < pop.group_count(); ++g) {
    if (pop.group_kind[g] != GroupKind::kSchoolClass) {
      ASSERT_EQ(pop.group_school[g], kNoGroup);
    }
  }
}

TEST(Groups, EveryChildOfCompulsoryAgeHasAClass) {
  const Population& pop = City100k();
  uint64_t kindergarten = 0, small = 0;
  for (uint32_t a = 0; a < pop.size(); ++a) {
    uint32_t g = pop.agent_group[a];
    bool pupil = g != kNoGroup && pop.group_kind[g] == GroupKind::kSchoolClass;
    if (pop.age[a] >= 6 && pop.age[a] <= 14) {
      ASSERT_TRUE(pupil) << a;
    }
    if (pop.age[a] < 3 || pop.age[a] > 17) {
      ASSERT_FALSE(pupil) << a;
    }
    if (pop.age[a] >= 3 && pop.age[a] <= 5) {
      ++small;
      kindergarten += pupil;
    }
  }
  EXPECT_NEAR(static_cast<double>(kindergarten) / small, kKindergartenEnrolment, 0.02);
}

}  // namespace
}  // namespace fk::sim
