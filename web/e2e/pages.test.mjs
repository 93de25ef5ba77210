// The pages in a real browser against `fangkong demo`: each role lands on its
// page and sees only its menu; a refused page and an out-of-area record are
// clear refusals; an expired session goes back to login saying so; the
// screening flow from a new campaign to a visit on a phone to the dashboard's
// coverage; the English switch leaves no Chinese but data; screenshots of
// every main page at phone and desktop width (in FK_E2E_ARTIFACTS).
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  assertClean,
  desktop,
  login,
  newPage,
  phone,
  screenshot,
  settle,
  untranslated,
  useDemo,
  visibleStrings,
} from './harness.mjs'

const demo = useDemo()

const menuOf = async (page) =>
  page.$$eval('.fk-aside .el-menu-item', (items) => items.map((i) => i.textContent.trim()))

describe('roles', () => {
  const landing = {
    command: ['/dashboard', ['指挥大屏', '区划与网格', '居民查询', '摸排', '病例管理', '指令', '日报', '督导', '物资保障', '床位与医疗队', '隔离管理', '公告宣传', '居民申报', '志愿者', '先锋岗值守', '卡口登记', '疫情推演', '疫情预测']],
    grid: ['/tasks', ['指挥大屏', '我的任务', '区划与网格', '居民查询', '病例管理', '指令', '日报', '复核任务', '物资保障', '床位与医疗队', '隔离观察', '公告宣传', '居民申报', '志愿者', '先锋岗值守', '卡口登记']],
    admin: ['/admin/users', ['指挥大屏', '区划与网格', '物资保障', '床位与医疗队', '公告宣传', '用户管理', '审计日志']],
    medical: ['/registry/residents', ['指挥大屏', '我的任务', '区划与网格', '居民查询', '病例管理', '复核任务', '物资保障', '床位与医疗队', '隔离观察', '公告宣传', '志愿者', '先锋岗值守', '卡口登记']],
    supply: ['/dashboard', ['指挥大屏', '区划与网格', '物资保障', '床位与医疗队', '公告宣传']],
    volunteer: ['/tasks', ['我的任务', '区划与网格', '居民查询', '复核任务', '公告宣传', '志愿者', '先锋岗值守', '卡口登记']],
  }
  for (const [user, [path, menu]] of Object.entries(landing)) {
    test(`${user} lands on ${path} and sees only their menu`, async () => {
      const page = await newPage(demo.browser, demo.base)
      await login(page, demo.base, user)
      assert.equal(new URL(page.url()).pathname, path)
      assert.deepEqual(await menuOf(page), menu)
      // The address of the site alone, opened again, leads to the same page.
      await page.goto(demo.base + '/')
      await settle(page)
      assert.equal(new URL(page.url()).pathname, path)
      assertClean(page)
      await page.context().close()
    })
  }

  test('a page the role may not open is a clear refusal', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'grid', '/admin/audit')
    assert.equal(new URL(page.url()).pathname, '/forbidden')
    assert.match(await page.textContent('[data-testid=forbidden]'), /无权访问/)
    await screenshot(page, 'refused-phone')
    assertClean(page)
    await page.context().close()
  })

  test('a household of another area is refused without revealing it', async () => {
    const command = await newPage(demo.browser, demo.base)
    await login(command, demo.base, 'command')
    const other = await command.evaluate(async () => {
      const r = await fetch('/api/v1/residents?region=420102002002002&limit=1')
      return (await r.json()).items[0].household_id
    })
    await command.context().close()
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'grid')
    await page.goto(`${demo.base}/registry/households/${other}`)
    await settle(page)
    const text = await page.textContent('[data-testid=refusal]')
    assert.match(text, /未找到/)
    assert.match(text, /不在您负责的范围内/)
    await screenshot(page, 'out-of-area-phone')
    assertClean(page)
    await page.context().close()
  })

  test('an expired session goes to login saying so, then back', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'street')
    // The session ends behind the page's back (as when it times out).
    await page.evaluate(() => fetch('/api/v1/auth/logout', { method: 'POST' }))
    await page.click('.fk-aside >> text=居民查询')
    await page.waitForURL(/\/login/)
    await settle(page)
    assert.equal(new URL(page.url()).searchParams.get('expired'), '1')
    assert.match(await page.textContent('[data-testid=session-expired]'), /登录已过期/)
    await screenshot(page, 'session-expired-desktop')
    await page.fill('#fk-username', 'street')
    await page.fill('#fk-password', 'fangkong-demo')
    await page.click('[data-testid=login-submit]')
    await page.waitForURL(/\/registry\/residents/)
    assertClean(page)
    await page.context().close()
  })

  test('a wrong password is one clear message', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await page.goto(demo.base + '/registry/residents')
    await page.waitForURL(/\/login\?redirect=/)
    await settle(page)
    assert.equal(await page.$('[data-testid=session-expired]'), null, 'a first visit has no expired session')
    await page.fill('#fk-username', 'grid')
    await page.fill('#fk-password', 'not-the-password')
    await page.click('[data-testid=login-submit]')
    await page.waitForSelector('[data-testid=login-error]')
    assert.match(await page.textContent('[data-testid=login-error]'), /用户名或密码错误/)
    await screenshot(page, 'login-phone')
    assertClean(page)
    await page.context().close()
  })
})

