// The grid worker's phone app in a real browser against `fangkong demo`
// (docs/web.md, "Offline"): on a 375x812 window a grid worker records a
// visit, loses the network (the page's and the service worker's requests
// both fail), records more (they wait on the phone, counted and listed),
// reloads the page with no network (the service worker's app shell), gets
// the network back, and every waiting visit is sent; the campaign's coverage
// counts each visit once, and a send replayed twice counts once too. The
// manifest and /sw.js are served with their types. An Excel workbook of
// good and bad residents imports through the import page with the server's
// row-by-row report. Screenshots in
// FK_E2E_ARTIFACTS (field-*.png). Reports, not asserts, the JavaScript the
// phone downloads.
import assert from 'node:assert/strict'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, test } from 'node:test'
import { assertClean, desktop, login, newPage, phone, screenshot, settle, useDemo } from './harness.mjs'
import { xlsx } from './xlsx.mjs'

// playwright-core sees (and so can cut) a service worker's own requests only with this set.
process.env.PW_EXPERIMENTAL_SERVICE_WORKER_NETWORK_EVENTS = '1'

const webRoot = process.env.FK_WEB_ROOT || resolve(dirname(fileURLToPath(import.meta.url)), '../dist')
const demo = useDemo()

// No network for the page nor for its service worker (context.setOffline
// alone leaves the worker's requests alone).
const cutWorker = (route) =>
  route.request().serviceWorker() ? route.abort('internetdisconnected') : route.fallback()
async function goOffline(context) {
  await context.setOffline(true)
  await context.route('**/*', cutWorker)
}
async function goOnline(context) {
  await context.unroute('**/*', cutWorker)
  await context.setOffline(false)
}

// The campaign's coverage of the grid worker's grid, as the community officer sees it.
async function coverageOf(officer, campaign, grid) {
  return officer.evaluate(
    async ({ id, code }) => {
      const r = await fetch(`/api/v1/campaigns/${id}/coverage`)
      return (await r.json()).items.find((row) => row.code === code)
    },
    { id: campaign, code: grid },
  )
}

// Waits for the task list's done/remaining line to match (a loaded machine is slow).
async function progressMatches(page, pattern) {
  await page
    .waitForFunction(
      (source) => new RegExp(source).test(document.querySelector('[data-testid=task-progress]')?.textContent ?? ''),
      pattern.source,
      { timeout: 30_000 },
    )
    .catch(() => {})
  assert.match(await page.textContent('[data-testid=task-progress]'), pattern)
}

async function waitingCount(page) {
  return page.$$eval('[data-testid=outbox-item]', (items) => items.length)
}

// Opens the n-th task of the list (0-based, remaining ones) and saves a visit
// for its first resident with `temperature`.
async function visitTask(page, index, temperature) {
  await page.click(`[data-testid=tasks] li:nth-child(${index + 1}) a`)
  await page.waitForURL(/\/tasks\/\d+\/\d+/)
  await page.waitForSelector('.fk-person')
  await page.fill('.fk-person input[id^=fk-temp-]', String(temperature))
  await page.click('.fk-person [data-testid=save-visit]')
}

