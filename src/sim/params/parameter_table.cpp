#include "sim/params/parameter_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace fk::sim {
namespace {

// --- binding a spec to its Parameters member ---

template <auto Member>
ParamValue GetField(const Parameters& p) {
  const auto& v = p.*Member;
  using T = std::remove_cvref_t<decltype(v)>;
  if constexpr (std::is_same_v<T, double>) {
    return v;
  } else if constexpr (std::is_integral_v<T>) {
    return static_cast<int64_t>(v);
  } else if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return std::vector<double>(v.begin(), v.end());
  }
}

template <auto Member>
void SetField(Parameters& p, const ParamValue& value) {
  auto& v = p.*Member;
  using T = std::remove_cvref_t<decltype(v)>;
  if constexpr (std::is_same_v<T, double>) {
    v = std::get<double>(value);
  } else if constexpr (std::is_integral_v<T>) {
    v = static_cast<T>(std::get<int64_t>(value));
  } else if constexpr (std::is_same_v<T, std::string>) {
    v = std::get<std::string>(value);
  } else {
    const auto& xs = std::get<std::vector<double>>(value);
    assert(xs.size() == v.size());
    std::copy(xs.begin(), xs.end(), v.begin());
  }
}

template <auto Member>
ParameterSpec Bind(ParameterSpec spec) {
  spec.get = &GetField<Member>;
  spec.set = &SetField<Member>;
  return spec;
}

template <auto Member>
ParameterSpec Int(std::string_view key, int64_t def, std::string_view unit, int64_t lo, int64_t hi,
                  std::string_view description, std::string_view source) {
  ParameterSpec s{.key = key, .type = ParamType::kInteger, .default_value = def, .unit = unit};
  s.int_min = lo;
  s.int_max = hi;
  s.description = description;
  s.source = source;
  return Bind<Member>(s);
}

template <auto Member>
ParameterSpec Real(std::string_view key, double def, std::string_view unit, double lo, double hi,
                   std::string_view description, std::string_view source) {
  ParameterSpec s{.key = key, .type = ParamType::kReal, .default_value = def, .unit = unit};
  s.min = lo;
  s.max = hi;
  s.description = description;
  s.source = source;
  return Bind<Member>(s);
}

// A duration's mean or SD: days, greater than 0 and at most 60.
template <auto Member>
ParameterSpec Days(std::string_view key, double def, std::string_view description,
                   std::string_view source) {
  ParameterSpec s = Real<Member>(key, def, "days", 0, 60, description, source);
  s.min_exclusive = true;
  return s;
}

template <auto Member>
ParameterSpec Date(std::string_view key, std::string def, std::string_view description,
                   std::string_view source) {
  ParameterSpec s{.key = key, .type = ParamType::kDate, .default_value = std::move(def)};
  s.description = description;
  s.source = source;
  return Bind<Member>(s);
}

template <auto Member>
ParameterSpec Array(std::string_view key, std::vector<double> def, double lo, double hi,
                    std::string_view description, std::string_view source) {
  using T = std::remove_cvref_t<decltype(std::declval<Parameters>().*Member)>;
  assert(def.size() == std::tuple_size_v<T>);
  ParameterSpec s{.key = key, .type = ParamType::kRealArray, .default_value = std::move(def)};
  s.min = lo;
  s.max = hi;
  s.length = std::tuple_size_v<T>;
  s.description = description;
  s.source = source;
  return Bind<Member>(s);
}

using P = Parameters;

