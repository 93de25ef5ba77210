#include "sim/population/households.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sim/population/sampling.hpp"

namespace fk::sim {
namespace {

using population_detail::Cumulative;
using population_detail::InverseCdf;
using population_detail::Purpose;
using population_detail::WeylUnit;
using population_detail::WordStream;

constexpr int kMaxAge = 100;   // 100 stands for 100 or older
constexpr int kAdultAge = 18;  // children are younger
// Census 2020 sex ratio 105.07 males per 100 females (demography-china.md §1).
constexpr double kMaleShare = 105.07 / 205.07;

// What a resident is in its household, for the choice of sex: the two members
// of a couple are stored next to each other, first kCoupleFirst.
enum Role : uint8_t { kOther = 0, kCoupleFirst = 1, kCoupleSecond = 2 };

struct Plan {
  std::vector<double> size_cdf;  // household sizes 1..10
  std::vector<double> age_cdf;   // five-year bands
  uint64_t size_offset;
  uint64_t age_offset;
  uint32_t per_grid;
};

Plan MakePlan(const Parameters& params, const Rng& rng) {
  Bits offsets = rng.Draw(Stream::kPopulation, static_cast<uint32_t>(Purpose::kOffsets), 0, 0);
  return Plan{Cumulative(params.household_size_shares), Cumulative(params.age_shares),
              (uint64_t{offsets[0]} << 32) | offsets[1], (uint64_t{offsets[2]} << 32) | offsets[3],
              static_cast<uint32_t>(params.households_per_grid)};
}

// Age of the agent with this index in the city-wide quota sequence: five-year
// band by the target shares, single years uniform within the band.
int AgeAt(const Plan& plan, uint64_t agent) {
  double u = WeylUnit(plan.age_offset, population_detail::kGoldenAlpha, agent);
  int band = InverseCdf(plan.age_cdf, u);
  if (band >= kFiveYearBands - 1) return kMaxAge;
  double width = plan.age_cdf[band + 1] - plan.age_cdf[band];
  int year = static_cast<int>((u - plan.age_cdf[band]) / width * 5.0);
  return band * 5 + std::clamp(year, 0, 4);
}

// Sizes of all households_per_grid households of a full grid, shuffled.
void GridSizes(const Plan& plan, const Rng& rng, uint32_t grid, std::vector<uint8_t>& sizes) {
  sizes.resize(plan.per_grid);
  uint64_t first = uint64_t{grid} * plan.per_grid;
  for (uint32_t i = 0; i < plan.per_grid; ++i) {
    double u = WeylUnit(plan.size_offset, population_detail::kSqrt2Alpha, first + i);
    sizes[i] = static_cast<uint8_t>(1 + InverseCdf(plan.size_cdf, u));
  }
  WordStream words(rng, Purpose::kHouseholdShuffle, grid);
  for (uint32_t i = plan.per_grid - 1; i > 0; --i) std::swap(sizes[i], sizes[words.Index(i + 1)]);
}

// Deals one grid's age pool out to its households.
class GridFiller {
 public:
  GridFiller(const Rng& rng, uint32_t grid) : words_(rng, Purpose::kHouseholdFill, grid) {}

  void AddToPool(int age) {
    ++pool_[age];
    ++count_[age >= kAdultAge];
  }

  // Writes the ages and roles of the grid's residents in household order.
  void Fill(std::span<const uint8_t> sizes, std::span<uint8_t> age, std::span<uint8_t> role) {
    const size_t households = sizes.size();
    EnsureAnAdultPerHousehold(households);
    std::vector<uint8_t> kids = ChildrenPerHousehold(sizes);
    std::vector<uint32_t> start(households + 1, 0);
    for (size_t h = 0; h < households; ++h) start[h + 1] = start[h] + sizes[h];

    for (size_t h = 0; h < households; ++h) {
      if (kids[h] > 0) FamilyWithChildren(sizes[h], kids[h], &age[start[h]], &role[start[h]]);
    }
    // Without children: larger households first, single adults take the rest.
    for (int pass = 0; pass < 3; ++pass) {
      for (size_t h = 0; h < households; ++h) {
        int s = sizes[h];
        bool now = pass == 0 ? s >= 3 : pass == 1 ? s == 2 : s == 1;
        if (kids[h] == 0 && now) AdultHousehold(s, &age[start[h]], &role[start[h]]);
      }
    }
  }

