#include "sim/population/groups.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <vector>

#include "sim/population/sampling.hpp"

namespace fk::sim {
namespace {

using population_detail::InverseCdf;
using population_detail::Purpose;
using population_detail::WeylUnit;

constexpr uint32_t kChunk = 1 << 16;  // agents per parallel chunk

// Keys of the agents for which key(a, &k) is true, in agent order, whatever
// the thread count (fixed chunks, concatenated in order).
template <typename KeyFn>
std::vector<uint64_t> Collect(uint32_t n, int threads, KeyFn key) {
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<std::vector<uint64_t>> parts(chunks);
#pragma omp parallel for num_threads(threads) schedule(dynamic)
  for (int64_t c = 0; c < chunks; ++c) {
    uint64_t k;
    for (uint32_t a = c * kChunk; a < std::min<uint64_t>(n, (c + 1) * uint64_t{kChunk}); ++a) {
      if (key(a, &k)) parts[c].push_back(k);
    }
  }
  size_t total = 0;
  for (const auto& part : parts) total += part.size();
  std::vector<uint64_t> out;
  out.reserve(total);
  for (auto& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
    part = {};
  }
  return out;
}

// Sorts keys by their upper 32 bits, keeping the given order among equal ones
// (LSD radix sort, two passes of 16 bits). For keys whose lower 32 bits
// ascend, this is the same as sorting the whole keys.
void SortByUpperHalf(std::vector<uint64_t>& keys) {
  std::vector<uint64_t> buffer(keys.size());
  for (int shift : {32, 48}) {
    std::vector<size_t> start(65537, 0);
    for (uint64_t k : keys) ++start[((k >> shift) & 0xFFFF) + 1];
    for (size_t b = 0; b < 65536; ++b) start[b + 1] += start[b];
    for (uint64_t k : keys) buffer[start[(k >> shift) & 0xFFFF]++] = k;
    keys.swap(buffer);
  }
}

// Discrete power law P(s) ~ s^-(1 + alpha) on 1..max_size, alpha chosen by
// bisection so that the mean is `mean` (firm sizes are Zipf-like: Axtell,
// Science 2001, doi 10.1126/science.1062081). Cumulative table, or empty if
// no alpha in [-1, 30] gives the mean.
std::vector<double> WorkplaceSizeCdf(double mean, int max_size) {
  std::vector<double> log_s(max_size);
  for (int s = 1; s <= max_size; ++s) log_s[s - 1] = std::log(s);
  auto mean_of = [&](double alpha) {
    double num = 0, den = 0;
    for (int s = 1; s <= max_size; ++s) {
      double w = std::exp(-(1 + alpha) * log_s[s - 1]);
      num += s * w;
      den += w;
    }
    return num / den;
  };
  double lo = -1, hi = 30;
  if (!(mean < mean_of(lo) && mean > mean_of(hi))) return {};
  for (int i = 0; i < 60; ++i) {
    double mid = 0.5 * (lo + hi);
    (mean_of(mid) > mean ? lo : hi) = mid;
  }
  std::vector<double> cdf(max_size + 1, 0.0);
  double alpha = 0.5 * (lo + hi);
  for (int s = 1; s <= max_size; ++s) cdf[s] = cdf[s - 1] + std::exp(-(1 + alpha) * log_s[s - 1]);
  for (double& c : cdf) c /= cdf[max_size];
  cdf[max_size] = 1.0;
  return cdf;
}

struct Level {
  int first_age, last_age;
  double enrolment;
};
constexpr std::array<Level, 4> kLevels = {{
    {3, 5, kKindergartenEnrolment},  // kindergarten
    {6, 11, kCompulsoryEnrolment},   // primary
    {12, 14, kCompulsoryEnrolment},  // junior secondary
    {15, 17, kSeniorEnrolment},      // senior secondary
}};
constexpr int kFirstSchoolAge = 3, kLastSchoolAge = 17;
constexpr int kSchoolAges = kLastSchoolAge - kFirstSchoolAge + 1;

double EnrolmentRate(int age) {
  for (const Level& l : kLevels) {
    if (age >= l.first_age && age <= l.last_age) return l.enrolment;
  }
  return 0;
}

bool Enrolled(const Rng& rng, const Population& pop, uint32_t a) {
  double rate = EnrolmentRate(pop.age[a]);
  if (rate <= 0) return false;
  if (rate >= 1) return true;
  return Rng::ToUnit(rng.Draw(Stream::kPopulation, static_cast<uint32_t>(Purpose::kEnrolment), a,
                              0)[0]) < rate;
}

// Schools of one street: for each level, the fewest schools that keep every
// age within classes_per_grade classes of class_size; each school takes a
// contiguous share (in agent order, so neighbouring grids) of every age, and
// each age of a school is split evenly into ceil(pupils / class_size) classes.
class StreetSchools {
 public:
  StreetSchools(int class_size, int classes_per_grade)
      : class_size_(class_size), capacity_(class_size * classes_per_grade) {}

