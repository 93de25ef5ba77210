// The vocabulary and the rules of case management (病例管理), as pure
// functions: the classifications of a case and the transitions between them,
// severity, outcome, laboratory tests, and which test may confirm what.
// Pure; thread-safe.
//
// Classifications follow China's COVID-19 diagnosis and treatment protocol
// (NHC, trial 5th to 7th editions, 2020): a suspected case is confirmed by
// etiological evidence (a positive nucleic acid test; from the 7th edition
// also serum antibodies), or, in Hubei from 2020-02-12, diagnosed clinically
// (临床诊断病例, shared/reference/wuhan-2020.md: Wuhan +13,426 that day); a
// suspected or clinically diagnosed case is excluded after two negative
// nucleic acid tests sampled at least a day apart; an asymptomatic infection
// (a positive nucleic acid test without symptoms) that develops symptoms
// becomes a confirmed case. Release (recovered) needs the same two negative
// tests. The protocol's rules as implemented: docs/operations.md, Cases.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fk::ops {

enum class CaseStatus { kSuspected, kConfirmed, kClinicallyDiagnosed, kAsymptomatic, kExcluded };
enum class Severity { kMild, kModerate, kSevere, kCritical };
enum class Outcome { kRecovered, kDied };
// What confirmed a case: a positive laboratory test, or clinical diagnosis.
enum class ConfirmationBasis { kLabTest, kClinical };
enum class TestKind { kNucleicAcid, kAntibody };
enum class TestResult { kPositive, kNegative, kInconclusive };

// The API's names ("suspected", "clinically_diagnosed", "nucleic_acid", ...)
// and back; nullopt for a name that is none of them.
std::string_view Name(CaseStatus v);
std::string_view Name(Severity v);
std::string_view Name(Outcome v);
std::string_view Name(ConfirmationBasis v);
std::string_view Name(TestKind v);
std::string_view Name(TestResult v);
std::optional<CaseStatus> ParseCaseStatus(std::string_view name);
std::optional<Severity> ParseSeverity(std::string_view name);
std::optional<Outcome> ParseOutcome(std::string_view name);
std::optional<ConfirmationBasis> ParseBasis(std::string_view name);
std::optional<TestKind> ParseTestKind(std::string_view name);
std::optional<TestResult> ParseTestResult(std::string_view name);

// The classifications a case may be reported with: every one but excluded.
bool ReportableStatus(CaseStatus status);

// Whether a case of status `from` (still open: no outcome) may become `to`:
//   suspected            -> confirmed, clinically_diagnosed, excluded
//   clinically_diagnosed -> confirmed, excluded
//   asymptomatic         -> confirmed
//   confirmed, excluded  -> nothing (terminal classifications)
bool TransitionAllowed(CaseStatus from, CaseStatus to);
// "a suspected case may become confirmed, clinically_diagnosed or excluded"
// ("an excluded case cannot change"): the message of a refused transition.
std::string AllowedTransitions(CaseStatus from);

// The basis a classification needs: confirmed and asymptomatic a positive
// test (kLabTest), clinically diagnosed kClinical; suspected and excluded none.
std::optional<ConfirmationBasis> BasisFor(CaseStatus status);
// Whether a positive test of `kind` may confirm `status`: any kind for
// confirmed, nucleic acid only for an asymptomatic infection.
bool TestConfirms(TestKind kind, CaseStatus status);

// Whether a case of `status` has a severity (an asymptomatic infection does not).
bool HasSeverity(CaseStatus status);
// Whether a case of `status` may be closed with `outcome`: confirmed and
// clinically diagnosed cases recover or die; an asymptomatic infection is
// released (recovered) only; suspected and excluded cases have no outcome.
bool OutcomeAllowed(CaseStatus status, Outcome outcome);

}  // namespace fk::ops
