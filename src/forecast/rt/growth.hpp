// Between a reproduction number and the growth rate per day it implies,
// for a gamma generation (or serial) interval, and the simulator's own
// generation interval. The forecast reads the growth rate off the cases
// with the reference serial interval (what users see as Rt) and turns it
// into the simulator's R with the simulator's interval, so the simulated
// epidemic grows as fast as the data did (docs/forecast.md, "Transmission
// fitted to the growth"). Pure functions; thread-safe.
#pragma once

namespace fk::forecast {

// The generation interval the simulator realises: the mean measured from
// the transmission log of the default scenario (docs/forecast.md;
// tests/forecast/sim_tracking_test.cpp asserts the measurement stays
// within 0.15 d of it, and prints the measured SD), shorter than the
// configured infectiousness profile's 5.5 d (docs/model.md) as recovery and
// hospitalisation cut infectiousness short; the SD is the profile's.
inline constexpr double kSimulatorGenerationMean = 4.74;
inline constexpr double kSimulatorGenerationSd = 2.14;

// Growth rate per day of an epidemic with reproduction number `r` and a
// gamma interval of `mean` and `sd` days (Wallinga J, Lipsitch M, Proc R
// Soc B 2007;274:599): R = (1 + g sd²/mean)^(mean²/sd²).
double GrowthRate(double r, double mean, double sd);

// The inverse: the reproduction number of growth rate `growth` per day.
double ReproductionNumber(double growth, double mean, double sd);

}  // namespace fk::forecast
