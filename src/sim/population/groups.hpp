// Workplaces, hospitals and school classes of the synthetic city, and the
// group arrays of Population (group_kind, group_school, group_start,
// group_members, school_class_start, agent_group).
//
// Workers of the whole city are dealt to workplaces in a random order (so a
// workplace mixes residents of every district); pupils go to schools formed
// from the pupils of their own street. Deterministic for a seed whatever the
// thread count.
#pragma once

#include "common/result.hpp"
#include "common/rng.hpp"
#include "sim/params/parameters.hpp"
#include "sim/population/population.hpp"

namespace fk::sim {

// Employment probability of 60-64-year-olds relative to employment_rate
// (assumption: statutory retirement at 60 for men and 50/55 for women).
inline constexpr double kOlderWorkerFactor = 0.4;
// Enrolment rates by school level (assumptions, docs/population.md): nearly
// universal compulsory education for ages 6-14.
inline constexpr double kKindergartenEnrolment = 0.85;  // ages 3-5, assumption
inline constexpr double kCompulsoryEnrolment = 1.0;     // ages 6-14, assumption
inline constexpr double kSeniorEnrolment = 0.90;        // ages 15-17, assumption

// Fills the group arrays of `pop`, whose residents, households and region tree
// are already built. Fails (kInvalidArgument) if no workplace size
// distribution with mean workplace_mean_size exists below workplace_max_size.
Status BuildGroups(const Parameters& params, const Rng& rng, int threads, Population& pop);

}  // namespace fk::sim
