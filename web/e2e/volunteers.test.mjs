// Volunteers (志愿者) and duty posts (先锋岗) in a real browser against
// `fangkong demo`: the demo's volunteers, teams and who is on duty now are
// on the pages; a community officer signs a resident up by ID number with a
// pledge holding markup (kept as text); a second sign-up and a shift that
// breaks the rest rule are refused in Chinese, saying which rule (and in
// English after the switch), and nothing is added; on a phone both pages
// show cards that fit its width (nothing scrolls sideways), for the grid
// worker (their community's team named on the cards) and for the officer
// with the forms.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, desktop, login, newPage, phone, screenshot, settle, sidewaysScroll, useDemo } from './harness.mjs'

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
    // The same resident again: refused, in Chinese, with the volunteer's number; nothing added.
    await page.fill('#fk-v-id', resident.id_number)
    await page.fill('#fk-v-pledge', '再报一次')
    await page.click('[data-testid=sign-up]')
    const twice = page.locator('[role=alert]')
    await twice.waitFor()
    assert.equal((await twice.textContent()).trim(), `该居民已经报名，志愿者编号 ${mine.id}。`)
    await page.click('[data-testid=locale-switch] >> text=English')
    assert.equal((await twice.textContent()).trim(), `This resident is signed up already, as volunteer ${mine.id}.`)
    await page.click('[data-testid=locale-switch] >> text=中文')
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
    await login(worker, demo.base, 'grid', '/duty')
    await worker.locator('[data-testid=on-duty] .el-card').first().waitFor()
    await worker.locator('[data-testid=roster] .el-card').first().waitFor()
    assert.deepEqual(await sidewaysScroll(worker), [], 'duty on a phone')
    await screenshot(worker, 'duty-phone')
    // Their grid's volunteers, on the same phone.
    await worker.goto(demo.base + '/volunteers')
    await settle(worker)
    await worker.locator('[data-testid=volunteers] .el-card').first().waitFor()
    assert.deepEqual(await sidewaysScroll(worker), [], 'volunteers on a phone')
    // Their community's team is named, though it is above the worker's grid
    // (not among the teams the worker may list), never shown as "#id".
    const seen = await (await apiAs(demo.base, 'grid'))('GET', '/api/v1/volunteers?limit=20')
    const inTeam = seen.items.find((v) => v.team_id !== null)
    assert.ok(inTeam, "a volunteer of the worker's grid is in a team")
    assert.ok(inTeam.team_name, 'the answer names the team')
    const cards = await worker.textContent('[data-testid=volunteers]')
    assert.ok(cards.includes(inTeam.team_name), `the cards name the team ${inTeam.team_name}`)
    assert.doesNotMatch(cards, /#\d+/)
    await screenshot(worker, 'volunteers-phone')
    assert.deepEqual(worker.problems, [])
    await worker.context().close()
    // The officer's phone, with the forms and the team and leader controls.
    const officer = await newPage(demo.browser, demo.base, phone)
    await login(officer, demo.base, 'community')
    for (const path of ['/duty', '/volunteers']) {
      await officer.goto(demo.base + path)
      await settle(officer)
      await officer.locator('.fk-cards .el-card').first().waitFor()
      assert.deepEqual(await sidewaysScroll(officer), [], `${path} on the officer's phone`)
      await screenshot(officer, `${path.slice(1)}-phone-officer`)
    }
    await officer.click('.el-tabs__item >> text=突击队与先锋队')
    await officer.locator('[data-testid=teams] .el-card').first().waitFor()
    assert.deepEqual(await sidewaysScroll(officer), [], "teams on the officer's phone")
    assert.deepEqual(officer.problems, [])
    await officer.context().close()

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
    // Refused in Chinese, naming the rule and the shift it is too close to, in local time.
    const refused = page.locator('[role=alert]')
    await refused.waitFor()
    const zh = (await refused.textContent()).trim()
    assert.match(zh, /^两班之间至少休息 8 小时：与 .+ 至 .+ 的班次间隔不足。$/)
    assert.doesNotMatch(zh, /[A-Za-z]{3,}/)
    await page.click('[data-testid=locale-switch] >> text=English')
    assert.match((await refused.textContent()).trim(), /^At least 8 hours of rest between two shifts/)
    await page.click('[data-testid=locale-switch] >> text=中文')
    const now = (await api('GET', `/api/v1/duty-posts/shifts?from=${busy.ends_at - 20 * 86400}&to=${busy.ends_at}&volunteer=${busy.volunteer_id}`)).items
    assert.equal(now.length, before.length)
    await screenshot(page, 'duty-desktop')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})
