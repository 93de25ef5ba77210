// Issue 13's response pages in a real browser against `fangkong demo`: the
// command centre reads bed occupancy at a glance (totals and a chart) after
// the district registers facilities and admits patients; a grid worker
// records a quarantine check on the phone with no network, it waits on the
// phone and is sent once when the network returns (a replayed send counts
// once); the community officer lists the orders and prints the household's
// notice. Screenshots in FK_E2E_ARTIFACTS (response-*.png).
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { desktop, launchBrowser, login, newPage, phone, screenshot, settle, startDemo } from './harness.mjs'

let server
let browser

before(async () => {
  server = await startDemo()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

function assertClean(page) {
  assert.deepEqual(page.problems, [], 'no outside requests, CSP violations or page errors')
}

// A JSON request from the page (its session cookie), answering { status, body }.
async function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const r = await fetch(path, {
        method,
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await r.text()
      return { status: r.status, body: text.startsWith('{') ? JSON.parse(text) : text }
    },
    { method, path, body },
  )
}

// The facilities the page's user sees: how many, and their staffed beds not occupied.
async function facilityTotals(page) {
  let count = 0
  let free = 0
  for (let after = 0; after !== null && after !== undefined; ) {
    const r = await api(page, 'GET', `/api/v1/facilities?after=${after}&limit=200`)
    assert.equal(r.status, 200)
    for (const f of r.body.items) {
      count += 1
      for (const b of f.beds) free += b.staffed - b.occupied
    }
    after = r.body.next_cursor
  }
  return { count, free }
}

const digits = (text) => Number(text.replace(/[^0-9]/g, ''))

describe('facilities', () => {
  test('the command centre sees occupancy at a glance', async () => {
    // The demo's outbreak has hospitals and quarantine sites of its own: the
    // page shows them and the two added here.
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'command')
    const before = await facilityTotals(page)

    const district = await newPage(browser, server.base, desktop)
    await login(district, server.base, 'district')
    const hospital = await api(district, 'POST', '/api/v1/facilities', {
      name: '江岸区定点医院', kind: 'designated_hospital', region_code: '420102',
    })
    assert.equal(hospital.status, 201)
    const shelter = await api(district, 'POST', '/api/v1/facilities', {
      name: '江岸方舱医院', kind: 'shelter_hospital', region_code: '420102001',
    })
    assert.equal(shelter.status, 201)
    const h = hospital.body.id
    assert.equal((await api(district, 'PUT', `/api/v1/facilities/${h}/beds/general`, { beds: 60, staffed: 40 })).status, 200)
    assert.equal((await api(district, 'PUT', `/api/v1/facilities/${h}/beds/icu`, { beds: 10, staffed: 6 })).status, 200)
    assert.equal(
      (await api(district, 'PUT', `/api/v1/facilities/${shelter.body.id}/beds/general`, { beds: 200, staffed: 120 })).status,
      200,
    )
    const people = (await api(district, 'GET', '/api/v1/residents?region=420102001001001&limit=3')).body.items
    for (const p of people) {
      const r = await api(district, 'POST', `/api/v1/facilities/${h}/admissions`, {
        resident_id: p.id, bed_kind: 'general', severity: 'moderate',
      })
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }
    await district.context().close()

    await page.goto(server.base + '/facilities')
    await settle(page)
    await page.waitForSelector('[data-testid=facilities] .el-table__row')
    assert.equal(
      await page.$$eval('[data-testid=facilities] .el-table__row', (rows) => rows.length),
      before.count + 2,
    )
    // 40 + 6 + 120 staffed, 3 occupied: 163 more free.
    assert.equal(digits(await page.textContent('[data-testid=free-beds] .fk-stat-value')), before.free + 163)
    assert.ok(await page.$('.fk-page canvas'), 'the occupancy chart is drawn')
    await page.waitForTimeout(500)
    await screenshot(page, 'response-facilities-desktop')
    assertClean(page)
    await page.context().close()
  })
})

describe('quarantine', () => {
  test('a check recorded offline waits on the phone and is recorded once', async () => {
    const officer = await newPage(browser, server.base, desktop)
    await login(officer, server.base, 'community')
    const person = (await api(officer, 'GET', '/api/v1/residents?region=420102001001001&limit=1')).body.items[0]
    const exposure = new Date(Date.now() - 2 * 86400_000).toISOString().slice(0, 10)
    const order = await api(officer, 'POST', '/api/v1/quarantine-orders', {
      resident_id: person.id, place: 'home', last_exposure: exposure,
    })
    assert.equal(order.status, 201, JSON.stringify(order.body))
    const id = order.body.id

    const page = await newPage(browser, server.base, phone)
    const context = page.context()
    const posts = []
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/checks')) posts.push(r.postData())
    })
    await login(page, server.base, 'grid', '/quarantine/checks')
    await page.waitForSelector(`[data-testid=save-check-${id}]`)
    await screenshot(page, 'response-checks-phone')

    await context.setOffline(true)
    await page.fill(`#temp-${id}`, '37.8')
    await page.click(`[data-testid=save-check-${id}]`)
    await page.waitForSelector('[data-testid=checks-waiting]')
    assert.match(await page.textContent('[data-testid=checks-waiting]'), /待发送 1 条/)
    await screenshot(page, 'response-checks-offline-phone')
    assert.equal((await api(officer, 'GET', `/api/v1/quarantine-orders/${id}/checks`)).body.items.length, 0)

    await context.setOffline(false)
    await page.waitForFunction(() => !document.querySelector('[data-testid=checks-waiting]'), null, { timeout: 45_000 })
    const checks = (await api(officer, 'GET', `/api/v1/quarantine-orders/${id}/checks`)).body.items
    assert.equal(checks.length, 1)
    assert.equal(checks[0].temperature, 37.8)
    assert.equal(checks[0].fever, true)

    // The same send twice more (answers lost on the way): recorded once.
    const body = posts.map((p) => JSON.parse(p)).find((b) => b.temperature === 37.8)
    assert.ok(body?.client_id, 'the check was sent with its client_id')
    for (let i = 0; i < 2; ++i) {
      const again = await api(page, 'POST', `/api/v1/quarantine-orders/${id}/checks`, body)
      assert.equal(again.status, 200)
      assert.equal(again.body.id, checks[0].id)
    }
    assert.equal((await api(officer, 'GET', `/api/v1/quarantine-orders/${id}/checks`)).body.items.length, 1)
    assertClean(page)
    await page.context().close()

    // The officer's list and the household's notice.
    await officer.goto(server.base + '/quarantine')
    await settle(officer)
    await officer.waitForSelector('[data-testid=orders] .el-table__row')
    await screenshot(officer, 'response-orders-desktop')
    const notice = await officer.context().newPage()
    await notice.goto(`${server.base}/api/v1/quarantine-orders/${id}/notice`)
    assert.match(await notice.textContent('h1'), /隔离医学观察告知书/)
    await screenshot(notice, 'response-notice')
    assertClean(officer)
    await officer.context().close()
  })
})