describe('screening, from a campaign to the dashboard', () => {
  test('community starts a campaign, the grid worker visits on a phone, the dashboard counts it', async () => {
    const officer = await newPage(demo.browser, demo.base)
    await login(officer, demo.base, 'community', '/screening/campaigns')
    await officer.click('[data-testid=new-campaign]')
    await officer.fill('#fk-c-name', '第一轮摸排')
    await officer.click('[data-testid=create-campaign]')
    await officer.waitForURL(/\/screening\/campaigns\/\d+/)
    await settle(officer)
    await officer.context().close()

    const worker = await newPage(demo.browser, demo.base, phone)
    await login(worker, demo.base, 'grid')
    assert.match(await worker.textContent('[data-testid=task-progress]'), /已完成 0 户/)
    await screenshot(worker, 'tasks-phone')
    await worker.click('[data-testid=tasks] li:first-child a')
    await worker.waitForURL(/\/tasks\/\d+\/\d+/)
    await settle(worker)
    const people = await worker.$$('[data-testid^=visit-]')
    assert.ok(people.length >= 1)
    await worker.fill('[data-testid^=visit-] input[id^=fk-temp-]', '38.2')
    await worker.click('[data-testid^=visit-] [data-testid=save-visit]')
    // The phone keeps the visit first and shows the server's answer when it
    // comes: at once, or after the sync that was running when the page
    // opened (on a loaded machine), or at the next 30 s retry.
    await worker.waitForSelector('[role=status]:has-text("需跟进")', { timeout: 45_000 })
    assert.match(await worker.textContent('[role=status]'), /需跟进/)
    assert.match(await worker.textContent('[role=status]'), /体温 38.2°C/)
    await screenshot(worker, 'visit-phone')
    await worker.click('text=返回任务列表')
    await settle(worker)
    assert.match(await worker.textContent('[data-testid=task-progress]'), /已完成 1 户/)
    assertClean(worker)
    await worker.context().close()

    const command = await newPage(demo.browser, demo.base)
    await login(command, demo.base, 'command')
    assert.equal(await command.textContent('[data-testid=coverage-households] .fk-stat-value'), '1')
    assert.equal(await command.textContent('[data-testid=coverage-flagged] .fk-stat-value'), '1')
    assert.equal(await command.textContent('[data-testid=stat-screened] .fk-stat-value'), '1')
    assertClean(command)
    await command.context().close()
  })
})

// Main pages by role, at both widths, in Chinese and in English.
const pages = [
  ['command', '/dashboard', 'dashboard'],
  ['command', '/screening/campaigns', 'campaigns'],
  ['command', 'campaign', 'campaign'],
  ['district', '/regions', 'regions'],
  ['community', '/registry/residents', 'residents'],
  ['community', 'household', 'household'],
  ['grid', '/tasks', 'tasks'],
  ['grid', 'visit', 'visit'],
  ['admin', '/admin/users', 'users'],
  ['admin', '/admin/audit', 'audit'],
  ['community', '/approvals', 'approvals-page'],
  ['medical', '/account/password', 'password'],
]