 private:
  int Count(int lo, int hi) const {
    int n = 0;
    for (int a = lo; a <= hi; ++a) n += pool_[a];
    return n;
  }

  // A tiny grid (the city's last) may draw fewer adults than households: the
  // oldest children become 18-year-olds.
  void EnsureAnAdultPerHousehold(size_t households) {
    int adults = Count(kAdultAge, kMaxAge);
    for (int a = kAdultAge - 1; a >= 0 && adults < static_cast<int>(households); --a) {
      while (pool_[a] > 0 && adults < static_cast<int>(households)) {
        Take(a);
        AddToPool(kAdultAge);
        ++adults;
      }
    }
  }

  // Children go one at a time to households with room beside a couple (first
  // one each, then a second, ...), then to 2-person households (single
  // parent), then anywhere an adult remains.
  std::vector<uint8_t> ChildrenPerHousehold(std::span<const uint8_t> sizes) const {
    int left = Count(0, kAdultAge - 1);
    std::vector<uint8_t> kids(sizes.size(), 0);
    auto deal = [&](auto room) {
      for (bool dealt = true; dealt && left > 0;) {
        dealt = false;
        for (size_t h = 0; h < sizes.size() && left > 0; ++h) {
          if (room(sizes[h], kids[h])) {
            ++kids[h];
            --left;
            dealt = true;
          }
        }
      }
    };
    deal([](int s, int k) { return k < s - 2; });
    deal([](int s, int k) { return s == 2 && k == 0; });
    deal([](int s, int k) { return k < s - 1; });
    return kids;
  }

  void Take(int age) {
    --pool_[age];
    --count_[age >= kAdultAge];
  }

  // Takes the pool member of age nearest `target` within [lo, hi]; -1 if none.
  int TakeNearest(int target, int lo, int hi) {
    lo = std::max(lo, 0);
    hi = std::min(hi, kMaxAge);
    if (lo > hi) return -1;
    target = std::clamp(target, lo, hi);
    for (int d = 0; target - d >= lo || target + d <= hi; ++d) {
      for (int a : {target - d, target + d}) {
        if (a >= lo && a <= hi && pool_[a] > 0) {
          Take(a);
          return a;
        }
      }
    }
    return -1;
  }

  // The adult nearest `target` within [lo, hi], else the adult nearest target.
  int TakeAdult(int target, int lo, int hi) {
    int a = TakeNearest(target, std::max(lo, kAdultAge), hi);
    return a >= 0 ? a : TakeNearest(target, kAdultAge, kMaxAge);
  }

  // A child (adult = false) or an adult chosen uniformly from the pool; -1 if
  // none is left.
  int TakeRandom(bool adult) {
    const uint32_t n = count_[adult];
    if (n == 0) return -1;
    uint32_t r = words_.Index(n);
    for (int a = adult ? kAdultAge : 0;; ++a) {
      if (r < pool_[a]) {
        Take(a);
        return a;
      }
      r -= pool_[a];
    }
  }

