// The serial interval as whole days, for the renewal equation: w[k] is the
// probability that a case's onset falls k days after its infector's. Pure
// functions; the result is a plain value, share freely.
//
// The discretisation is Cori et al.'s (Am J Epidemiol 2013;178:1505, Web
// Appendix 11; EpiEstim's discr_si): a gamma density shifted by one day
// (shape (mean-1)^2/sd^2, scale sd^2/(mean-1)) integrated against a linear
// interpolation over [k-1, k+1], so w[0] = 0 and the discrete mean equals
// `mean` exactly. The tail is cut where the remaining mass is below 1e-6 and
// the weights are scaled to sum to 1.
#pragma once

#include <vector>

#include "common/result.hpp"

namespace fk::forecast {

// Default serial interval: mean 7.5 d, SD 3.4 d, Li Q et al., NEJM
// 2020;382:1199 (early Wuhan; /work/shared/reference/epi-parameters.md 1.1),
// the only entry of that table with both a mean and an SD, and the one
// EpiEstim's COVID-19 examples use.
inline constexpr double kSerialIntervalMean = 7.5;
inline constexpr double kSerialIntervalSd = 3.4;

// The weights w[0..K] (w[0] = 0). kInvalidArgument unless 1 < mean <= 60
// and 0 < sd <= 60.
Result<std::vector<double>> DiscretiseSerialInterval(double mean, double sd);

}  // namespace fk::forecast