std::vector<ParameterSpec> BuildTable() {
  return {
      // --- [run] ---
      Int<&P::population>("run.population", 100000, "agents", 1000, 100000000,
                          "residents simulated",
                          "assumption: a district-sized default city; set --population"),
      Int<&P::days>("run.days", 120, "days", 1, 3650, "days simulated",
                    "assumption: covers Wuhan's first wave, January to April 2020 "
                    "(wuhan-2020.md)"),
      Int<&P::seed>("run.seed", 1, "", 0, std::numeric_limits<int64_t>::max(),
                    "random seed: the same seed gives the same epidemic at any thread count",
                    "assumption"),
      Date<&P::start_date>("run.start_date", "2020-01-01", "first simulated day, YYYY-MM-DD",
                           "assumption: early January 2020, before the 23 January cordon "
                           "(wuhan-2020.md)"),
      Int<&P::initial_infections>("run.initial_infections", 20, "agents", 0, 10000000,
                                  "agents infected on day 0; at most run.population", "assumption"),
      Real<&P::imports_per_day>("run.imports_per_day", 0, "agents/day", 0, 1e6,
                                "mean infections imported a day (Poisson)",
                                "assumption: a closed city"),

      // --- [city] ---
      Int<&P::city_code>("city.city_code", 420100, "", 110000, 659099,
                         "GB/T 2260 six-digit code of the city; 420100 = Wuhan 武汉市",
                         "GB/T 2260, NBS 2023 codes (demography-china.md §5)"),
      Array<&P::age_shares>(
          "city.age_shares", {0.059098, 0.061071, 0.059331, 0.055813, 0.059077, 0.066419, 0.087262,
                              0.067844, 0.065256, 0.081228, 0.083673, 0.066928, 0.058032, 0.055514,
                              0.033653, 0.019873, 0.012114, 0.005676, 0.001726, 0.000356, 0.000056},
          0, 1,
          "share of residents by five-year age band 0-4, 5-9, ..., 95-99, 100+; must sum to 1",
          "derived: WPP 2019 China 2020 bands (demography-china.md §1.2) rescaled to census "
          "2020 broad groups 0-14/15-59/60+ = 17.95/63.35/18.70 % (§1.1): factors "
          "0.1795/0.17712 = 1.01345, 0.6335/0.64934 = 0.97560, 0.1870/0.17354 = 1.07757"),
      Array<&P::household_size_shares>(
          "city.household_size_shares",
          {0.2539, 0.2968, 0.2099, 0.1317, 0.0617, 0.0291, 0.0099, 0.0039, 0.0016, 0.0015}, 0, 1,
          "share of family households of size 1, 2, ..., 9, 10+; must sum to 1",
          "census 2020 (demography-china.md §2.1): size 1 25.39 % verified, sizes 2-5 "
          "29.68/20.99/13.17/6.17 % unverified; derived: sizes 6..10+ split the remaining "
          "4.60 % in the 2010 census shape 4.20/1.43/0.56/0.23/0.21 % (§2.2)"),
      Int<&P::households_per_grid>("city.households_per_grid", 350, "households", 10, 5000,
                                   "households in one residential grid (网格)",
                                   "assumption: urban grids of 300-500 households (unverified)"),
      Int<&P::grids_per_community>("city.grids_per_community", 8, "grids", 1, 999,
                                   "grids in one community (社区)",
                                   "assumption: 8 × 350 households × 2.6 ≈ 7,300 residents"),
      Int<&P::communities_per_street>(
          "city.communities_per_street", 10, "communities", 1, 999,
          "communities in one street (街道)",
          "derived: Wuhan 12.33 M residents / 160 township-level units ≈ 77,000 a street ≈ 10 "
          "communities of 7,300 (demography-china.md §3.1, §3.3); 1,431 urban communities / "
          "156 sub-districts = 9.2"),
      Int<&P::streets_per_district>("city.streets_per_district", 12, "streets", 1, 999,
                                    "streets in one district (区)",
                                    "derived: Wuhan 160 township-level units / 13 districts = "
                                    "12.3 (demography-china.md §3.3)"),
      Real<&P::employment_rate>(
          "city.employment_rate", 0.75, "", 0, 1, "share of 20-59-year-olds in work",
          "assumption: China's ≈770 M employed (end 2019, demography-china.md §4.3) would be "
          "0.94 of its 20-59-year-olds, but many workers are older; participation rate not found"),
      Real<&P::workplace_mean_size>("city.workplace_mean_size", 17.6, "employees", 1, 1000,
                                    "mean employees per workplace",
                                    "derived: 383.236 M employees / 21.789 M legal entities = 17.6 "
                                    "(4th economic census 2018, demography-china.md §4.3)"),
      Int<&P::workplace_max_size>("city.workplace_max_size", 5000, "employees", 1, 100000,
                                  "employees of the largest workplace",
                                  "assumption: near CovidSim Report 9's GB maximum 5,927 "
                                  "(demography-china.md §4.2)"),
      Int<&P::class_size>("city.class_size", 45, "pupils", 10, 100, "pupils per class",
                          "MoE standard class size 45 (demography-china.md §4.2)"),
      Int<&P::classes_per_grade>("city.classes_per_grade", 4, "classes", 1, 50,
                                 "classes of one age in one school", "assumption"),
      Real<&P::health_worker_share>(
          "city.health_worker_share", 0.021, "", 0, 0.2,
          "share of workers who are health-care workers",
          "derived: Hubei 529,800 health workers end 2019 (wuhan-2020.md §3) / (57.75 M × 0.5777 "
          "aged 20-59 × 0.75 employed = 25.02 M workers) = 0.0212"),
      Int<&P::hospital_staff_size>("city.hospital_staff_size", 800, "health-care workers", 10,
                                   20000, "health-care workers per hospital", "assumption"),

      // --- [disease]: durations are lognormal, mean and SD in days ---
      Days<&P::latent_mean>("disease.latent_mean", 2.9,
                            "latent period, exposed to infectious: mean",
                            "derived: incubation 5.2 d (Li et al. NEJM 2020) minus 2.3 d "
                            "infectious before onset (He et al. Nat Med 2020)"),
      Days<&P::latent_sd>("disease.latent_sd", 1.0, "latent period: SD", "assumption"),
      Days<&P::presymptomatic_mean>("disease.presymptomatic_mean", 2.3,
                                    "infectious before symptom onset: mean",
                                    "He et al. Nat Med 2020: 2.3 d (0.8-3.0) before onset"),
      Days<&P::presymptomatic_sd>("disease.presymptomatic_sd", 0.8,
                                  "infectious before symptom onset: SD", "assumption"),
      Days<&P::asymptomatic_mean>("disease.asymptomatic_mean", 8.0,
                                  "asymptomatic to recovered: mean",
                                  "Covasim asym2rec (Wölfel et al.)"),
      Days<&P::asymptomatic_sd>("disease.asymptomatic_sd", 2.0, "asymptomatic to recovered: SD",
                                "Covasim asym2rec (Wölfel et al.)"),
      Days<&P::mild_mean>("disease.mild_mean", 8.0, "mild to recovered: mean",
                          "Covasim mild2rec (Wölfel et al.)"),
      Days<&P::mild_sd>("disease.mild_sd", 2.0, "mild to recovered: SD",
                        "Covasim mild2rec (Wölfel et al.)"),
      Days<&P::onset_to_severe_mean>("disease.onset_to_severe_mean", 6.6,
                                     "symptom onset to severe: mean",
                                     "Covasim sym2sev (Linton et al.; Wang et al. JAMA 2020: 7 d)"),
      Days<&P::onset_to_severe_sd>("disease.onset_to_severe_sd", 4.9, "symptom onset to severe: SD",
                                   "Covasim sym2sev"),
      Days<&P::severe_to_critical_mean>("disease.severe_to_critical_mean", 1.5,
                                        "severe to critical: mean",
                                        "Covasim sev2crit (Chen et al.; Wang et al. JAMA 2020)"),
      Days<&P::severe_to_critical_sd>("disease.severe_to_critical_sd", 2.0,
                                      "severe to critical: SD", "Covasim sev2crit"),
      Days<&P::severe_mean>("disease.severe_mean", 18.1, "severe to recovered: mean",
                            "Covasim sev2rec: Verity et al. 24.7 d onset to recovery minus 6.6"),
      Days<&P::severe_sd>("disease.severe_sd", 6.3, "severe to recovered: SD",
                          "Covasim sev2rec: CV 0.35 (Verity et al.)"),
      Days<&P::critical_mean>("disease.critical_mean", 18.1, "critical to recovered: mean",
                              "Covasim crit2rec"),
      Days<&P::critical_sd>("disease.critical_sd", 6.3, "critical to recovered: SD",
                            "Covasim crit2rec"),
      Days<&P::critical_to_death_mean>(
          "disease.critical_to_death_mean", 10.7, "critical to death: mean",
          "Covasim crit2die: Verity et al. 18.8 d minus 6.6 minus 1.5"),
      Days<&P::critical_to_death_sd>("disease.critical_to_death_sd", 4.8, "critical to death: SD",
                                     "Covasim crit2die: CV 0.45"),
      Array<&P::symptomatic_prob>(
          "disease.symptomatic_prob", {0.50, 0.55, 0.60, 0.65, 0.70, 0.75, 0.80, 0.85, 0.90}, 0, 1,
          "P(symptoms | infected) by age band 0-9, 10-19, ..., 70-79, 80+",
          "Covasim symp_prob, from Davies et al. Nat Med 2020 (epi-parameters.md §2.1)"),
      Array<&P::severe_prob>(
          "disease.severe_prob", {0.001, 0.003, 0.012, 0.032, 0.049, 0.102, 0.166, 0.243, 0.273}, 0,
          1, "P(severe, needs a hospital bed | symptomatic) by age band",
          "Imperial Report 9 Table 1, % of symptomatic hospitalised (epi-parameters.md §1.4)"),
      Array<&P::critical_prob>("disease.critical_prob",
                               {0.050, 0.050, 0.050, 0.050, 0.063, 0.122, 0.274, 0.432, 0.709}, 0,
                               1, "P(critical, needs ICU | severe) by age band",
                               "Imperial Report 9 Table 1, % of hospitalised needing critical care "
                               "(epi-parameters.md §1.4)"),
      Array<&P::infection_fatality>(
          "disease.infection_fatality",
          {0.0000161, 0.0000695, 0.000309, 0.000844, 0.00161, 0.00595, 0.0193, 0.0428, 0.0780}, 0,
          1,
          "P(death | infected) by age band; deaths come from critical cases, so "
          "P(death | critical) = infection_fatality / (symptomatic_prob × severe_prob × "
          "critical_prob) must be at most 1",
          "Verity et al. Lancet Infect Dis 2020 Table 1, China IFR % / 100 "
          "(epi-parameters.md §1.4)"),
      Array<&P::relative_susceptibility>(
          "disease.relative_susceptibility", {0.34, 0.67, 1.00, 1.00, 1.00, 1.00, 1.24, 1.47, 1.47},
          0, 10, "relative susceptibility per contact by age band",
          "Covasim sus_OR, from Zhang et al. Science 2020: 0-14 OR 0.34, 65+ OR 1.47 "
          "(epi-parameters.md §1.3, §2.1)"),

      Real<&P::no_bed_critical_factor>(
          "disease.no_bed_critical_factor", 2.0, "", 1, 100,
          "with hospital measures: P(critical | severe) of a severe case that finds no hospital "
          "bed on the day it needs one is multiplied by this (at most 1)",
          "Covasim no_hosp_factor 2.0 (epi-parameters.md §2.1)"),
      Real<&P::no_icu_death_factor>(
          "disease.no_icu_death_factor", 2.0, "", 1, 100,
          "with hospital measures: P(death | critical) of a critical case that finds no ICU bed "
          "on the day it needs one is multiplied by this (at most 1)",
          "Covasim no_icu_factor 2.0 (epi-parameters.md §2.1)"),
      Array<&P::other_fever_per_100k>(
          "disease.other_fever_per_100k", {40, 40, 30, 20, 15, 15, 15, 15, 15, 20, 30, 40}, 0,
          10000,
          "with testing, isolation or screening measures: people of 100,000 who fall ill with "
          "fever from another cause (not infected) a day, by calendar month January..December; "
          "they seek tests, fill isolation and are found by screening like cases, and test "
          "negative",
          "assumption: about 3.6 % of residents with a febrile respiratory illness that would "
          "seek care over a winter quarter (40 a day), 15 a day from May to September; no source "
          "in "
          "reference/ (ILI surveillance counts visits, not residents)"),
      Int<&P::other_fever_days>("disease.other_fever_days", 3, "days", 1, 30,
                                "how long such a fever lasts (screening finds the person while it "
                                "does)",
                                "assumption"),

      // --- [transmission] ---
      Real<&P::r0>("transmission.r0", 2.68, "", 0, 20,
                   "target basic reproduction number; transmission is calibrated to it; "
                   "0 = no transmission",
                   "Wu, Leung & Leung, Lancet 2020;395:689: Wuhan to 25 Jan, 2.68 (2.47-2.86)"),
      Real<&P::generation_interval_mean>(
          "transmission.generation_interval_mean", 5.5, "days", 1, 20,
          "mean of the gamma infectiousness profile (generation interval)",
          "OpenABM-Covid19 baseline mean_infectious_period (Ferretti et al.)"),
      Real<&P::generation_interval_sd>("transmission.generation_interval_sd", 2.14, "days", 0.1, 20,
                                       "SD of the gamma infectiousness profile",
                                       "OpenABM-Covid19 baseline sd_infectious_period"),
      Real<&P::presymptomatic_share>(
          "transmission.presymptomatic_share", 0.44, "", 0, 1,
          "share of a symptomatic case's infectiousness that falls before symptom onset (the "
          "gamma profile is split at the case's own onset and each side scaled to its share)",
          "He et al. Nat Med 2020;26:672: 44 % (95 % CI 25-69 %) of transmission presymptomatic "
          "(epi-parameters.md §1.1)"),
      Real<&P::asymptomatic_infectiousness>(
          "transmission.asymptomatic_infectiousness", 0.35, "", 0, 1,
          "infectiousness of asymptomatic infections relative to symptomatic ones",
          "Buitrago-Garcia et al. PLoS Med 2020: 0.35 (0.10-1.27), unverified"),
      Real<&P::infectiousness_dispersion>(
          "transmission.infectiousness_dispersion", 0.54, "", 0, 100,
          "gamma shape k of individual infectiousness; 0 = no individual variation",
          "Riou & Althaus offspring dispersion k (epi-parameters.md §1.7)"),
      Real<&P::household_weight>("transmission.household_weight", 3.0, "", 0, 100,
                                 "relative per-contact transmissibility in the household",
                                 "Covasim beta_layer h"),
      Real<&P::grid_contacts>(
          "transmission.grid_contacts", 4, "contacts/day", 0, 1000,
          "contacts a day within one's grid (neighbours, lifts, local shops)",
          "assumption: with household, work 8 and city 2 ≈ 15 a day; Zhang et al. Science "
          "2020: 14.6 in Wuhan before restrictions"),
      Real<&P::grid_weight>("transmission.grid_weight", 0.3, "", 0, 100,
                            "relative per-contact transmissibility in the grid",
                            "Covasim beta_layer c"),
      Real<&P::work_contacts>("transmission.work_contacts", 8, "contacts/day", 0, 1000,
                              "contacts a day at work",
                              "assumption: OpenABM-Covid19 adult work interactions 7 "
                              "(Mossong et al.), rounded up"),
      Real<&P::work_weight>("transmission.work_weight", 0.6, "", 0, 100,
                            "relative per-contact transmissibility at work",
                            "Covasim beta_layer w"),
      Real<&P::school_contacts>("transmission.school_contacts", 10, "contacts/day", 0, 1000,
                                "contacts a day at school",
                                "OpenABM-Covid19 child interactions 10 (Mossong et al.)"),
      Real<&P::school_weight>("transmission.school_weight", 0.6, "", 0, 100,
                              "relative per-contact transmissibility at school",
                              "Covasim beta_layer s"),
      Real<&P::city_contacts>("transmission.city_contacts", 2, "contacts/day", 0, 1000,
                              "contacts a day with anyone in the city (transport, public places)",
                              "assumption"),
      Real<&P::city_weight>("transmission.city_weight", 0.3, "", 0, 100,
                            "relative per-contact transmissibility city-wide",
                            "Covasim beta_layer c"),
  };
}

