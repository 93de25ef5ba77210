// Small formatting helpers that follow the current locale.
import { i18n } from './i18n'

export function percent(part: number, all: number): string {
  if (all <= 0) return '—'
  return new Intl.NumberFormat(i18n.global.locale.value, { style: 'percent', maximumFractionDigits: 1 }).format(part / all)
}

export function dateTime(unixSeconds: number): string {
  return new Intl.DateTimeFormat(i18n.global.locale.value, { dateStyle: 'short', timeStyle: 'medium' }).format(
    new Date(unixSeconds * 1000),
  )
}

// YYYY-MM-DD of a day `offset` days from today (local time).
export function isoDay(offset = 0): string {
  const d = new Date()
  d.setDate(d.getDate() + offset)
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}

// A screening finding as the server words it ("temperature 37.8",
// "symptoms", "high-risk travel", "case contact") in the current language.
export function findingText(finding: string): string {
  const t = i18n.global.t
  if (finding.startsWith('temperature ')) return t('findings.temperature', { value: finding.slice(12) })
  const key = { symptoms: 'symptoms', 'high-risk travel': 'travel', 'case contact': 'contact' }[finding]
  return key ? t('findings.' + key) : finding
}
