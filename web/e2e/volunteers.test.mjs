// Volunteers (志愿者) and duty posts (先锋岗) in a real browser against
// `fangkong demo`: the demo's volunteers, teams and who is on duty now are
// on the pages; a community officer signs a resident up by ID number with a
// pledge holding markup (kept as text); a shift that breaks the rest rule is
// refused with the rule's message and nothing is added; the grid worker's
// phone shows who is on duty at their grid.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, desktop, login, newPage, phone, screenshot, settle, useDemo } from './harness.mjs'

const demo = useDemo({ population: 2000 })
const grid = '420102001001001' // the demo's first grid (the worker's)

describe('volunteers', () => {
  test('the demo volunteers are listed; a resident signs up by ID number with a pledge', async () => {
    const api = await apiAs(demo.base, 'community')
    const listed = await api('GET', '/api/v1/volunteers?limit=200')
    assert.ok(listed.items.length > 0, 'the demo has volunteers in the community')
    const taken = new Set(listed.items.map((v) => v.resident_id))
    const people = await api('GET', `/api/v1/residents?region=${grid}&limit=50&unmasked=true`)
    const resident = people.items.reverse().find((r) => !taken.has(r.id))
    assert.ok(resident, 'a resident who is not a volunteer yet')

    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'community')
    await page.click('.fk-aside .el-menu-item >> text=志愿者')
    await page.waitForURL((url) => url.pathname === '/volunteers')
    await settle(page)
    await page.locator('[data-testid=volunteers] .el-table__row').first().waitFor()
    const pledge = '疫情就是命令 <img src=x onerror="window.__pwned=1">'
    await page.fill('#fk-v-id', resident.id_number)
    await page.fill('#fk-v-pledge', pledge)
    await page.fill('#fk-v-skills', '驾驶')
    await page.click('[data-testid=sign-up]')
    await page.waitForSelector('[role=status] >> text=已报名')
    await settle(page)
    const after = await api('GET', '/api/v1/volunteers?limit=200')
    const mine = after.items.find((v) => v.resident_id === resident.id)
    assert.ok(mine, 'signed up')
    assert.equal(mine.pledge, pledge)
    assert.equal(await page.evaluate(() => window.__pwned ?? null), null)
    // The same resident again: refused with the server's reason, nothing added.
    await page.fill('#fk-v-id', resident.id_number)
    await page.fill('#fk-v-pledge', '再报一次')
    await page.click('[data-testid=sign-up]')
    await page.waitForSelector('[role=alert] >> text=already')
    assert.equal((await api('GET', '/api/v1/volunteers?limit=200')).items.length, after.items.length)
    await page.click('.el-tabs__item >> text=突击队与先锋队')
    await page.locator('[data-testid=teams] .el-table__row >> text=党员突击队').first().waitFor()
    await page.click('.el-tabs__item >> text=志愿者名单')
    await screenshot(page, 'volunteers-desktop')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})

describe('duty posts', () => {
  test('who is on duty now; a shift against the rest rule is refused', async () => {
    const worker = await newPage(demo.browser, demo.base, phone)
    await login(worker, demo.base, 'grid')
    await worker.goto(demo.base + '/duty')
    await settle(worker)
    await worker.locator('[data-testid=on-duty] .el-card').first().waitFor()
    await screenshot(worker, 'duty-phone')
    // Their grid's volunteers, on the same phone.
    await worker.goto(demo.base + '/volunteers')
    await settle(worker)
    await worker.locator('[data-testid=volunteers] .el-table__row').first().waitFor()
    await screenshot(worker, 'volunteers-phone')
    assert.deepEqual(worker.problems, [])
    await worker.context().close()

    const api = await apiAs(demo.base, 'community')
    const onDuty = (await api('GET', '/api/v1/duty-posts/on-duty')).items
    assert.ok(onDuty.length > 0)
    const busy = onDuty[0]
    const before = (await api('GET', `/api/v1/duty-posts/shifts?from=${busy.ends_at - 20 * 86400}&to=${busy.ends_at}&volunteer=${busy.volunteer_id}`)).items
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'community')
    await page.click('.fk-aside .el-menu-item >> text=先锋岗值守')
    await page.waitForURL((url) => url.pathname === '/duty')
    await settle(page)
    await page.locator('[data-testid=on-duty] .el-card').first().waitFor()
    // The volunteer on duty now, again two hours after their shift ends: too little rest.
    const local = (unix) => {
      const d = new Date(unix * 1000)
      const pad = (n) => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
    }
    await page.click('[data-testid=shift-post]')
    await page.click(`.el-select-dropdown__item:visible >> text=${busy.post_name}`)
    await page.fill('#fk-s-volunteer', String(busy.volunteer_id))
    await page.fill('#fk-s-from', local(busy.ends_at + 2 * 3600))
    await page.fill('#fk-s-to', local(busy.ends_at + 4 * 3600))
    await page.click('[data-testid=add-shift]')
    await page.waitForSelector('[role=alert] >> text=less than 8 hours of rest')
    const now = (await api('GET', `/api/v1/duty-posts/shifts?from=${busy.ends_at - 20 * 86400}&to=${busy.ends_at}&volunteer=${busy.volunteer_id}`)).items
    assert.equal(now.length, before.length)
    await screenshot(page, 'duty-desktop')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})
