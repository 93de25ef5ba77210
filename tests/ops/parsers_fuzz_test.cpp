// Fuzz-style tests of the parsers that take user input: the CSV reader and
// the resident ID parser get tens of thousands of mutated and random inputs
// (reproducible: fk::Rng with a fixed seed) and must end with a value or a
// clean kInvalidArgument naming the line or field, never crash or loop.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/rng.hpp"
#include "ops/csv.hpp"
#include "ops/registry/resident_id.hpp"
#include "ops_fixture.hpp"
#include "synthetic.hpp"

namespace fk::ops {
namespace {

// Bytes that matter to the parsers, and a few that do not.
constexpr char kInteresting[] = {'"', ',',    '\n',   '\r',   'X',    'x',  '0', '9',
                                 ' ', '\xEF', '\xBB', '\xBF', '\xE4', '\0', '-', '1'};

class Mutator {
 public:
  explicit Mutator(uint32_t test) : rng_(20200123), test_(test) {}
  // Case `i` of this test: up to 8 random edits of `seed_text`.
  std::string Mutate(std::string text, uint32_t i) {
    uint32_t k = 0;
    const Bits head = Next(i, k);
    const uint32_t edits = 1 + Rng::ToIndex(head[0], 8);
    for (uint32_t e = 0; e < edits; ++e) {
      const Bits b = Next(i, k);
      const size_t at = text.empty() ? 0 : Rng::ToIndex(b[1], static_cast<uint32_t>(text.size()));
      const char c = b[3] % 2 ? kInteresting[Rng::ToIndex(b[2], sizeof kInteresting)]
                              : static_cast<char>(b[2] & 0xff);
      switch (b[0] % 3) {
        case 0:
          text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
          break;
        case 1:
          if (!text.empty()) text.erase(at, 1 + Rng::ToIndex(b[3], 4));
          break;
        default:
          if (!text.empty()) text[at] = c;
      }
    }
    return text;
  }
  // Random bytes, length 0..63.
  std::string Random(uint32_t i) {
    uint32_t k = 0;
    const uint32_t n = Rng::ToIndex(Next(i, k)[0], 64);
    std::string out;
    for (uint32_t j = 0; j < n; ++j) {
      const Bits b = Next(i, k);
      out += b[0] % 2 ? kInteresting[Rng::ToIndex(b[1], sizeof kInteresting)]
                      : static_cast<char>(b[1] & 0xff);
    }
    return out;
  }

 private:
  Bits Next(uint32_t i, uint32_t& k) { return rng_.Draw(Stream::kPopulation, test_, i, k++); }
  Rng rng_;
  uint32_t test_;
};

// Reads every record; returns false with the error when the reader refuses.
void ReadAll(const std::string& text) {
  CsvReader reader(text);
  std::vector<std::string> fields;
  int64_t line = 0, last_line = 0;
  for (size_t records = 0;; ++records) {
    ASSERT_LE(records, text.size()) << "the reader does not advance";
    auto more = reader.Next(fields, line);
    if (!more) {
      EXPECT_EQ(more.error().code, ErrorCode::kInvalidArgument);
      EXPECT_EQ(more.error().message.rfind("line ", 0), 0u) << more.error().message;
      return;
    }
    if (!*more) return;
    EXPECT_GE(line, last_line);
    last_line = line;
  }
}

TEST(CsvReaderFuzz, MutatedAndRandomInputsEndCleanly) {
  const std::vector<std::string> grids = {kGridA, kGridB};
  const std::string valid = "\xEF\xBB\xBF" + synthetic::Csv(0, 6, grids) + "\"a,\"\"b\"\"\",c\r\n";
  Mutator m(1);
  for (uint32_t i = 0; i < 20000; ++i) {
    ASSERT_NO_FATAL_FAILURE(ReadAll(m.Mutate(valid, i))) << "case " << i;
    ASSERT_NO_FATAL_FAILURE(ReadAll(m.Random(i))) << "random case " << i;
  }
}

TEST(ResidentIdFuzz, MutatedAndRandomIdsEndCleanly) {
  Mutator m(2);
  int valid = 0;
  for (uint32_t i = 0; i < 30000; ++i) {
    const ResidentInput person = synthetic::Person(i);
    for (const std::string& id : {m.Mutate(person.id_number, i), m.Random(i)}) {
      auto parsed = ParseResidentId(id);
      Status checked = CheckResidentId(id, person.birth_date, person.sex);
      if (parsed) {
        ++valid;
        ASSERT_EQ(id.size(), 18u);
        EXPECT_EQ(ResidentIdCheckChar(std::string_view(id).substr(0, 17)),
                  CanonicalResidentId(id)[17])
            << id;
      } else {
        EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(parsed.error().message.rfind("id_number: ", 0), 0u) << parsed.error().message;
        EXPECT_FALSE(checked.ok());
      }
      if (!checked) {
        EXPECT_EQ(checked.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(checked.error().message.rfind("id_number: ", 0), 0u) << checked.error().message;
      }
    }
  }
  // Some mutations keep a valid ID (e.g. an edit that restores the check digit).
  EXPECT_GT(valid, 0);
}

}  // namespace
}  // namespace fk::ops