std::string FormatReal(double x) { return fmt::format("{}", x); }

std::string WithUnit(std::string text, std::string_view unit) {
  if (!unit.empty()) text += fmt::format(" {}", unit);
  return text;
}

}  // namespace

const std::vector<ParameterSpec>& ParameterTable() {
  static const std::vector<ParameterSpec> table = BuildTable();
  return table;
}

const ParameterSpec* FindParameter(std::string_view key) {
  for (const ParameterSpec& spec : ParameterTable()) {
    if (spec.key == key) return &spec;
  }
  return nullptr;
}

const std::vector<std::string_view>& ParameterSections() {
  static const std::vector<std::string_view> sections = {"run", "city", "disease", "transmission"};
  return sections;
}

Parameters DefaultParameters() {
  Parameters p{};
  for (const ParameterSpec& spec : ParameterTable()) spec.set(p, spec.default_value);
  return p;
}

std::string RangeText(const ParameterSpec& spec) {
  switch (spec.type) {
    case ParamType::kInteger:
      return WithUnit(fmt::format("{} to {}", spec.int_min, spec.int_max), spec.unit);
    case ParamType::kReal:
    case ParamType::kRealArray:
      if (spec.min_exclusive) {
        return WithUnit(
            fmt::format("greater than {}, up to {}", FormatReal(spec.min), FormatReal(spec.max)),
            spec.unit);
      }
      return WithUnit(fmt::format("{} to {}", FormatReal(spec.min), FormatReal(spec.max)),
                      spec.unit);
    case ParamType::kDate:
      return "a date YYYY-MM-DD";
  }
  return {};
}