describe('the grid worker offline', () => {
  test('visits recorded offline wait on the phone and are sent once', async () => {
    const officer = await newPage(demo.browser, demo.base, desktop)
    await login(officer, demo.base, 'community')
    const campaign = await officer.evaluate(async () => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      const r = await fetch('/api/v1/campaigns', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: '离线摸排', region_code: me.scope, start_date: '2020-02-17', end_date: '2020-02-19' }),
      })
      return (await r.json()).id
    })
    assert.ok(campaign > 0)

    const page = await newPage(demo.browser, demo.base, phone)
    const context = page.context()
    const posts = []
    const residentReads = { household: 0, campaign: 0 } // how the phone fetched the residents it keeps
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/visits')) posts.push(r.postData())
      if (/\/households\/\d+\/residents/.test(r.url())) residentReads.household++
      if (/\/campaigns\/\d+\/residents/.test(r.url())) residentReads.campaign++
    })
    await login(page, demo.base, 'grid')
    assert.equal(new URL(page.url()).pathname, '/tasks')
    const grid = await page.evaluate(async () => (await (await fetch('/api/v1/auth/me')).json()).scope)
    // The service worker holds the shell, and the remaining households are on the phone.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      for (let i = 0; i < 100 && !navigator.serviceWorker.controller; ++i) await new Promise((r) => setTimeout(r, 100))
    })
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the page is controlled')
    const remaining = await page.$$eval('[data-testid=tasks] li', (li) => li.length)
    assert.ok(remaining >= 4, `at least 4 households to visit (${remaining})`)
    await page.waitForFunction(async () => {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open('fangkong-field')
        r.onsuccess = () => ok(r.result)
        r.onerror = () => fail(r.error)
      })
      const count = await new Promise((ok) => {
        const r = db.transaction('residents').objectStore('residents').count()
        r.onsuccess = () => ok(r.result)
      })
      db.close()
      return count >= 4
    }, null, { timeout: 30_000, polling: 250 })
    // In pages of the campaign's residents, not a request a household.
    assert.equal(residentReads.household, 0, 'no request a household')
    assert.ok(residentReads.campaign >= 1, 'the campaign\'s residents in pages')
    await screenshot(page, 'field-tasks-phone')

    // Online: recorded at once.
    await visitTask(page, 0, 36.6)
    await page.waitForSelector('.fk-person [role=status]:has-text("已保存")')
    await page.click('text=返回任务列表')
    await settle(page)
    await progressMatches(page, /已完成 1 户/)

    // Offline: two visits wait on the phone.
    await goOffline(context)
    await page.click('.fk-filter >> text=全部')
    await visitTask(page, 1, 38.5)
    await page.waitForSelector('[data-testid=queued-note]')
    assert.match(await page.textContent('[data-testid=queued-note]'), /已保存在手机上/)
    await screenshot(page, 'field-visit-offline-phone')
    await page.click('text=返回任务列表')
    await page.waitForSelector('[data-testid=outbox-item]')
    await page.click('.fk-filter >> text=全部')
    await visitTask(page, 2, 36.8)
    await page.waitForSelector('[data-testid=queued-note]')
    await page.click('text=返回任务列表')
    await page.waitForSelector('[data-testid=outbox]')
    assert.equal(await waitingCount(page), 2)
    assert.match(await page.textContent('[data-testid=outbox-button]'), /待发送 2/)
    await progressMatches(page, /已完成 3 户/)

    // A reload with no network: the shell comes from the service worker,
    // the tasks and the waiting visits from the phone.
    await page.reload()
    await page.waitForSelector('[data-testid=offline-copy]')
    assert.equal(await waitingCount(page), 2)
    await page.click('.fk-filter >> text=全部')
    await visitTask(page, 3, 37.9)
    await page.waitForSelector('[data-testid=queued-note]')
    await page.click('text=返回任务列表')
    await page.waitForSelector('[data-testid=outbox]')
    assert.equal(await waitingCount(page), 3)
    await screenshot(page, 'field-outbox-phone')
    const before = await coverageOf(officer, campaign, grid)
    assert.equal(before.residents_screened, 1, 'nothing reached the server while offline')

    // Back online: every waiting visit is sent (the online event), once.
    await goOnline(context)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=outbox-item]').length === 0, null, {
      timeout: 45_000,
    })
    assert.match(await page.textContent('[data-testid=outbox-button]'), /无待发送/)
    const sent = await coverageOf(officer, campaign, grid)
    assert.equal(sent.residents_screened, 4)
    assert.equal(sent.households_visited, 4)
    assert.equal(sent.flagged, 2)
    await page.reload()
    await settle(page)
    await progressMatches(page, /已完成 4 户/)
    await screenshot(page, 'field-sent-phone')

    // A send replayed twice (an answer lost on the way): recorded once.
    const offlineBody = posts.map((p) => JSON.parse(p)).find((b) => b.temperature === 38.5)
    assert.ok(offlineBody?.client_id, 'the offline visit was sent with its client_id')
    const replays = await page.evaluate(
      async ({ id, body }) => {
        const out = []
        for (let i = 0; i < 2; ++i) {
          const r = await fetch(`/api/v1/campaigns/${id}/visits`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          })
          out.push([r.status, await r.json()])
        }
        return out
      },
      { id: campaign, body: offlineBody },
    )
    assert.deepEqual(
      replays.map(([status]) => status),
      [200, 200],
    )
    assert.equal(replays[0][1].client_id, offlineBody.client_id)
    assert.equal(replays[0][1].flagged, true)
    const changed = await page.evaluate(
      async ({ id, body }) =>
        (
          await fetch(`/api/v1/campaigns/${id}/visits`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ ...body, temperature: 36.1 }),
          })
        ).status,
      { id: campaign, body: offlineBody },
    )
    assert.equal(changed, 409)
    assert.deepEqual(await coverageOf(officer, campaign, grid), sent)
    assertClean(page)
    assertClean(officer)
    await page.context().close()
    await officer.context().close()
  })

  test('the manifest and the service worker are served with their types', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    for (const [path, type] of [
      ['/sw.js', 'text/javascript'],
      ['/manifest.webmanifest', 'application/manifest+json'],
      ['/icons/icon-192.png', 'image/png'],
    ]) {
      const r = await page.request.get(demo.base + path)
      assert.equal(r.status(), 200, path)
      assert.ok(r.headers()['content-type'].startsWith(type), `${path}: ${r.headers()['content-type']}`)
      assert.match(r.headers()['content-security-policy'], /default-src 'self'/)
    }
    const manifest = await (await page.request.get(demo.base + '/manifest.webmanifest')).json()
    assert.equal(manifest.start_url, '/tasks')
    assert.ok(manifest.icons.some((i) => i.sizes === '512x512'))
    await page.context().close()
  })
})

