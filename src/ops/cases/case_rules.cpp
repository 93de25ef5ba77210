#include "ops/cases/case_rules.hpp"

#include <array>

namespace fk::ops {
namespace {

constexpr std::array<std::string_view, 5> kStatus{"suspected", "confirmed", "clinically_diagnosed",
                                                  "asymptomatic", "excluded"};
constexpr std::array<std::string_view, 4> kSeverity{"mild", "moderate", "severe", "critical"};
constexpr std::array<std::string_view, 2> kOutcome{"recovered", "died"};
constexpr std::array<std::string_view, 2> kBasis{"lab_test", "clinical"};
constexpr std::array<std::string_view, 2> kKind{"nucleic_acid", "antibody"};
constexpr std::array<std::string_view, 3> kResult{"positive", "negative", "inconclusive"};

template <typename E, size_t N>
std::optional<E> Parse(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view Name(CaseStatus v) { return kStatus[static_cast<size_t>(v)]; }
std::string_view Name(Severity v) { return kSeverity[static_cast<size_t>(v)]; }
std::string_view Name(Outcome v) { return kOutcome[static_cast<size_t>(v)]; }
std::string_view Name(ConfirmationBasis v) { return kBasis[static_cast<size_t>(v)]; }
std::string_view Name(TestKind v) { return kKind[static_cast<size_t>(v)]; }
std::string_view Name(TestResult v) { return kResult[static_cast<size_t>(v)]; }

std::optional<CaseStatus> ParseCaseStatus(std::string_view n) {
  return Parse<CaseStatus>(kStatus, n);
}
std::optional<Severity> ParseSeverity(std::string_view n) { return Parse<Severity>(kSeverity, n); }
std::optional<Outcome> ParseOutcome(std::string_view n) { return Parse<Outcome>(kOutcome, n); }
std::optional<ConfirmationBasis> ParseBasis(std::string_view n) {
  return Parse<ConfirmationBasis>(kBasis, n);
}
std::optional<TestKind> ParseTestKind(std::string_view n) { return Parse<TestKind>(kKind, n); }
std::optional<TestResult> ParseTestResult(std::string_view n) {
  return Parse<TestResult>(kResult, n);
}

bool ReportableStatus(CaseStatus status) { return status != CaseStatus::kExcluded; }

bool TransitionAllowed(CaseStatus from, CaseStatus to) {
  using S = CaseStatus;
  switch (from) {
    case S::kSuspected:
      return to == S::kConfirmed || to == S::kClinicallyDiagnosed || to == S::kExcluded;
    case S::kClinicallyDiagnosed:
      return to == S::kConfirmed || to == S::kExcluded;
    case S::kAsymptomatic:
      return to == S::kConfirmed;
    case S::kConfirmed:
    case S::kExcluded:
      return false;
  }
  return false;
}

std::string AllowedTransitions(CaseStatus from) {
  std::string allowed;
  std::string last;
  int n = 0;
  for (size_t i = 0; i < kStatus.size(); ++i) {
    if (!TransitionAllowed(from, static_cast<CaseStatus>(i))) continue;
    if (!last.empty()) allowed.append(allowed.empty() ? "" : ", ").append(last);
    last = kStatus[i];
    ++n;
  }
  const std::string article =
      from == CaseStatus::kAsymptomatic || from == CaseStatus::kExcluded ? "an " : "a ";
  const std::string what = article + std::string(Name(from)) +
                           (from == CaseStatus::kAsymptomatic ? " infection" : " case");
  if (n == 0) return what + " cannot change its classification";
  if (n == 1) return what + " may become " + last + " only";
  return what + " may become " + allowed + " or " + last;
}

std::optional<ConfirmationBasis> BasisFor(CaseStatus status) {
  switch (status) {
    case CaseStatus::kConfirmed:
    case CaseStatus::kAsymptomatic:
      return ConfirmationBasis::kLabTest;
    case CaseStatus::kClinicallyDiagnosed:
      return ConfirmationBasis::kClinical;
    default:
      return std::nullopt;
  }
}

bool TestConfirms(TestKind kind, CaseStatus status) {
  if (status == CaseStatus::kConfirmed) return true;
  if (status == CaseStatus::kAsymptomatic) return kind == TestKind::kNucleicAcid;
  return false;
}

bool HasSeverity(CaseStatus status) { return status != CaseStatus::kAsymptomatic; }

bool OutcomeAllowed(CaseStatus status, Outcome outcome) {
  switch (status) {
    case CaseStatus::kConfirmed:
    case CaseStatus::kClinicallyDiagnosed:
      return true;
    case CaseStatus::kAsymptomatic:
      return outcome == Outcome::kRecovered;
    default:
      return false;
  }
}

}  // namespace fk::ops