namespace {

bool InRealRange(const ParameterSpec& spec, double x) {
  bool above_min = spec.min_exclusive ? x > spec.min : x >= spec.min;
  return above_min && x <= spec.max;  // false for NaN
}

}  // namespace

Status CheckRange(const ParameterSpec& spec, const ParamValue& value) {
  switch (spec.type) {
    case ParamType::kInteger: {
      int64_t x = std::get<int64_t>(value);
      if (x < spec.int_min || x > spec.int_max) {
        return InvalidArgument(
            fmt::format("{}: {} is out of range; allowed {}", spec.key, x, RangeText(spec)));
      }
      return Status::Ok();
    }
    case ParamType::kReal: {
      double x = std::get<double>(value);
      if (!InRealRange(spec, x)) {
        return InvalidArgument(fmt::format("{}: {} is out of range; allowed {}", spec.key,
                                           FormatReal(x), RangeText(spec)));
      }
      return Status::Ok();
    }
    case ParamType::kRealArray: {
      const auto& xs = std::get<std::vector<double>>(value);
      if (xs.size() != spec.length) {
        return InvalidArgument(fmt::format("{}: expected an array of {} numbers, got {}", spec.key,
                                           spec.length, xs.size()));
      }
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!InRealRange(spec, xs[i])) {
          return InvalidArgument(fmt::format("{}: element {} of {} is {}, out of range; allowed {}",
                                             spec.key, i + 1, spec.length, FormatReal(xs[i]),
                                             RangeText(spec)));
        }
      }
      return Status::Ok();
    }
    case ParamType::kDate:
      return Status::Ok();  // checked by the parser and by Validate (ParseDate)
  }
  return Status::Ok();
}

