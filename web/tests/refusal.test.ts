// A refusal of the volunteer and duty pages is said in the user's language,
// not shown as the server's English message: the rest rules of a duty shift
// (with the shift's UTC times in local time), a volunteer signed up twice, a
// pledge too long; a wording not in the table is said by its status.
// So are the supplies page's: a depot holding too little, a movement's
// depots that do not fit its kind, a depot out of scope.
// The wordings are the server's, as tests/ops/duty_rules_test.cpp,
// volunteers_test.cpp and supplies_test.cpp pin them.
import { afterEach, describe, expect, it } from 'vitest'
import { ApiError } from '../src/api/client'
import { refusalText } from '../src/api/refusal'
import { dateTime } from '../src/format'
import { i18n } from '../src/i18n'

const conflict = (message: string) => new ApiError(409, 'conflict', message)
const invalid = (field: string, message: string) => new ApiError(400, 'invalid_argument', `${field}: ${message}`, field)
const t0 = Date.UTC(2020, 1, 1, 8, 0) / 1000 // 2020-02-01 08:00 UTC
const rest = conflict('less than 8 hours of rest between this shift and the one of 2020-02-01 08:00 UTC to 2020-02-01 16:00 UTC')

describe('refusalText', () => {
  afterEach(() => {
    i18n.global.locale.value = 'zh-CN'
  })

  it('says the rest rule a shift breaks in Chinese, its times in local time, and in English after the switch', () => {
    expect(refusalText(rest, 'x')).toBe(`两班之间至少休息 8 小时：与 ${dateTime(t0)} 至 ${dateTime(t0 + 8 * 3600)} 的班次间隔不足。`)
    const day = conflict('more than 12 hours on duty in the 24 hours up to 2020-02-02 00:00 UTC')
    expect(refusalText(day, 'x')).toBe(`任意 24 小时内值守不得超过 12 小时：截至 ${dateTime(t0 + 16 * 3600)} 的 24 小时内将超过。`)
    expect(refusalText(invalid('ends_at', 'a shift lasts at most 12 hours'), 'x')).toBe('每班最长 12 小时。')
    expect(refusalText(invalid('ends_at', 'must be after starts_at'), 'x')).toBe('结束时间必须晚于开始时间。')
    i18n.global.locale.value = 'en'
    expect(refusalText(rest, 'x')).toBe(
      `At least 8 hours of rest between two shifts: too little after or before the shift from ${dateTime(t0)} to ${dateTime(t0 + 8 * 3600)}.`,
    )
    expect(refusalText(invalid('ends_at', 'a shift lasts at most 12 hours'), 'x')).toBe('A shift lasts at most 12 hours.')
  })

  it('says the sign-up refusals with the field and the numbers they name', () => {
    expect(refusalText(invalid('pledge', 'at most 2000 characters'), 'x')).toBe('「请战书」最多 2000 个字。')
    expect(refusalText(invalid('pledge', 'must not be empty'), 'x')).toBe('「请战书」不能为空。')
    expect(refusalText(conflict('resident 5 is volunteer 7 already'), 'x')).toBe('该居民已经报名，志愿者编号 7。')
    expect(refusalText(new ApiError(404, 'not_found', 'volunteer 12 not found'), 'x')).toBe(
      '找不到编号为 12 的志愿者，或其不在您负责的范围内。',
    )
    expect(refusalText(invalid('region_code', 'abc is not a region code (6, 9, 12 or 15 digits)'), 'x')).toBe(
      '区划代码应为 6、9、12 或 15 位数字。',
    )
  })

  it('says the supplies refusals: stock too low, depots that do not fit the movement, a depot out of scope', () => {
    const short = conflict('quantity: depot 3 holds 100 mask, fewer than 101')
    const shortWithField = new ApiError(409, 'conflict', 'quantity: depot 3 holds 100 mask, fewer than 101', 'quantity')
    expect(refusalText(shortWithField, 'x')).toBe('库存不足：编号为 3 的仓库只有 100，少于 101。')
    // Without error.field the "quantity: " prefix is not stripped: said by the status.
    expect(refusalText(short, 'x')).toBe(i18n.global.t('refusals.conflict'))
    expect(refusalText(invalid('to_depot_id', 'must differ from from_depot_id'), 'x')).toBe('调出和调入不能是同一个仓库。')
    expect(refusalText(invalid('from_depot_id', 'a transfer needs both depots'), 'x')).toBe('调拨须同时选择调出和调入仓库。')
    expect(refusalText(invalid('from_depot_id', 'a receipt comes from outside'), 'x')).toBe(
      '生产、捐赠和接收来自外部，不填调出仓库。',
    )
    expect(refusalText(invalid('to_depot_id', 'a donation needs the receiving depot'), 'x')).toBe('请选择调入的仓库。')
    expect(refusalText(invalid('to_depot_id', 'consumption leaves the depots'), 'x')).toBe('消耗不填调入仓库。')
    expect(refusalText(invalid('from_depot_id', 'consumption needs the depot using it'), 'x')).toBe('请选择消耗物资的仓库。')
    expect(refusalText(invalid('quantity', 'must be a whole number from 1 to 1000000000'), 'x')).toBe(
      '「数量」应为 1 到 1000000000 之间的整数。',
    )
    expect(refusalText(invalid('warn_days', 'must be 1..90'), 'x')).toBe('「预警天数」应在 1 到 90 之间。')
    expect(refusalText(invalid('item', 'unknown item gloves; one of mask, n95'), 'x')).toBe('没有这种物资。')
    expect(refusalText(new ApiError(404, 'not_found', 'depot 9 not found'), 'x')).toBe(
      '找不到编号为 9 的仓库，或其不在您负责的范围内。',
    )
    expect(refusalText(invalid('note', 'at most 500 characters'), 'x')).toBe('「备注」最多 500 个字。')
    i18n.global.locale.value = 'en'
    expect(refusalText(shortWithField, 'x')).toBe('Not enough stock: depot 3 holds 100, fewer than 101.')
    expect(refusalText(invalid('to_depot_id', 'must differ from from_depot_id'), 'x')).toBe(
      'The source and the receiving depot must differ.',
    )
    expect(refusalText(invalid('kind', 'must be one of: production, donation'), 'x')).toBe('Please check "Kind".')
  })

  it('falls back to the status, never the English message', () => {
    expect(refusalText(conflict('something else entirely'), 'x')).toBe(i18n.global.t('refusals.conflict'))
    expect(refusalText(invalid('ends_at', 'not an integer'), 'x')).toBe('请检查「结束时间」的填写。')
    expect(refusalText(new ApiError(404, 'not_found', 'thing 3 not found'), 'x')).toBe(i18n.global.t('errors.notFound.text'))
    expect(refusalText(new ApiError(403, 'out_of_scope', 'outside your area'), 'x')).toBe(i18n.global.t('errors.outOfScope.text'))
    expect(refusalText(new ApiError(500, 'internal', 'internal error'), 'x')).toBe('x')
    expect(refusalText(new Error('x'), 'fallback')).toBe('fallback')
  })
})
