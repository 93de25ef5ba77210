#include "ops/registry/resident_csv.hpp"

#include "ops/csv.hpp"

namespace fk::ops {

const std::string& ResidentCsvHeader::Get(const std::vector<std::string>& fields,
                                          ResidentColumn column) const {
  static const std::string kEmpty;
  const int i = index[static_cast<int>(column)];
  return i < 0 || i >= static_cast<int>(fields.size()) ? kEmpty : fields[i];
}

Result<ResidentCsvHeader> ReadResidentCsvHeader(const std::vector<std::string>& fields) {
  if (!AllValidUtf8(fields)) return InvalidArgument("header: not valid UTF-8");
  auto cols = MapHeader(fields, {{"grid_code", {"网格代码", "网格"}},
                                 {"building", {"楼栋"}},
                                 {"unit", {"单元"}},
                                 {"room", {"房号"}},
                                 {"name", {"姓名"}},
                                 {"sex", {"性别"}},
                                 {"birth_date", {"出生日期"}},
                                 {"id_number", {"身份证号", "身份证号码", "公民身份号码"}},
                                 {"phone", {"电话", "手机", "手机号", "联系电话"}},
                                 {"elderly_alone", {"独居老人"}, false},
                                 {"chronic_illness", {"慢性病"}, false},
                                 {"pregnant", {"孕妇"}, false},
                                 {"high_risk_return_date", {"高风险地区返回日期"}, false}});
  if (!cols) return cols.error();
  ResidentCsvHeader header;
  int k = 0;
  // In the order of ResidentColumn.
  for (const char* c :
       {"grid_code", "building", "unit", "room", "name", "sex", "birth_date", "id_number", "phone",
        "elderly_alone", "chronic_illness", "pregnant", "high_risk_return_date"}) {
    auto it = cols->find(c);
    header.index[k++] = it == cols->end() ? -1 : it->second;
  }
  return header;
}

bool ParseResidentFlag(std::string_view v, bool& out) {
  if (v.empty() || v == "0" || v == "否" || v == "false" || v == "no") return out = false, true;
  if (v == "1" || v == "是" || v == "true" || v == "yes") return out = true, true;
  return false;
}

Result<ResidentCsvRow> ParseResidentCsvRow(const ResidentCsvHeader& header,
                                           const std::vector<std::string>& fields) {
  using C = ResidentColumn;
  // First, before any reason quotes a value back.
  if (!AllValidUtf8(fields)) return InvalidArgument(std::string(kNotUtf8));
  ResidentInput r;
  r.name = header.Get(fields, C::kName);
  const std::string& sex = header.Get(fields, C::kSex);
  if (sex == "male" || sex == "男") {
    r.sex = Sex::kMale;
  } else if (sex == "female" || sex == "女") {
    r.sex = Sex::kFemale;
  } else {
    return InvalidArgument("sex: \"" + sex + "\" must be male/female/男/女");
  }
  r.birth_date = header.Get(fields, C::kBirthDate);
  r.id_number = header.Get(fields, C::kIdNumber);
  r.phone = header.Get(fields, C::kPhone);
  if (!ParseResidentFlag(header.Get(fields, C::kElderlyAlone), r.elderly_alone) ||
      !ParseResidentFlag(header.Get(fields, C::kChronicIllness), r.chronic_illness) ||
      !ParseResidentFlag(header.Get(fields, C::kPregnant), r.pregnant)) {
    return InvalidArgument("categories: flags must be 1/0/是/否");
  }
  if (const std::string& d = header.Get(fields, C::kHighRiskReturnDate); !d.empty())
    r.high_risk_return_date = d;
  r = CanonicalResident(std::move(r));
  if (Status s = ValidateResident(r); !s) return s.error();
  return ResidentCsvRow{header.Get(fields, C::kGridCode), header.Get(fields, C::kBuilding),
                        header.Get(fields, C::kUnit), header.Get(fields, C::kRoom), std::move(r)};
}

}  // namespace fk::ops
