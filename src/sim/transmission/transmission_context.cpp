#include "sim/transmission/transmission_context.hpp"

namespace fk::sim {
namespace {

// Draw indices of the ranks within Stream::kIntervention (day 0).
constexpr uint32_t kComplianceIndex = 1;
constexpr uint32_t kMaskIndex = 2;
constexpr uint32_t kEssentialIndex = 3;
constexpr uint32_t kRankDay = 0xFFFFFFFFu;  // no real day uses it

}  // namespace

TransmissionContext::TransmissionContext(const Population& population, uint64_t seed)
    : pop_(population), rng_(seed), grid_rules_(population.grid_count()) {}

double TransmissionContext::ComplianceRank(uint32_t agent) const {
  return rng_.Uniform(Stream::kIntervention, kRankDay, agent, kComplianceIndex);
}
double TransmissionContext::MaskRank(uint32_t agent) const {
  return rng_.Uniform(Stream::kIntervention, kRankDay, agent, kMaskIndex);
}
double TransmissionContext::EssentialRank(uint32_t group) const {
  return rng_.Uniform(Stream::kIntervention, kRankDay, group, kEssentialIndex);
}

double TransmissionContext::ContactFactor(uint32_t agent, uint32_t grid, uint32_t group,
                                          Layer layer, bool infector) const {
  if (!flags_.empty() && flags_[agent] != 0) return 0.0;  // isolated or quarantined
  const GridRule& rule = grid_rules_[grid];
  const int li = SampledLayerIndex(layer);
  const float kept_out = rule.kept_out[li];
  if (kept_out > 0 && ComplianceRank(agent) < kept_out) {
    bool exempt = layer == Layer::kWorkplace && group != kNoGroup &&
                  (pop_.group_kind[group] == GroupKind::kHospital ||
                   (rule.essential_share > 0 && EssentialRank(group) < rule.essential_share));
    if (!exempt) return 0.0;
  }
  if (rule.mask_coverage > 0 && MaskRank(agent) < rule.mask_coverage) {
    return 1.0 - (infector ? rule.mask_protects_others : rule.mask_protects_wearer);
  }
  return 1.0;
}

void TransmissionContext::ClearRules() {
  for (GridRule& r : grid_rules_) r = GridRule{};
  import_factor_ = 1;
  beds_ = icu_beds_ = -1;
}

void TransmissionContext::SetFlags(uint32_t agent, uint8_t flags) {
  if (flags_.empty()) {
    if (flags == 0) return;
    flags_.assign(pop_.size(), 0);
  }
  flagged_ += (flags != 0) - (flags_[agent] != 0);
  flags_[agent] = flags;
}

void TransmissionContext::Refresh() {
  restricts_ = flagged_ > 0;
  for (const GridRule& r : grid_rules_) {
    if (restricts_) break;
    restricts_ = r.mask_coverage > 0 || r.kept_out[0] > 0 || r.kept_out[1] > 0 ||
                 r.kept_out[2] > 0 || r.kept_out[3] > 0;
  }
}

uint64_t TransmissionContext::MemoryBytes() const {
  return grid_rules_.capacity() * sizeof(GridRule) + flags_.capacity();
}

}  // namespace fk::sim
