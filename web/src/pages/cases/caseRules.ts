// The classification rules the server enforces (src/ops/cases/case_rules.hpp),
// so that the forms offer only what it would accept; the server decides.
import type { CaseRecord } from '@/api/models'

export type CaseStatus = CaseRecord['status']
export type Severity = NonNullable<CaseRecord['severity']>

export const statuses: CaseStatus[] = ['suspected', 'confirmed', 'clinically_diagnosed', 'asymptomatic', 'excluded']
export const reportable: CaseStatus[] = ['suspected', 'confirmed', 'clinically_diagnosed', 'asymptomatic']
export const severities: Severity[] = ['mild', 'moderate', 'severe', 'critical']

const transitions: Record<CaseStatus, CaseStatus[]> = {
  suspected: ['confirmed', 'clinically_diagnosed', 'excluded'],
  clinically_diagnosed: ['confirmed', 'excluded'],
  asymptomatic: ['confirmed'],
  confirmed: [],
  excluded: [],
}

// The classifications an open case may take next.
export function nextStatuses(c: CaseRecord): CaseStatus[] {
  if (c.outcome) return []
  return transitions[c.status]
}

// Confirmed and asymptomatic cite the positive test that confirmed them.
export function citesTest(status: CaseStatus): boolean {
  return status === 'confirmed' || status === 'asymptomatic'
}

export function isOpen(c: CaseRecord): boolean {
  return !c.outcome && c.status !== 'excluded'
}
