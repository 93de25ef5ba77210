#include "ops/registry/resident_id.hpp"

#include <string>

#include "common/dates.hpp"

namespace fk::ops {

std::string_view SexName(Sex sex) { return sex == Sex::kMale ? "male" : "female"; }

char ResidentIdCheckChar(std::string_view first17) {
  // GB 11643-1999 section 6 (ISO 7064:1983 MOD 11-2).
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheck[sum % 11];
}

std::string CanonicalResidentId(std::string_view id) {
  std::string out(id);
  if (out.size() == 18 && out.back() == 'x') out.back() = 'X';
  return out;
}

Result<ResidentIdInfo> ParseResidentId(std::string_view id) {
  if (id.size() != 18) {
    return InvalidArgument("id_number: must be 18 characters, got " + std::to_string(id.size()));
  }
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9')
      return InvalidArgument("id_number: the first 17 characters must be digits");
  }
  const char last = id[17] == 'x' ? 'X' : id[17];
  if (!(last == 'X' || (last >= '0' && last <= '9')))
    return InvalidArgument("id_number: the last character must be a digit or X");
  const char expected = ResidentIdCheckChar(id.substr(0, 17));
  if (last != expected) {
    return InvalidArgument(std::string("id_number: check digit is ") + last + ", expected " +
                           expected);
  }
  const std::string digits(id.substr(6, 8));
  const std::string iso =
      digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2);
  auto date = ParseDate(iso);
  if (!date || date->year < 1900) {
    return InvalidArgument("id_number: birth date " + digits + " is not a date");
  }
  return ResidentIdInfo{iso, ((id[16] - '0') % 2 == 1) ? Sex::kMale : Sex::kFemale};
}

Status CheckResidentId(std::string_view id, std::string_view birth_date, Sex sex) {
  auto info = ParseResidentId(id);
  if (!info) return info.error();
  if (info->birth_date != birth_date) {
    return InvalidArgument("id_number: birth date " + info->birth_date +
                           " does not match birth_date " + std::string(birth_date));
  }
  if (info->sex != sex) {
    return InvalidArgument("id_number: sex digit says " + std::string(SexName(info->sex)) +
                           ", sex is " + std::string(SexName(sex)));
  }
  return Status::Ok();
}

}  // namespace fk::ops