std::string ValueToToml(const ParamValue& value) {
  struct Writer {
    std::string operator()(int64_t x) const { return fmt::format("{}", x); }
    std::string operator()(double x) const {
      std::string text = FormatReal(x);
      if (text.find_first_of(".en") == std::string::npos) text += ".0";
      return text;
    }
    std::string operator()(const std::string& s) const { return fmt::format("\"{}\"", s); }
    std::string operator()(const std::vector<double>& xs) const {
      std::string text = "[";
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) text += ", ";
        text += (*this)(xs[i]);
      }
      return text + "]";
    }
  };
  return std::visit(Writer{}, value);
}

bool SameParameters(const Parameters& a, const Parameters& b) {
  for (const ParameterSpec& spec : ParameterTable()) {
    if (spec.get(a) != spec.get(b)) return false;
  }
  return a.measures == b.measures;
}

namespace {

std::string DefaultText(const ParamValue& value) {
  struct Writer {
    std::string operator()(int64_t x) const { return fmt::format("{}", x); }
    std::string operator()(double x) const { return FormatReal(x); }
    std::string operator()(const std::string& s) const { return s; }
    std::string operator()(const std::vector<double>& xs) const {
      std::string text;
      for (std::size_t i = 0; i < xs.size(); ++i) {
        if (i > 0) text += ", ";
        text += FormatReal(xs[i]);
      }
      return text;
    }
  };
  return std::visit(Writer{}, value);
}

std::string DocsRange(const ParameterSpec& spec) {
  if (spec.type == ParamType::kRealArray) {
    return fmt::format("{} numbers, each {}", spec.length, RangeText(spec));
  }
  return RangeText(spec);
}

// A markdown table cell: '|' would end the cell.
std::string Cell(std::string_view text) {
  std::string cell;
  for (char c : text) {
    if (c == '|') cell += '\\';
    cell += c;
  }
  return cell;
}

constexpr std::string_view kSectionIntro[] = {
    "How long to simulate, how many agents, the seed and the seeding of the epidemic.",
    "The synthetic city: age structure, households, the region tree (district > street > "
    "community > grid), workplaces, schools and hospitals.",
    "Natural history. Durations are lognormal with the given mean and SD in days. Age tables "
    "have one value per ten-year band: 0-9, 10-19, 20-29, 30-39, 40-49, 50-59, 60-69, 70-79, "
    "80+.",
    "Contacts and per-contact weights by layer (household, grid, work, school, city-wide). "
    "Transmission is scaled so that the model's basic reproduction number is `r0`.",
};

}  // namespace