// Logs `user` in on the page named by `target` (a path, or a record found
// from a list).
async function open(page, user, target) {
  if (target.startsWith('/')) return login(page, demo.base, user, target)
  if (target === 'campaign') {
    await login(page, demo.base, user, '/screening/campaigns')
    return page.click('[data-testid=campaigns] a')
  }
  if (target === 'household') {
    await login(page, demo.base, user, '/registry/residents')
    return page.click('[data-testid=residents] a')
  }
  if (target === 'visit') {
    await login(page, demo.base, user, '/tasks')
    await page.click('text=全部')
    return page.click('[data-testid=tasks] li:first-child a')
  }
}

describe('main pages', () => {
  for (const [user, target, name] of pages) {
    test(`${name}: screenshots, and English changes every string`, async () => {
      for (const [viewport, width] of [
        [phone, 'phone'],
        [desktop, 'desktop'],
      ]) {
        const page = await newPage(demo.browser, demo.base, viewport)
        await open(page, user, target)
        await settle(page)
        if (name === 'regions') {
          // Down the tree to a grid and its responsible people.
          for (const label of ['江岸区', '第1街道', '第1社区', '第1网格']) {
            await page.click(`[data-testid=region-tree] .el-tree-node__content >> text=${label}`)
            await settle(page)
          }
          await page.waitForSelector('[data-testid=grid-staff] .el-table__row')
        }
        assert.ok((await visibleStrings(page)).length > 5, 'the page shows something')
        await screenshot(page, `${name}-${width}`)
        await page.click('[data-testid=locale-switch] >> text=English')
        await settle(page)
        assert.deepEqual(await untranslated(page), [], `${name} at ${width}: Chinese left in English`)
        await screenshot(page, `${name}-${width}-en`)
        // Back to Chinese for the next page (the choice is kept per browser).
        await page.click('[data-testid=locale-switch] >> text=中文')
        assertClean(page)
        await page.context().close()
      }
    })
  }
})

// The title bar at 375 px: ☰, the brand, 中文|English and 我的, each whole
// (nothing cut off or hidden under another), in Chinese and in English.
describe('the phone title bar', () => {
  test('every part of the title bar is whole at 375 px, in both languages', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'command')
    for (const [language, account] of [
      ['zh', '我的'],
      ['en', 'Me'],
    ]) {
      if (language === 'en') {
        await page.click('[data-testid=locale-switch] >> text=English')
        await settle(page)
      }
      const parts = await page.$$eval('.fk-header > *, .fk-header-right > *, .fk-brand > *, .fk-user-short', (elements) =>
        elements
          .filter((e) => e.checkVisibility())
          .map((e) => {
            const r = e.getBoundingClientRect()
            return { name: e.className || e.tagName, text: e.textContent.trim(), left: r.left, right: r.right, cut: e.scrollWidth > e.clientWidth }
          }),
      )
      for (const p of parts) {
        assert.ok(!p.cut, `${language}: ${p.name} "${p.text}" is cut off`)
        assert.ok(p.left >= 0 && p.right <= phone.width - 4, `${language}: ${p.name} "${p.text}" leaves the screen (${p.left}..${p.right})`)
      }
      const row = ['fk-menu-button', 'fk-brand', 'el-radio-group', 'el-dropdown'].map((c) => parts.find((p) => p.name.includes(c)))
      row.forEach((p, i) => {
        assert.ok(p, `${language}: part ${i} shown`)
        if (i) assert.ok(row[i - 1].right <= p.left, `${language}: ${row[i - 1].name} overlaps ${p.name}`)
      })
      assert.match(parts.find((p) => p.name === 'fk-user-short').text, new RegExp(account))
      await screenshot(page, `header-phone${language === 'en' ? '-en' : ''}`, { x: 0, y: 0, width: phone.width, height: 120 })
    }
    await page.click('[data-testid=locale-switch] >> text=中文')
    assertClean(page)
    await page.context().close()
  })
})