  void Reset() {
    for (auto& p : pupils_) p.clear();
  }
  void Add(uint32_t agent, int age) { pupils_[age - kFirstSchoolAge].push_back(agent); }

  // Schools and classes this street forms.
  std::pair<uint32_t, uint32_t> Count() const {
    uint32_t schools = 0, classes = 0;
    ForEachClass([&](bool new_school, size_t, size_t, size_t, size_t) {
      schools += new_school;
      ++classes;
    });
    return {schools, classes};
  }

  // Writes the street's classes from group `first_class` and schools from
  // school `first_school`.
  void Write(uint32_t first_class, uint32_t first_school, Population& pop) const {
    uint32_t cls = first_class, school = first_school;
    ForEachClass([&](bool new_school, size_t age_index, size_t begin, size_t end, size_t) {
      if (new_school) pop.school_class_start[school++] = cls;
      pop.group_kind[cls] = GroupKind::kSchoolClass;
      pop.group_school[cls] = school - 1;
      for (size_t i = begin; i < end; ++i) pop.agent_group[pupils_[age_index][i]] = cls;
      ++cls;
    });
  }

 private:
  // Calls f(new_school, age_index, begin, end, class) for every class in
  // order; [begin, end) indexes pupils_[age_index].
  template <typename F>
  void ForEachClass(F f) const {
    for (const Level& level : kLevels) {
      size_t largest = 0;
      for (int a = level.first_age; a <= level.last_age; ++a) {
        largest = std::max(largest, pupils_[a - kFirstSchoolAge].size());
      }
      if (largest == 0) continue;
      const size_t schools = (largest + capacity_ - 1) / capacity_;
      for (size_t s = 0; s < schools; ++s) {
        bool new_school = true;
        for (int a = level.first_age; a <= level.last_age; ++a) {
          const size_t i = a - kFirstSchoolAge, n = pupils_[i].size();
          const size_t begin = s * n / schools, end = (s + 1) * n / schools, c = end - begin;
          const size_t classes = (c + class_size_ - 1) / class_size_;
          for (size_t k = 0; k < classes; ++k) {
            f(new_school, i, begin + k * c / classes, begin + (k + 1) * c / classes, k);
            new_school = false;
          }
        }
      }
    }
  }