  // Parents (or one parent) with `kids` children of close ages; further
  // members are grandparents (a couple), then other adults.
  void FamilyWithChildren(int size, int kids, uint8_t* age, uint8_t* role) {
    const bool couple = size - kids >= 2;
    uint8_t* child = age + (couple ? 2 : 1);
    int first = TakeRandom(false);
    int youngest = first, oldest = first;
    child[0] = static_cast<uint8_t>(first);
    for (int k = 1; k < kids; ++k) {
      int gap = words_.Between(1, 4) * (words_.Index(2) ? 1 : -1);
      int c = TakeNearest(first + gap, 0, kAdultAge - 1);
      child[k] = static_cast<uint8_t>(c);
      youngest = std::min(youngest, c);
      oldest = std::max(oldest, c);
    }
    // A parent is 18 to 45 years older than each child (assumption).
    const int lo = oldest + 18, hi = youngest + 45;
    int parent = TakeAdult(youngest + words_.Between(24, 34), lo, hi);
    age[0] = static_cast<uint8_t>(parent);
    role[0] = couple ? kCoupleFirst : kOther;
    for (int k = 0; k < kids; ++k) role[(couple ? 2 : 1) + k] = kOther;
    if (!couple) return;
    age[1] = static_cast<uint8_t>(TakeAdult(parent + words_.Between(-4, 4), lo, hi));
    role[1] = kCoupleSecond;
    for (int i = 2 + kids; i < size; ++i) {
      int j = i - 2 - kids;
      int a;
      if (j == 0) {
        a = TakeAdult(parent + words_.Between(24, 34), parent + 18, parent + 45);
      } else if (j == 1) {
        a = TakeAdult(age[i - 1] + words_.Between(-4, 4), parent + 18, kMaxAge);
      } else {
        a = TakeRandom(true);
      }
      age[i] = static_cast<uint8_t>(a);
      role[i] = j == 0 && i + 1 < size ? kCoupleFirst : j == 1 ? kCoupleSecond : kOther;
    }
  }

  // A single adult; a couple; or a couple with an adult child (older heads)
  // or with the head's parents (younger heads).
  void AdultHousehold(int size, uint8_t* age, uint8_t* role) {
    int head = TakeRandom(true);
    age[0] = static_cast<uint8_t>(head);
    role[0] = size >= 2 ? kCoupleFirst : kOther;
    if (size == 1) return;
    age[1] = static_cast<uint8_t>(TakeAdult(head + words_.Between(-4, 4), kAdultAge, kMaxAge));
    role[1] = kCoupleSecond;
    for (int i = 2; i < size; ++i) {
      int gap = words_.Between(24, 32);
      int a = head >= 45 ? TakeAdult(head - gap, kAdultAge, head - 18)
                         : TakeAdult(head + gap, head + 18, kMaxAge);
      age[i] = static_cast<uint8_t>(a);
      role[i] = kOther;
    }
  }

