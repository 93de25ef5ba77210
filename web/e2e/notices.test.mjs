// Notices (宣传) and residents' declarations (群防群治) in a real browser
// against `fangkong demo`: a community officer publishes a notice whose
// title and body hold markup (`<img src=x onerror=...>`); the residents' open
// page shows it as the characters typed and adds no element, runs no
// script; a resident declares on the open page and gets only a reference;
// the grid worker finds it in the queue and closes it.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, desktop, login, newPage, phone, settle, useDemo } from './harness.mjs'

const demo = useDemo({ population: 2000 })
const community = '420102001001' // the demo's first community (its first grid is the worker's)
const attack = '<img src=x onerror="window.__pwned=1">'

describe('notices', () => {
  test('a notice with markup is shown as text on the open page and adds no element', async () => {
    const officer = await newPage(demo.browser, demo.base, desktop)
    await login(officer, demo.base, 'community')
    await officer.click('.fk-aside .el-menu-item >> text=公告宣传')
    await officer.waitForURL((url) => url.pathname === '/notices')
    await settle(officer)
    await officer.fill('#fk-n-region', community)
    await officer.fill('#fk-n-title', '停水通知 ' + attack)
    await officer.fill('#fk-n-body', '第一行\n' + attack + '\n<script>window.__pwned=2</script>')
    await officer.click('[data-testid=publish-notice]')
    await officer.waitForSelector('[data-testid=notices] .el-table__row >> text=停水通知')
    assert.deepEqual(officer.problems, [])
    await officer.context().close()

    // A resident, not logged in, on a phone.
    const resident = await newPage(demo.browser, demo.base, phone)
    await resident.goto(demo.base + '/notices/' + community)
    await settle(resident)
    const notice = resident.locator('[data-testid=notice]', { hasText: '停水通知' })
    await notice.waitFor()
    assert.equal(await notice.locator('h2').innerText(), '停水通知 ' + attack)
    assert.equal(await notice.locator('.fk-notice-body').innerText(), '第一行\n' + attack + '\n<script>window.__pwned=2</script>')
    // No element came from the text: no img or script anywhere in the notices.
    assert.equal(await resident.locator('main img, main script').count(), 0)
    assert.equal(await notice.locator('h2 *:not(.el-tag):not(.el-tag *)').count(), 0)
    assert.equal(await notice.locator('.fk-notice-body *').count(), 0)
    assert.equal(await resident.evaluate(() => window.__pwned ?? null), null)
    assert.deepEqual(resident.problems, [])
    await resident.context().close()
  })
  test('an unknown community is a clear refusal, not a blank page', async () => {
    const resident = await newPage(demo.browser, demo.base, phone)
    await resident.goto(demo.base + '/notices/420102001999')
    await settle(resident)
    await resident.waitForSelector('[data-testid=refusal]')
    assert.deepEqual(resident.problems, [])
    await resident.context().close()
  })
})

describe('declarations', () => {
  test('a resident declares without an account; the grid worker closes it', async () => {
    const resident = await newPage(demo.browser, demo.base, phone)
    await resident.goto(demo.base + '/declare?community=' + community)
    await settle(resident)
    await resident.click('[data-testid=declare-kind] >> text=需求')
    await resident.fill('#fk-d-building', '1')
    await resident.fill('#fk-d-unit', '1')
    await resident.fill('#fk-d-room', '101')
    await resident.fill('#fk-d-detail', '独居老人需要买药')
    await resident.fill('#fk-d-phone', '13812345678')
    await resident.click('[data-testid=send-declaration]')
    await resident.waitForSelector('[data-testid=declared]')
    const reference = (await resident.textContent('[data-testid=reference]')).trim()
    assert.match(reference, /^D[2-9A-HJKMNP-Z]{10}$/)
    assert.deepEqual(resident.problems, [])
    await resident.context().close()

    // The community officer's queue holds it (the address may or may not be
    // registered: the community's queue sees both its grids' and its own).
    const api = await apiAs(demo.base, 'community')
    const queue = await api('GET', '/api/v1/declarations?open=true')
    const found = queue.items.find((d) => d.reference === reference)
    assert.ok(found, 'the declaration is in the community queue')
    const worker = await newPage(demo.browser, demo.base, desktop)
    await login(worker, demo.base, 'community')
    await worker.click('.fk-aside .el-menu-item >> text=居民申报')
    await worker.waitForURL((url) => url.pathname === '/declarations')
    await settle(worker)
    const row = worker.locator('[data-testid=declarations] .el-table__row', { hasText: reference })
    await row.waitFor()
    await row.locator('[data-testid=close-declaration]').click()
    await worker.fill('#fk-d-outcome', '已送药上门')
    await worker.click('[data-testid=confirm-close]')
    // Closed: gone from the open queue, kept with its outcome and the minutes it took.
    await row.waitFor({ state: 'detached' })
    const all = await api('GET', '/api/v1/declarations')
    const closed = all.items.find((d) => d.reference === reference)
    assert.equal(closed.status, 'closed')
    assert.equal(closed.outcome, '已送药上门')
    assert.equal(typeof closed.minutes_to_close, 'number')
    assert.deepEqual(worker.problems, [])
    await worker.context().close()
  })
})
