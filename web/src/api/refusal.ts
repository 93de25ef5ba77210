// A refusal from the server (400, 403, 404, 409) in the user's language,
// never its English text on a Chinese page. As findingText (format.ts)
// does for screening findings, the server's wording is matched against the
// refusals it gives (ops/plain_text.cpp, ops/volunteers/*.cpp,
// ops/supplies/*.cpp; their exact texts are pinned by
// tests/ops/duty_rules_test.cpp, volunteers_test.cpp and supplies_test.cpp)
// and said again from the locales' refusals.*, with the numbers it names and
// its UTC times in local time. A refusal not in the table is said by its
// status (400 naming the field when known); anything else is `fallback`.
import { dateTime } from '@/format'
import { i18n } from '@/i18n'
import { ApiError } from './client'

type Params = Record<string, string>
// "2020-02-01 08:00 UTC", as the rest rules name a shift or a window.
const utc = '(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}) UTC'
const local = (text: string) => dateTime(Date.parse(text.replace(' ', 'T') + ':00Z') / 1000)

// [the server's wording without its "field: " prefix, key under refusals., its numbers]
const wordings: [RegExp, string, (m: RegExpMatchArray) => Params][] = [
  [/^must not be empty$/, 'text_empty', () => ({})],
  [/^at most (\d+) characters$/, 'text_too_long', (m) => ({ max: m[1] })],
  [/^control characters are not allowed$/, 'text_control_characters', () => ({})],
  [/^not valid UTF-8$/, 'text_not_utf8', () => ({})],
  [/^resident \d+ not found$/, 'resident_not_found', () => ({})],
  [/^resident \d+ is volunteer (\d+) already$/, 'already_volunteer', (m) => ({ volunteer_id: m[1] })],
  [/^volunteer (\d+) not found$/, 'volunteer_not_found', (m) => ({ volunteer_id: m[1] })],
  [/^team \d+ not found$/, 'team_not_found', () => ({})],
  [/^volunteer \d+ lives outside the region of team \d+$/, 'outside_team_region', () => ({})],
  [/^volunteer \d+ is not a member of team \d+$/, 'not_team_member', () => ({})],
  [/ is not a region code \(6, 9, 12 or 15 digits\)$/, 'region_code_invalid', () => ({})],
  [/ is not a grid code \(15 digits\)$/, 'grid_code_invalid', () => ({})],
  [/^(region|grid) \S+ does not exist$/, 'region_not_found', () => ({})],
  [/^duty post \d+ not found$/, 'post_not_found', () => ({})],
  [/^shift \d+ not found$/, 'shift_not_found', () => ({})],
  [/^shift \d+ has ended$/, 'shift_ended', () => ({})],
  [/^must be after starts_at$/, 'shift_ends_before_start', () => ({})],
  [/^a shift lasts at most (\d+) hours$/, 'shift_too_long', (m) => ({ hours: m[1] })],
  [
    new RegExp(`^less than (\\d+) hours of rest between this shift and the one of ${utc} to ${utc}$`),
    'rest_too_short',
    (m) => ({ hours: m[1], from: local(m[2]), to: local(m[3]) }),
  ],
  [
    new RegExp(`^more than (\\d+) hours on duty in the 24 hours up to ${utc}$`),
    'too_much_duty',
    (m) => ({ hours: m[1], until: local(m[2]) }),
  ],
  [/^must be (\d+)\.\.(\d+)$/, 'out_of_range', (m) => ({ min: m[1], max: m[2] })],
  // Supplies (ops/supplies): a movement and its depots.
  [/^depot (\d+) not found$/, 'depot_not_found', (m) => ({ depot: m[1] })],
  [/^depot (\d+) holds (\d+) \S+, fewer than (\d+)$/, 'stock_short', (m) => ({ depot: m[1], has: m[2], wanted: m[3] })],
  [/^must be a whole number from 1 to (\d+)$/, 'quantity_range', (m) => ({ max: m[1] })],
  [/^unknown item /, 'unknown_item', () => ({})],
  [/^a \S+ comes from outside$/, 'movement_from_outside', () => ({})],
  [/^a \S+ needs the receiving depot$/, 'movement_needs_to', () => ({})],
  [/^consumption leaves the depots$/, 'consumption_no_to', () => ({})],
  [/^consumption needs the depot using it$/, 'consumption_needs_from', () => ({})],
  [/^a transfer needs both depots$/, 'transfer_needs_both', () => ({})],
  [/^must differ from from_depot_id$/, 'same_depot', () => ({})],
  [/^allocation movements come only from an allocation$/, 'allocation_only', () => ({})],
]

export function refusalText(e: unknown, fallback: string): string {
  const { t, te } = i18n.global
  if (!(e instanceof ApiError)) return fallback
  const field = e.field && te('refusals.fields.' + e.field) ? t('refusals.fields.' + e.field) : ''
  if ([400, 404, 409].includes(e.status)) {
    const said = e.field && e.message.startsWith(e.field + ': ') ? e.message.slice(e.field.length + 2) : e.message
    for (const [wording, key, params] of wordings) {
      const m = said.match(wording)
      if (m) return t('refusals.' + key, { field, ...params(m) })
    }
  }
  switch (e.status) {
    case 0:
      return t('errors.network.text')
    case 400:
      return field ? t('refusals.checkField', { field }) : t('errors.invalid.text')
    case 403:
      return t(e.code === 'out_of_scope' ? 'errors.outOfScope.text' : 'errors.forbidden.text')
    case 404:
      return t('errors.notFound.text')
    case 409:
      return t('refusals.conflict')
    default:
      return fallback
  }
}