describe('account', () => {
  test('logout ends the session: back to login, the pages need a login again', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'district')
    await page.click('.fk-user')
    await page.click('[data-testid=logout]')
    await page.waitForURL(/\/login/)
    const status = await page.evaluate(async () => (await fetch('/api/v1/auth/me')).status)
    assert.equal(status, 401)
    await page.goto(demo.base + '/dashboard')
    await page.waitForURL(/\/login\?redirect=/)
    assertClean(page)
    await page.context().close()
  })

  test('a password change logs out everywhere; the new password works', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'volunteer', '/account/password')
    await page.fill('#fk-old', 'fangkong-demo')
    await page.fill('#fk-new', 'a-new-secret-2020')
    await page.fill('#fk-again', 'a-new-secret-2020')
    await page.click('button[type=submit]')
    await page.waitForURL(/\/login\?changed=1/)
    await page.fill('#fk-username', 'volunteer')
    await page.fill('#fk-password', 'a-new-secret-2020')
    await page.click('[data-testid=login-submit]')
    await page.waitForURL(/\/tasks/)
    assertClean(page)
    await page.context().close()
  })

  test('residents come in keyset pages, forward and back', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'community', '/registry/residents')
    const firstRow = () => page.textContent('[data-testid=residents] .el-table__body tr:first-child')
    const one = await firstRow()
    await page.click('[data-testid=page-next]')
    await settle(page)
    const two = await firstRow()
    assert.notEqual(two, one)
    assert.match(await page.textContent('.fk-pager'), /第 2 页/)
    await page.click('[data-testid=page-previous]')
    await settle(page)
    assert.equal(await firstRow(), one)
    assertClean(page)
    await page.context().close()
  })
})

// The Content-Security-Policy allows no inline styles: popups, pickers and
// chart tooltips, which position themselves, must still work without them.
describe('popups under the Content-Security-Policy', () => {
  test('tooltips, pickers, selects, dropdowns and dialogs raise no violation', async () => {
    const command = await newPage(demo.browser, demo.base)
    await login(command, demo.base, 'command')
    const chart = await command.$('.fk-chart')
    const box = await chart.boundingBox()
    await command.mouse.move(box.x + box.width - 30, box.y + box.height / 2)
    await command.waitForTimeout(400)
    await command.goto(demo.base + '/screening/campaigns')
    await settle(command)
    await command.click('[data-testid=new-campaign]')
    await command.click('#fk-c-start')
    await command.waitForSelector('.el-picker-panel', { state: 'visible' })
    await command.keyboard.press('Escape')
    await command.keyboard.press('Escape')
    await command.waitForSelector('.el-overlay-dialog', { state: 'hidden' })
    await command.click('.fk-user')
    await command.waitForSelector('[data-testid=logout]', { state: 'visible' })
    assertClean(command)
    await command.context().close()

    const admin = await newPage(demo.browser, demo.base)
    await login(admin, demo.base, 'admin', '/admin/audit')
    await admin.click('.el-select')
    await admin.waitForSelector('.el-select-dropdown__item', { state: 'visible' })
    await admin.click('.el-select-dropdown__item >> nth=0')
    await admin.click('.el-date-editor--daterange')
    await admin.waitForSelector('.el-date-range-picker', { state: 'visible' })
    await screenshot(admin, 'audit-picker-desktop')
    assertClean(admin)
    await admin.context().close()

    const worker = await newPage(demo.browser, demo.base, phone)
    await login(worker, demo.base, 'grid')
    await worker.click('[data-testid=menu-button]')
    await worker.waitForSelector('.el-drawer', { state: 'visible' })
    await worker.waitForTimeout(500) // the drawer slides in
    await screenshot(worker, 'menu-phone')
    assertClean(worker)
    await worker.context().close()
  })
})

// Reported, not asserted (issue 12 wants under 300 KB): the JavaScript a
// grid worker's phone downloads for login, the task list and a visit, as
// sent (gzip).
describe('size', () => {
  test("JavaScript of the grid worker's pages", async (t) => {
    const page = await newPage(demo.browser, demo.base, phone)
    const sizes = new Map()
    page.on('requestfinished', async (request) => {
      if (!request.url().endsWith('.js')) return
      const { responseBodySize } = await request.sizes()
      sizes.set(request.url(), responseBodySize)
    })
    await login(page, demo.base, 'grid')
    await page.click('text=全部')
    await page.click('[data-testid=tasks] li:first-child a')
    await settle(page)
    const total = [...sizes.values()].reduce((a, b) => a + b, 0)
    t.diagnostic(`grid worker pages: ${sizes.size} JavaScript files, ${(total / 1024).toFixed(1)} KiB as sent`)
    assert.ok(total > 0)
    await page.context().close()
  })
})
