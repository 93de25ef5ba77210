// What the fuzz targets share: the libFuzzer entry point each one defines,
// and FUZZ_CHECK, which prints the failed condition and aborts, so that
// libFuzzer (and the replay test, replay_main.cpp) report a broken invariant
// as a crash with its input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

#define FUZZ_CHECK(condition)                                                            \
  do {                                                                                   \
    if (!(condition)) {                                                                  \
      std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (false)