  size_t class_size_, capacity_;
  std::array<std::vector<uint32_t>, kSchoolAges> pupils_;
};

// Agents of street s: [first, end).
std::pair<uint32_t, uint32_t> StreetAgents(const Population& pop, uint32_t s) {
  const Region& street = pop.streets[s];
  uint32_t g0 = pop.communities[street.first_child].first_child;
  uint32_t g1 = pop.communities[street.end_child - 1].end_child;
  return {pop.grid_agent_start[g0], pop.grid_agent_start[g1]};
}

void CollectPupils(const Rng& rng, const Population& pop, uint32_t s, StreetSchools& schools) {
  schools.Reset();
  auto [first, end] = StreetAgents(pop, s);
  for (uint32_t a = first; a < end; ++a) {
    if (pop.age[a] >= kFirstSchoolAge && pop.age[a] <= kLastSchoolAge && Enrolled(rng, pop, a)) {
      schools.Add(a, pop.age[a]);
    }
  }
}

// Appends the school classes of every street to the group arrays.
void AddSchools(const Parameters& params, const Rng& rng, int threads, Population& pop) {
  const int64_t streets = pop.streets.size();
  std::vector<uint32_t> school_offset(streets + 1, 0), class_offset(streets + 1, 0);
#pragma omp parallel num_threads(threads)
  {
    StreetSchools schools(params.class_size, params.classes_per_grade);
#pragma omp for schedule(dynamic)
    for (int64_t s = 0; s < streets; ++s) {
      CollectPupils(rng, pop, static_cast<uint32_t>(s), schools);
      std::tie(school_offset[s + 1], class_offset[s + 1]) = schools.Count();
    }
  }
  for (int64_t s = 0; s < streets; ++s) {
    school_offset[s + 1] += school_offset[s];
    class_offset[s + 1] += class_offset[s];
  }
  const uint32_t first_class = pop.group_count();
  pop.group_kind.resize(first_class + class_offset[streets]);
  pop.group_school.resize(first_class + class_offset[streets]);
  pop.school_class_start.assign(school_offset[streets] + 1, first_class + class_offset[streets]);
#pragma omp parallel num_threads(threads)
  {
    StreetSchools schools(params.class_size, params.classes_per_grade);
#pragma omp for schedule(dynamic)
    for (int64_t s = 0; s < streets; ++s) {
      CollectPupils(rng, pop, static_cast<uint32_t>(s), schools);
      schools.Write(first_class + class_offset[s], school_offset[s], pop);
    }
  }
}

// Deals workers, in a random order, to workplaces of sizes from the power law
// (quota sequence) and health-care workers to hospitals of hospital_staff_size.
Status AddWorkplaces(const Parameters& params, const Rng& rng, int threads, Population& pop) {
  std::vector<double> size_cdf =
      WorkplaceSizeCdf(params.workplace_mean_size, params.workplace_max_size);
  if (size_cdf.empty()) {
    return InvalidArgument(fmt::format(
        "workplace_mean_size must be above 1 and well below workplace_max_size (got {} and {})",
        params.workplace_mean_size, params.workplace_max_size));
  }
  const uint32_t kind = static_cast<uint32_t>(Purpose::kEmployment);
  // Key: health-worker flag (bit 63), random order (bits 32-62), agent id.
  std::vector<uint64_t> workers = Collect(pop.size(), threads, [&](uint32_t a, uint64_t* key) {
    const int age = pop.age[a];
    double rate = age >= 20 && age <= 59   ? params.employment_rate
                  : age >= 60 && age <= 64 ? params.employment_rate * kOlderWorkerFactor
                                           : 0.0;
    if (rate <= 0) return false;
    Bits bits = rng.Draw(Stream::kPopulation, kind, a, 0);
    if (Rng::ToUnit(bits[0]) >= rate) return false;
    uint64_t health = Rng::ToUnit(bits[1]) < params.health_worker_share ? 1 : 0;
    *key = (health << 63) | (uint64_t{bits[2] >> 1} << 32) | a;
    return true;
  });
  SortByUpperHalf(workers);
  const size_t others = std::partition_point(workers.begin(), workers.end(),
                                             [](uint64_t k) { return (k >> 63) == 0; }) -
                        workers.begin();

  Bits offsets = rng.Draw(Stream::kPopulation, static_cast<uint32_t>(Purpose::kOffsets), 0, 1);
  const uint64_t offset = (uint64_t{offsets[0]} << 32) | offsets[1];
  uint32_t group = pop.group_count();
  for (size_t i = 0, j = 0; i < others; ++j, ++group) {
    size_t size = InverseCdf(size_cdf, WeylUnit(offset, population_detail::kSqrt3Alpha, j)) + 1;
    size_t end = std::min(others, i + size);
    for (; i < end; ++i) pop.agent_group[static_cast<uint32_t>(workers[i])] = group;
    pop.group_kind.push_back(GroupKind::kWorkplace);
    pop.group_school.push_back(kNoGroup);
  }
  for (size_t i = others; i < workers.size(); ++group) {
    size_t end = std::min(workers.size(), i + params.hospital_staff_size);
    for (; i < end; ++i) pop.agent_group[static_cast<uint32_t>(workers[i])] = group;
    pop.group_kind.push_back(GroupKind::kHospital);
    pop.group_school.push_back(kNoGroup);
  }
  return Status::Ok();
}

// group_start and group_members from agent_group (counting sort; members of a
// group in ascending agent order).
void IndexMembers(Population& pop) {
  const uint32_t groups = pop.group_count();
  pop.group_start.assign(groups + 1, 0);
  for (uint32_t g : pop.agent_group) {
    if (g != kNoGroup) ++pop.group_start[g + 1];
  }
  for (uint32_t g = 0; g < groups; ++g) pop.group_start[g + 1] += pop.group_start[g];
  pop.group_members.resize(pop.group_start[groups]);
  std::vector<uint32_t> next(pop.group_start.begin(), pop.group_start.end() - 1);
  for (uint32_t a = 0; a < pop.size(); ++a) {
    uint32_t g = pop.agent_group[a];
    if (g != kNoGroup) pop.group_members[next[g]++] = a;
  }
}

}  // namespace

Status BuildGroups(const Parameters& params, const Rng& rng, int threads, Population& pop) {
  pop.agent_group.assign(pop.size(), kNoGroup);
  pop.group_kind.clear();
  pop.group_school.clear();
  if (Status s = AddWorkplaces(params, rng, threads, pop); !s.ok()) return s;
  AddSchools(params, rng, threads, pop);
  pop.group_kind.shrink_to_fit();
  pop.group_school.shrink_to_fit();
  IndexMembers(pop);
  return Status::Ok();
}

}  // namespace fk::sim
