// Checkpoints (第一道防线) in a real browser against `fangkong demo`: the grid
// worker's phone shows the demo's gate with its day of passages and the open
// alert of the demo's quarantined resident; the guard logs a resident put
// under quarantine and is told, in full, to hold them; a passage whose answer
// was lost is sent again with the same client_id and logged once; an alert is
// acknowledged; a community officer sets up a checkpoint. Screenshots at
// phone and desktop width, in Chinese and English.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, assertClean, desktop, login, newPage, phone, screenshot, settle, sidewaysScroll, untranslated, useDemo } from './harness.mjs'

const demo = useDemo({ population: 2000 })
const grid = '420102001001001' // the demo's first grid (the worker's); its community's gate is the first checkpoint

async function openCheckpoints(page) {
  await page.goto(demo.base + '/checkpoints')
  await settle(page)
  await page.waitForSelector('[data-testid=passages] .fk-passage')
}

describe('checkpoints', () => {
  test("the demo's gate shows a day of passages and the quarantined resident's alert", async () => {
    // The gate's community by name, though the worker's scope (their grid) does not reach it.
    const community = await (await apiAs(demo.base, 'community'))('GET', '/api/v1/regions/' + grid.slice(0, 12))
    assert.doesNotMatch(community.name, /^\d+$/)
    for (const [viewport, width] of [
      [phone, 'phone'],
      [desktop, 'desktop'],
    ]) {
      const page = await newPage(demo.browser, demo.base, viewport)
      await login(page, demo.base, 'grid')
      await openCheckpoints(page)
      assert.ok((await page.locator('[data-testid=passages] .fk-passage').count()) >= 10)
      const alerts = page.locator('[data-testid=checkpoint-alerts] li')
      assert.equal(await alerts.count(), 1)
      assert.match(await alerts.first().textContent(), /隔离人员外出/)
      assert.equal((await page.textContent('[data-testid=checkpoint-region-name]')).trim(), community.name)
      assert.deepEqual(await sidewaysScroll(page), [], `checkpoints at ${width}`)
      await screenshot(page, `checkpoints-${width}`)
      await page.click('[data-testid=locale-switch] >> text=English')
      await settle(page)
      assert.deepEqual(await untranslated(page), [], `checkpoints at ${width}: Chinese left in English`)
      await screenshot(page, `checkpoints-${width}-en`)
      await page.click('[data-testid=locale-switch] >> text=中文')
      assertClean(page)
      await page.context().close()
    }
  })

  test('a quarantined resident at the gate: the guard is told to hold them; a lost answer is resent once', async () => {
    const officer = await apiAs(demo.base, 'community')
    const people = await officer('GET', `/api/v1/residents?region=${grid}&limit=10&unmasked=true`)
    const person = people.items[7] // not the first ones (other tests' people) nor the demo's (the last)
    const exposure = new Date(Date.now() - 3 * 86400_000).toISOString().slice(0, 10)
    await officer('POST', '/api/v1/quarantine-orders', { resident_id: person.id, place: 'home', last_exposure: exposure })

    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'grid')
    await openCheckpoints(page)
    await page.click('label:has-text("出")')
    await page.fill('#fk-cp-key', person.id_number)
    await page.fill('#fk-cp-temp', '36.6')
    await page.click('[data-testid=log-passage]')
    const hold = page.locator('[data-testid=passage-alert]')
    await hold.waitFor()
    assert.match(await hold.textContent(), /隔离医学观察期.*请勿放行/)
    assert.equal(await hold.getAttribute('role'), 'alert')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=checkpoint-alerts] li').length === 2)
    await screenshot(page, 'checkpoints-alert-phone')

    // A car; the answer is lost on the way back (the server has logged it).
    const plate = '鄂A' + String(Date.now() % 100000).padStart(5, '0')
    await page.click('label:has-text("车辆")')
    await page.fill('#fk-cp-key', plate)
    const sent = []
    await page.route('**/api/v1/checkpoints/*/passages', async (route) => {
      sent.push(JSON.parse(route.request().postData()).client_id)
      await route.fetch()
      await route.abort('failed')
    })
    await page.click('[data-testid=log-passage]')
    await page.waitForSelector('[data-testid=log-passage] >> text=重新发送')
    await page.unroute('**/api/v1/checkpoints/*/passages')
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/passages')) sent.push(JSON.parse(r.postData()).client_id)
    })
    await page.click('[data-testid=log-passage]')
    await page.waitForSelector('[data-testid=passage-logged]')
    assert.equal(sent.length, 2)
    assert.equal(sent[0], sent[1], 'the retry carries the same client_id')
    const cps = await officer('GET', '/api/v1/checkpoints')
    const log = await officer('GET', `/api/v1/checkpoints/${cps.items[0].id}/passages?limit=50`)
    assert.equal(log.items.filter((p) => p.plate === plate).length, 1, 'logged once')

    // Dealt with: the alert leaves the open list.
    await page.locator('[data-testid=acknowledge-alert]').first().click()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=checkpoint-alerts] li').length === 1)
    assertClean(page)
    await page.context().close()
  })

  test('a community officer sets up a traffic checkpoint', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'community')
    await page.click('.fk-aside .el-menu-item >> text=卡口登记')
    await page.waitForURL((url) => url.pathname === '/checkpoints')
    await settle(page)
    await page.click('[data-testid=new-checkpoint]')
    await page.fill('#fk-cp-name', '解放大道临时卡口')
    await page.click('.el-dialog label:has-text("交通卡口")')
    await page.fill('#fk-cp-region', '420102001001')
    await screenshot(page, 'checkpoints-new-desktop')
    await page.click('[data-testid=create-checkpoint]')
    await page.waitForSelector('.el-dialog', { state: 'hidden' })
    await settle(page)
    assert.match(await page.textContent('[data-testid=checkpoint-select]'), /解放大道临时卡口/)
    // A grid worker may not set one up: no button.
    const worker = await newPage(demo.browser, demo.base, phone)
    await login(worker, demo.base, 'grid')
    await openCheckpoints(worker)
    assert.equal(await worker.locator('[data-testid=new-checkpoint]').count(), 0)
    assertClean(page)
    assertClean(worker)
    await worker.context().close()
    await page.context().close()
  })
})
