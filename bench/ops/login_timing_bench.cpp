// A login for an account that does not exist costs the same as a wrong
// password for one that does (issue 11): both verify one Argon2id hash of
// the server's cost. Compare the two lines' times (bench/README.md, "Logins
// and /healthz").
//   build/release/bench/ops/fk_login_timing_bench
#include <benchmark/benchmark.h>

#include <string>

#include "ops/users/password_hasher.hpp"

namespace fk::ops {
namespace {

PasswordHasher& Hasher() {
  static PasswordHasher hasher({}, 1, 4);  // the server's default cost
  return hasher;
}

void BM_WrongPassword(benchmark::State& state) {
  static const std::string real = *Hasher().Hash("the-real-secret");
  for (auto _ : state) benchmark::DoNotOptimize(Hasher().Verify(real, "a-wrong-guess"));
}
BENCHMARK(BM_WrongPassword)->Unit(benchmark::kMillisecond);

void BM_NoSuchAccount(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(Hasher().Verify("", "a-wrong-guess"));
}
BENCHMARK(BM_NoSuchAccount)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace fk::ops

BENCHMARK_MAIN();
