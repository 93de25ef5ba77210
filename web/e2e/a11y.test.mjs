// Accessibility in a real browser against `fangkong demo`: each main page,
// at desktop and phone width, passes axe-core's WCAG 2.1 A and AA rules
// (names and labels of controls, contrast, landmarks, ARIA use), and the
// login form is used by keyboard alone in the order a person reads it.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { desktop, login, newPage, password, phone, settle, useDemo } from './harness.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

// A campaign, so that the grid worker has households to visit.
const demo = useDemo({}, async ({ base, browser }) => {
  const officer = await newPage(browser, base)
  await login(officer, base, 'community', '/screening/campaigns')
  await officer.click('[data-testid=new-campaign]')
  await officer.fill('#fk-c-name', '无障碍检查')
  await officer.click('[data-testid=create-campaign]')
  await officer.waitForURL(/\/screening\/campaigns\/\d+/)
  await officer.context().close()
})

// The WCAG 2.1 A and AA violations on the page as it is now, one line each:
// "rule: what is wrong (where)".
async function violations(page) {
  // Evaluated through the DevTools protocol, which the page's
  // Content-Security-Policy does not govern.
  await page.evaluate(axeSource)
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      where: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }))
  })
  return found.map((v) => `${v.id}: ${v.help} (${v.where.join('; ')})`)
}

// Logs `user` in on the page named by `target` (a path, or a record found
// from a list).
async function open(page, user, target) {
  if (target.startsWith('/')) return login(page, demo.base, user, target)
  if (target === 'household') {
    await login(page, demo.base, user, '/registry/residents')
    await page.click('[data-testid=residents] a')
  } else if (target === 'visit') {
    await login(page, demo.base, user, '/tasks')
    await page.click('text=全部')
    await page.click('[data-testid=tasks] li:first-child a')
  }
  await settle(page) // charts and transitions are drawn at once (reduced motion)
}

const pages = [
  ['command', '/dashboard', desktop],
  ['command', '/screening/campaigns', desktop],
  ['district', '/regions', desktop],
  ['community', '/registry/residents', desktop],
  ['community', 'household', desktop],
  ['grid', '/tasks', phone],
  ['grid', 'visit', phone],
  ['admin', '/admin/users', desktop],
  ['admin', '/admin/audit', desktop],
  ['community', '/approvals', phone],
  ['command', '/facilities', desktop],
  ['community', '/quarantine', desktop],
  ['grid', '/quarantine/checks', phone],
  ['medical', '/account/password', phone],
  ['supply', '/supplies', desktop],
  ['grid', '/supplies', phone],
  ['community', '/notices', desktop],
  ['grid', '/declarations', phone],
  ['community', '/volunteers', desktop],
  ['grid', '/duty', phone],
  ['grid', '/checkpoints', phone],
  ['community', '/checkpoints', desktop],
  ['district', '/directives', desktop],
  ['grid', '/directives', phone],
  ['grid', '/reports/daily', phone],
  ['command', '/reports/daily', desktop],
  ['community', '/supervision', desktop],
  ['community', '/supervision/revisits', phone],
]

describe('axe-core, WCAG 2.1 A and AA', () => {
  test('the login page, at both widths', async () => {
    for (const viewport of [desktop, phone]) {
      const page = await newPage(demo.browser, demo.base, viewport)
      await page.goto(demo.base + '/login')
      await settle(page)
      assert.deepEqual(await violations(page), [])
      await page.context().close()
    }
  })
  test("the residents' open pages (no login), at both widths", async () => {
    for (const viewport of [desktop, phone]) {
      for (const target of ['/notices/420102001001', '/declare?community=420102001001']) {
        const page = await newPage(demo.browser, demo.base, viewport)
        await page.goto(demo.base + target)
        await settle(page)
        assert.deepEqual(await violations(page), [], target)
        await page.context().close()
      }
    }
  })
  for (const [user, target, viewport] of pages) {
    test(`${target} as ${user} (${viewport.width} px)`, async () => {
      const page = await newPage(demo.browser, demo.base, viewport)
      await open(page, user, target)
      assert.deepEqual(await violations(page), [])
      await page.context().close()
    })
  }
})

describe('keyboard', () => {
  test('the login form is filled and sent with the keyboard alone, in reading order', async () => {
    const page = await newPage(demo.browser, demo.base)
    await page.goto(demo.base + '/login')
    await settle(page)
    // Tab from the top of the page: the first fields reached are the
    // username, the password and the button, in that order.
    const order = []
    for (let i = 0; i < 12 && !order.includes('submit'); i++) {
      await page.keyboard.press('Tab')
      const id = await page.evaluate(() => {
        const el = document.activeElement
        if (el?.id === 'fk-username') return 'username'
        if (el?.id === 'fk-password') return 'password'
        if (el?.getAttribute('data-testid') === 'login-submit') return 'submit'
        return null
      })
      if (id && !order.includes(id)) order.push(id)
    }
    assert.deepEqual(order, ['username', 'password', 'submit'])
    await page.focus('#fk-username')
    await page.keyboard.type('command')
    await page.keyboard.press('Tab')
    await page.keyboard.type(password)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    await page.context().close()
  })

  test('the menu is reached by Tab and opened by Enter; each control Tab reaches shows its focus', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'command')
    const menu = await page.$$eval('.fk-aside .el-menu-item', (items) => items.map((i) => i.textContent.trim()))
    assert.ok(menu.length >= 3)
    // Each element Tab reaches looks different focused and not (after
    // Shift+Tab has moved on): its outline, shadow or border, or those of the
    // boxes drawn around or next to it (Element's inputs and selects draw
    // their frame on a wrapper, its segmented buttons next to a hidden
    // radio), change.
    const looks = () =>
      page.evaluate(() => {
        const el = window.fkTabbed
        const frame = el.closest('.el-select__wrapper, .el-input__wrapper')
        const boxes = [el, el.nextElementSibling, el.parentElement, el.parentElement?.parentElement, frame].filter(Boolean)
        return boxes
          .map((b) => {
            const s = getComputedStyle(b)
            return `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor} ${s.boxShadow} ${s.borderColor}`
          })
          .join('|')
      })
    const missing = []
    const reached = []
    // The header's controls, then every menu item (the menu grows with the modules).
    for (let i = 0; i < menu.length + 5; i++) {
      await page.keyboard.press('Tab')
      await page.waitForTimeout(50) // focus rings are drawn (no transition: reduced motion)
      const name = await page.evaluate(() => {
        const el = document.activeElement
        window.fkTabbed = el
        if (!el || el === document.body) return null
        return el.getAttribute('aria-label') || el.textContent.trim().slice(0, 20) || el.outerHTML.slice(0, 80)
      })
      if (!name) continue
      reached.push(name)
      const focused = await looks()
      await page.keyboard.press('Shift+Tab')
      await page.waitForTimeout(50)
      const unfocused = await looks()
      await page.keyboard.press('Tab')
      if (focused === unfocused) missing.push(name)
    }
    assert.deepEqual(missing, [])
    for (const item of menu) assert.ok(reached.includes(item), `${item} is reached by Tab`)
    // Enter on a menu item opens its page.
    await page.focus(`.fk-aside .el-menu-item >> text=${menu[1]}`)
    await page.keyboard.press('Enter')
    await page.waitForURL((url) => url.pathname !== '/dashboard')
    await page.context().close()
  })
})