std::string ParameterDocsMarkdown() {
  std::string md =
      "# Parameters\n\n"
      "<!-- Generated from src/sim/params/parameter_table.cpp by\n"
      "     `fangkong params --markdown > docs/parameters.md`; do not edit by hand. -->\n\n"
      "Every simulator parameter, with its default, unit, allowed range and source. A scenario\n"
      "file (TOML, see `scenarios/`) starts from these defaults and sets only what differs;\n"
      "`--set section.key=value` (or `--set key=value` when the key name is unique) changes\n"
      "one value on the command line. Unknown keys, wrong types and out-of-range values are\n"
      "refused with a message naming the key and what is allowed.\n\n"
      "After all settings, these cross-field rules are checked:\n\n"
      "- `run.initial_infections` is at most `run.population`;\n"
      "- `city.age_shares` and `city.household_size_shares` each sum to 1 within 1e-6 "
      "(they are not normalised: a wrong sum is refused, so a typo cannot pass silently);\n"
      "- in every age band, P(death | critical) = `infection_fatality` / (`symptomatic_prob` "
      "× `severe_prob` × `critical_prob`) is at most 1;\n"
      "- every duration SD is greater than 0, and `run.start_date` is a valid date.\n\n"
      "Sources: a literature reference (details in the reference notes the project was built\n"
      "from: demography-china.md, epi-parameters.md, wuhan-2020.md), \"derived:\" with the\n"
      "arithmetic, or \"assumption:\" with the reason.\n";
  const auto& sections = ParameterSections();
  for (std::size_t s = 0; s < sections.size(); ++s) {
    md += fmt::format("\n## [{}]\n\n{}\n\n", sections[s], kSectionIntro[s]);
    md += "| key | default | unit | range | description | source |\n";
    md += "|---|---|---|---|---|---|\n";
    for (const ParameterSpec& spec : ParameterTable()) {
      if (spec.Section() != sections[s]) continue;
      md += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", spec.key,
                        DefaultText(spec.default_value), spec.unit.empty() ? "—" : spec.unit,
                        DocsRange(spec), Cell(spec.description), Cell(spec.source));
    }
  }
  return md;
}

}  // namespace fk::sim
