// The command pages in a real browser against `fangkong demo`: directives
// (the district issues, the grid worker acknowledges and completes on a
// phone with the community's notice as evidence, the district's view counts
// it and links the notice), daily reports (the grid worker's form is
// pre-filled with the people in quarantine and the supplies short, they
// submit, the command centre's roll-up flags the grids that have not and
// shows quarantine and supplies) and supervision (the street's team draws a
// round over the grid worker's visits, the community officer records a
// re-visit that disagrees, the quality table scores it under the worker's
// name and, once confirmed, the finding goes down as a correction marked
// issued; the grid worker is never given their own visits and cannot open
// the round).
// Screenshots command-* at desktop and phone width in FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, desktop, login, newPage, phone, screenshot, settle, useDemo } from './harness.mjs'

const grid = '420102001001001' // the grid worker's grid
const state = { directive: 0, campaign: 0, notice: 0 }

// A directive to the first community, and a campaign there with the grid
// worker's visits of three households (everyone present, nobody flagged).
const demo = useDemo({ population: 2000 }, async ({ base }) => {
  const district = await apiAs(base, 'district')
  const made = await district('POST', '/api/v1/directives', {
    title: '浏览器测试：入户摸排',
    text: '本周内完成全部住户摸排',
    measure: 'door_to_door_screening',
    region_code: '420102001001',
    deadline: Math.floor(Date.now() / 1000) + 2 * 86400,
  })
  state.directive = made.id
  const community = await apiAs(base, 'community')
  const notice = await community('POST', '/api/v1/notices', {
    region_code: '420102001001',
    title: '浏览器测试：封闭管理通告',
    body: '全体居民请配合封闭管理',
    pinned: false,
    expires_at: Math.floor(Date.now() / 1000) + 7 * 86400,
  })
  state.notice = notice.id
  const campaign = await community('POST', '/api/v1/campaigns', {
    name: '督导测试摸排',
    region_code: '420102001001',
    start_date: '2020-02-17',
    end_date: '2020-02-19',
  })
  state.campaign = campaign.id
  const worker = await apiAs(base, 'grid')
  const tasks = await worker('GET', `/api/v1/campaigns/${campaign.id}/tasks`)
  for (const task of tasks.items.slice(0, 3)) {
    const people = await worker('GET', `/api/v1/households/${task.household_id}/residents`)
    for (const p of people.items) {
      await worker('POST', `/api/v1/campaigns/${campaign.id}/visits`, { task_id: task.id, resident_id: p.id, present: true, temperature: 36.5 })
    }
  }
})

