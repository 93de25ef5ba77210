// The administrator's users page against `fangkong demo`: a change of scope
// that gives no new permission is applied at once; a change of role that
// gives permissions the administrator lacks waits for a second person and
// says so, and is not applied yet. Screenshot users-edit in FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { launchBrowser, login, newPage, screenshot, settle, startDemo } from './harness.mjs'

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

// The table row of `username` on the users page.
const row = (page, username) => page.locator('[data-testid=users] .el-table__row', { hasText: username })

async function change(page, username, { role, scope }) {
  await row(page, username).locator('[data-testid^=edit-user-]').click()
  await page.waitForSelector('#fk-u-scope', { state: 'visible' })
  if (role) {
    await page.click('[data-testid=user-role]')
    await page.click(`.el-select-dropdown__item:visible >> text=${role}`)
  }
  if (scope) await page.fill('#fk-u-scope', scope)
  await screenshot(page, 'users-edit')
  await page.click('[data-testid=save-user]')
  await page.waitForSelector('[data-testid=users-notice]')
  await settle(page)
}

describe('users page', () => {
  test('the administrator changes a scope at once, and a role change waits for approval', async () => {
    const page = await newPage(browser, server.base)
    await login(page, server.base, 'admin')
    assert.match(await page.textContent('[data-testid=user-requests]'), /没有待您审批的申请/)

    await change(page, 'supply', { scope: '420102001' })
    assert.match(await page.textContent('[data-testid=users-notice]'), /已修改 supply/)
    assert.match(await row(page, 'supply').textContent(), /420102001/)

    await change(page, 'volunteer', { role: '网格员' })
    assert.match(await page.textContent('[data-testid=users-notice]'), /待另一位管理员批准/)
    assert.match(await row(page, 'volunteer').textContent(), /志愿者/)
    await screenshot(page, 'users-pending')
    assert.deepEqual(page.problems, [], 'no outside requests, CSP violations or page errors')
    await page.context().close()
  })
})