  std::array<uint32_t, kMaxAge + 1> pool_{};  // residents not yet housed, by age
  std::array<uint32_t, 2> count_{};           // of them children, adults
  WordStream words_;
};

// Sex of every resident of a grid: couples are one man and one woman; the
// others are male with the probability that brings the grid to kMaleShare.
void AssignSex(const Rng& rng, uint32_t first_agent, std::span<const uint8_t> role,
               std::span<uint8_t> sex) {
  size_t couples = 0;
  for (uint8_t r : role) couples += r == kCoupleFirst;
  size_t others = role.size() - 2 * couples;
  double p_other =
      others == 0 ? 0.0
                  : std::clamp((kMaleShare * role.size() - couples) / static_cast<double>(others),
                               0.0, 1.0);
  for (size_t i = 0; i < role.size(); ++i) {
    if (role[i] == kCoupleSecond) {
      sex[i] = 1 - sex[i - 1];
      continue;
    }
    double u = Rng::ToUnit(rng.Draw(Stream::kPopulation, static_cast<uint32_t>(Purpose::kSex),
                                    first_agent + static_cast<uint32_t>(i), 0)[0]);
    sex[i] = u < (role[i] == kCoupleFirst ? 0.5 : p_other) ? 1 : 0;
  }
}

}  // namespace

void BuildHouseholds(const Parameters& params, const Rng& rng, int threads, Population& pop) {
  const Plan plan = MakePlan(params, rng);
  const uint64_t n = static_cast<uint64_t>(params.population);

  // Pass 1: residents of each full grid, chunk by chunk until n is reached.
  double mean_size = 0;
  for (int s = 0; s < kMaxHouseholdSize; ++s) {
    mean_size += (s + 1) * (plan.size_cdf[s + 1] - plan.size_cdf[s]);
  }
  std::vector<uint32_t> grid_agents;
  uint64_t total = 0;
  int64_t chunk = static_cast<int64_t>(n / (mean_size * plan.per_grid) * 1.01) + 16;
  while (total < n) {
    const int64_t base = static_cast<int64_t>(grid_agents.size());
    grid_agents.resize(base + chunk);
#pragma omp parallel num_threads(threads)
    {
      std::vector<uint8_t> sizes;
#pragma omp for schedule(static)
      for (int64_t i = 0; i < chunk; ++i) {
        GridSizes(plan, rng, static_cast<uint32_t>(base + i), sizes);
        uint32_t sum = 0;
        for (uint8_t s : sizes) sum += s;
        grid_agents[base + i] = sum;
      }
    }
    for (int64_t i = base; i < base + chunk; ++i) total += grid_agents[i];
    chunk = 64;
  }

  // The grid where n is reached is the last; its households stop at n.
  uint32_t grids = 0;
  uint64_t before = 0;
  while (before + grid_agents[grids] < n) before += grid_agents[grids++];
  const uint32_t last = grids++;
  std::vector<uint8_t> last_sizes;
  GridSizes(plan, rng, last, last_sizes);
  uint32_t last_households = 0;
  for (uint64_t acc = before; acc < n; ++last_households) {
    uint64_t s = std::min<uint64_t>(last_sizes[last_households], n - acc);
    last_sizes[last_households] = static_cast<uint8_t>(s);
    acc += s;
  }
  last_sizes.resize(last_households);

  pop.grid_household_start.resize(grids + 1);
  pop.grid_agent_start.resize(grids + 1);
  for (uint32_t g = 0; g <= grids; ++g) {
    pop.grid_household_start[g] =
        g <= last ? g * plan.per_grid : last * plan.per_grid + last_households;
    pop.grid_agent_start[g] = g == 0      ? 0
                              : g <= last ? pop.grid_agent_start[g - 1] + grid_agents[g - 1]
                                          : static_cast<uint32_t>(n);
  }
  grid_agents = {};
  const uint32_t households = pop.grid_household_start[grids];
  pop.household_start.resize(households + 1);
  pop.household_start[households] = static_cast<uint32_t>(n);
  pop.age.resize(n);
  pop.sex.resize(n);

  // Pass 2: every grid deals its own age pool to its households.
#pragma omp parallel num_threads(threads)
  {
    std::vector<uint8_t> sizes, role;
#pragma omp for schedule(dynamic, 4)
    for (int64_t gi = 0; gi < grids; ++gi) {
      const uint32_t g = static_cast<uint32_t>(gi);
      if (g == last) {
        sizes = last_sizes;
      } else {
        GridSizes(plan, rng, g, sizes);
      }
      const uint32_t a0 = pop.grid_agent_start[g], a1 = pop.grid_agent_start[g + 1];
      uint32_t h = pop.grid_household_start[g], a = a0;
      for (uint8_t s : sizes) {
        pop.household_start[h++] = a;
        a += s;
      }
      GridFiller filler(rng, g);
      for (uint32_t i = a0; i < a1; ++i) filler.AddToPool(AgeAt(plan, i));
      role.resize(a1 - a0);
      std::span<uint8_t> ages(pop.age.data() + a0, a1 - a0);
      filler.Fill(sizes, ages, role);
      AssignSex(rng, a0, role, std::span<uint8_t>(pop.sex.data() + a0, a1 - a0));
    }
  }
}

}  // namespace fk::sim