describe('directives', () => {
  test('the grid worker acknowledges and completes on a phone; the district sees it', async () => {
    const phonePage = await newPage(demo.browser, demo.base, phone)
    await login(phonePage, demo.base, 'grid', '/directives')
    assert.match(await phonePage.textContent('[data-testid=directives]'), /浏览器测试：入户摸排/)
    await screenshot(phonePage, 'command-directives-phone')
    await phonePage.goto(demo.base + '/directives/' + state.directive)
    await settle(phonePage)
    await phonePage.click('[data-testid=acknowledge]')
    await settle(phonePage)
    await phonePage.fill('[data-testid=my-unit] textarea', '已完成 3 户')
    await phonePage.fill('[data-testid=evidence-notice] input', String(state.notice))
    await phonePage.click('[data-testid=complete]')
    await settle(phonePage)
    assert.match(await phonePage.textContent('[data-testid=my-unit]'), /已完成/)
    assert.equal((await phonePage.textContent('[data-testid=my-unit] [data-testid=evidence-notice-link]')).trim(), `通告 #${state.notice}`)
    await screenshot(phonePage, 'command-directive-phone')
    assert.deepEqual(phonePage.problems, [])
    await phonePage.context().close()

    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'district', '/directives/' + state.directive)
    const levels = await page.textContent('[data-testid=levels]')
    assert.match(levels, /网格/)
    // The grid's row links the notice it reported; the link opens the notices.
    const link = page.locator('[data-testid=units] [data-testid=evidence-notice-link]')
    assert.equal(await link.count(), 1)
    assert.equal((await link.textContent()).trim(), `通告 #${state.notice}`)
    await screenshot(page, 'command-directive-desktop')
    await link.click()
    await page.waitForURL(/\/notices$/)
    await settle(page)
    assert.match(await page.textContent('[data-testid=notices]'), /浏览器测试：封闭管理通告/)
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})

describe('daily reports', () => {
  test('the grid worker submits; the command centre sees the roll-up', async () => {
    const worker = await apiAs(demo.base, 'grid')
    const today = new Date().toISOString().slice(0, 10)
    const draft = await worker('GET', `/api/v1/daily-reports/draft?grid=${grid}&day=${today}`)
    // The demo's checkpoint alert and its outbreak put people of this grid
    // in quarantine (the count itself: DailyReportsTest in tests/ops).
    assert.ok(draft.quarantined >= 1, JSON.stringify(draft))
    const phonePage = await newPage(demo.browser, demo.base, phone)
    await login(phonePage, demo.base, 'grid', '/reports/daily')
    await phonePage.waitForFunction(
      (n) => document.querySelector('[data-testid=quarantined] input')?.value === String(n),
      draft.quarantined,
    )
    const shortages = await phonePage.textContent('[data-testid=shortages]')
    if (draft.supplies.length > 0) {
      assert.equal(await phonePage.locator('[data-testid=shortages] li').count(), draft.supplies.length)
      assert.notEqual(await phonePage.inputValue('#fk-r-needs'), '')
    } else {
      assert.match(shortages, /暂无紧缺物资/)
    }
    await phonePage.fill('#fk-r-problems', '口罩不足')
    await phonePage.click('[data-testid=submit-report]')
    await phonePage.waitForSelector('text=日报已提交')
    await screenshot(phonePage, 'command-daily-report-phone')
    assert.deepEqual(phonePage.problems, [])
    await phonePage.context().close()

    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'command', '/reports/daily')
    assert.ok((await page.locator('[data-testid=rollup] .el-table__row').count()) > 0)
    assert.match(await page.textContent('.el-card__header'), /个网格中 \d+ 个已报/)
    assert.match(await page.textContent('[data-testid=rollup-total]'), /隔离 \d+ 人；\d+ 个物资点 \d+ 项物资紧缺/)
    const head = await page.textContent('[data-testid=rollup] .el-table__header')
    assert.match(head, /隔离观察人数/)
    assert.match(head, /紧缺物资/)
    await screenshot(page, 'command-daily-reports-desktop')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})

describe('supervision', () => {
  test('a round is drawn, re-visited, scored and corrected', async () => {
    const street = await apiAs(demo.base, 'street')
    await street('POST', '/api/v1/supervision/teams', { name: '浏览器督导组', region_code: '420102001', members: ['grid', 'community'] })
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'street', '/supervision')
    await page.locator('[data-testid=teams] .el-table__row', { hasText: '浏览器督导组' }).locator('button').click()
    await settle(page)
    // The campaign of the visits, every household.
    await page.click('[data-testid=round-campaign]')
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '督导测试摸排' }).first().click()
    await page.fill('[data-testid=round-share] input', '1000')
    await page.click('[data-testid=draw-round]')
    await page.waitForSelector('text=已抽取 3 户复核')
    await settle(page)
    assert.equal(await page.locator('[data-testid=revisits] .el-table__row').count(), 3)
    assert.match(await page.textContent('[data-testid=revisits]'), /community/)
    assert.doesNotMatch(await page.textContent('[data-testid=revisits]'), /\bgrid\b/)

    // The grid worker visited them all: nothing to re-visit, no round to see.
    const worker = await newPage(demo.browser, demo.base, phone)
    await login(worker, demo.base, 'grid', '/supervision/revisits')
    assert.match(await worker.textContent('[data-testid=my-revisits]'), /暂无分派给我的复核/)
    await worker.goto(demo.base + '/supervision')
    await worker.waitForURL(/\/forbidden/)
    await worker.context().close()

    // The community officer re-visits one household on a phone: a fever.
    const officer = await newPage(demo.browser, demo.base, phone)
    await login(officer, demo.base, 'community', '/supervision/revisits')
    // Newest first: the three of this round wait at the top (the demo's own
    // round follows, recorded).
    const waiting = officer.locator('[data-testid=my-revisits] .el-table__row button:not([disabled])')
    assert.equal(await waiting.count(), 3)
    await screenshot(officer, 'command-revisits-phone')
    await waiting.first().click()
    await officer.waitForSelector('[data-testid=record-revisit]')
    await officer.locator('[data-testid=flagged]').first().click()
    await screenshot(officer, 'command-revisit-form-phone')
    await officer.click('[data-testid=record-revisit]')
    await officer.waitForFunction(
      () => document.querySelectorAll('[data-testid=my-revisits] .el-table__row button:not([disabled])').length === 2,
    )
    assert.deepEqual(officer.problems, [])
    await officer.context().close()

    await page.reload()
    await settle(page)
    await page.locator('[data-testid=teams] .el-table__row', { hasText: '浏览器督导组' }).locator('button').click()
    await page.click('[data-testid=round-campaign]')
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '督导测试摸排' }).first().click()
    await settle(page)
    const byGrid = await page.textContent('[data-testid=quality-by_grid]')
    assert.match(byGrid, new RegExp(grid))
    assert.match(byGrid, /0\.0%/)
    // The first visitor by display name, not by user id.
    const me = await (await apiAs(demo.base, 'grid'))('GET', '/api/v1/auth/me')
    const byWorker = await page.textContent('[data-testid=quality-by_worker]')
    assert.match(byWorker, new RegExp(me.display_name))
    assert.doesNotMatch(byWorker, /用户 #/)
    // Cancelled, nothing goes out; confirmed, once, then the mark shows.
    await page.click('[data-testid=issue-corrections]')
    await page.click('.el-message-box__btns button:not(.el-button--primary)')
    await settle(page)
    assert.equal(await page.locator('[data-testid=corrections-mark]').count(), 0)
    await page.click('[data-testid=issue-corrections]')
    await page.click('.el-message-box__btns .el-button--primary')
    await page.waitForSelector('text=已向 1 个网格下发整改指令')
    await page.waitForSelector('[data-testid=corrections-mark]')
    assert.match(await page.textContent('[data-testid=corrections-mark]'), /共 1 条/)
    assert.ok(await page.locator('[data-testid=issue-corrections]').isDisabled())
    await screenshot(page, 'command-supervision-desktop')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })
})