// A valid 18-digit resident ID number (GB 11643 check character).
function idNumber(body17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...body17].reduce((n, d, i) => n + Number(d) * weights[i], 0)
  return body17 + '10X98765432'[sum % 11]
}

describe('resident import from Excel', () => {
  test('an .xlsx of good and bad rows shows the row report', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'community')
    const grid = await page.evaluate(async () => {
      const me = await (await fetch('/api/v1/auth/me')).json()
      return (await (await fetch(`/api/v1/residents?region=${me.scope}&limit=1`)).json()).items[0].grid_code
    })
    const header = ['网格代码', '楼栋', '单元', '房号', '姓名', '性别', '出生日期', '身份证号', '电话']
    const rows = [
      header,
      [grid, '88', '1', '101', '导入甲', '男', '1950-03-07', idNumber('42010219500307901'), 13800138001],
      [grid, '88', '1', '101', '导入乙', '女', '1952-11-20', idNumber('42010219521120902'), '13800138002'],
      [grid, '88', '1', '102', '导入丙', 'x', '1960-01-01', idNumber('42010219600101903'), '13800138003'],
      [grid, '88', '1', '102', '导入丁', '男', '1960-01-01', '420102196001019999', '13800138004'],
      ['999999999999999', '88', '1', '103', '导入戊', '女', '1970-05-05', idNumber('42010219700505904'), '13800138005'],
    ]
    await page.goto(demo.base + '/registry/residents')
    await settle(page)
    await page.click('[data-testid=import-link]')
    await page.waitForURL(/\/registry\/import/)
    await page.setInputFiles('[data-testid=import-file]', {
      name: '居民.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: xlsx(rows),
    })
    await page.click('text=只导入正确的行')
    await page.click('[data-testid=import-submit]')
    await page.waitForSelector('[data-testid=import-report]')
    await settle(page)
    assert.match(await page.textContent('[data-testid=import-report] [role=status]'), /共 5 行，导入 2 行，拒收 3 行/)
    const rejected = await page.$$eval('[data-testid=import-rejected] tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
    )
    assert.deepEqual(
      rejected.map(([line]) => line),
      ['4', '5', '6'],
    )
    assert.match(rejected[0][1], /sex/)
    await screenshot(page, 'import-xlsx-desktop')
    const imported = await page.evaluate(async (code) => {
      const r = await fetch(`/api/v1/residents?region=${code}&name=${encodeURIComponent('导入甲')}`)
      return (await r.json()).items.length
    }, grid)
    assert.equal(imported, 1)
    assertClean(page)
    await page.context().close()
  })
})

// Reported, not asserted (issue 12 wants under 300 KB): the JavaScript the
// grid worker's phone downloads, as sent (gzip): every script of the
// service worker's shell (login, the task list, a visit, the entry with the
// libraries), which is what the phone holds to work offline.
describe('size', () => {
  test("JavaScript of the grid worker's pages (service worker shell)", async (t) => {
    const sw = readFileSync(join(webRoot, 'sw.js'), 'utf8')
    const shell = JSON.parse(sw.slice(sw.indexOf('const SHELL = ') + 14, sw.indexOf(']', sw.indexOf('const SHELL')) + 1))
    let total = 0
    const scripts = shell.filter((f) => f.endsWith('.js'))
    for (const f of scripts) {
      const file = join(webRoot, f)
      total += existsSync(file + '.gz') ? statSync(file + '.gz').size : statSync(file).size
    }
    t.diagnostic(`grid worker shell: ${scripts.length} JavaScript files, ${(total / 1024).toFixed(1)} KiB gzipped`)
    assert.ok(total > 0)
  })
})
