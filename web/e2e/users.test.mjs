// Accounts against `fangkong demo`. The administrator's users page: a change
// of scope that gives no new permission is applied at once; a change of role
// that gives permissions the administrator lacks waits for a second person
// and says so, and is not applied yet. Approvals by an approver who is not
// an administrator (a community officer holding the permissions a new
// account gets): 待审批 appears in their menu with the number waiting, the
// page lists only requests of their area, and the server refuses the
// others (out of area: 404; an approver lacking a permission: 403, and
// the request is not in their list). The
// audit log filtered by action shows the approval. Screenshots users-edit,
// users-pending, approvals, approvals-en, audit-action in FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { apiAs, assertClean, login, newPage, screenshot, settle, useDemo } from './harness.mjs'

const demo = useDemo()

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
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'admin')
    assert.match(await page.textContent('[data-testid=user-requests]'), /没有待您审批的申请/)

    await change(page, 'supply', { scope: '420102001' })
    assert.match(await page.textContent('[data-testid=users-notice]'), /已修改 supply/)
    assert.match(await row(page, 'supply').textContent(), /420102001/)

    await change(page, 'volunteer', { role: '网格员' })
    assert.match(await page.textContent('[data-testid=users-notice]'), /待具备相应权限的另一人批准后生效/)
    assert.match(await row(page, 'volunteer').textContent(), /志愿者/)
    await screenshot(page, 'users-pending')
    assertClean(page)
    await page.context().close()
  })
})

const menuOf = async (page) =>
  page.$$eval('.fk-aside .el-menu-item', (items) => items.map((i) => i.textContent.trim()))

describe('approvals', () => {
  test('a community officer approves a new account of their area; the server refuses the others', async () => {
    // Two new volunteers: each gets permissions the administrator lacks, so each waits.
    const admin = await apiAs(demo.base, 'admin')
    const volunteer = (username, scope) =>
      admin.send('POST', '/api/v1/users', { username, display_name: username, role: 'volunteer', scope })
    const mine = await volunteer('helper-mine', '420102001001001')
    const other = await volunteer('helper-other', '420102002002002')
    assert.equal(mine.status, 202, JSON.stringify(mine.body))
    assert.equal(other.status, 202, JSON.stringify(other.body))
    const [mineId, otherId] = [mine.body.request.id, other.body.request.id]

    // The server's checks, through the API: out of the approver's area is
    // "not found"; an approver without every permission given is refused.
    const community = await apiAs(demo.base, 'community')
    // (The volunteer's promotion of the test above waits too, in the same area.)
    const listed = (await community('GET', '/api/v1/user-requests')).items.map((r) => r.username)
    assert.ok(listed.includes('helper-mine') && !listed.includes('helper-other'), listed.join(' '))
    const outOfArea = await community.send('POST', `/api/v1/user-requests/${otherId}/approve`)
    assert.equal(outOfArea.status, 404, JSON.stringify(outOfArea.body))
    const street = await apiAs(demo.base, 'street')
    const streetList = (await street('GET', '/api/v1/user-requests')).items.map((r) => r.username)
    assert.ok(!streetList.includes('helper-mine'), streetList.join(' '))
    const lacking = await street.send('POST', `/api/v1/user-requests/${mineId}/approve`)
    assert.equal(lacking.status, 403, JSON.stringify(lacking.body))
    assert.match(lacking.body.error.message, /does not hold/)

    // The community officer's pages: 待审批 (1) in the menu, the request, approve.
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'community')
    assert.ok((await menuOf(page)).includes(`待审批（${listed.length}）`), (await menuOf(page)).join(' '))
    await page.click('.fk-aside .el-menu-item >> text=待审批')
    await page.waitForURL(/\/approvals$/)
    await settle(page)
    const requests = page.locator('[data-testid=user-requests] .el-table__row')
    assert.equal(await requests.count(), listed.length)
    const request = requests.filter({ hasText: 'helper-mine' })
    assert.match(await request.textContent(), /新建账号\s*helper-mine\s*志愿者\s*420102001001001/)
    await screenshot(page, 'approvals')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    await screenshot(page, 'approvals-en')
    await page.click('[data-testid=locale-switch] >> text=中文')
    await page.click(`[data-testid=approve-${mineId}]`)
    await page.waitForSelector('[data-testid=requests-notice]')
    await settle(page)
    assert.match(await page.textContent('[data-testid=requests-notice]'), /已批准对 helper-mine 的申请/)
    assert.equal(await requests.filter({ hasText: 'helper-mine' }).count(), 0)
    const left = listed.length - 1
    const entry = (await menuOf(page)).filter((m) => m.startsWith('待审批'))
    assert.deepEqual(entry, left ? [`待审批（${left}）`] : [], 'the menu counts what is left')
    assertClean(page)
    await page.context().close()

    // Applied: the new account is active; the other stays inactive, waiting.
    const users = (await admin('GET', '/api/v1/users?limit=200')).items
    const account = (username) => users.find((u) => u.username === username)
    assert.equal(account('helper-mine')?.active, true)
    assert.equal(account('helper-other')?.active, false)
  })

  test('the audit log filtered by action shows the approval', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'admin', '/admin/audit')
    await page.click('[data-testid=audit-action]')
    await page.click('.el-select-dropdown__item:visible >> text=批准')
    await page.click('.fk-toolbar button[type=submit]')
    await settle(page)
    const rows = page.locator('[data-testid=audit] .el-table__row')
    assert.ok((await rows.count()) >= 1)
    for (const text of await rows.allTextContents()) assert.match(text, /批准/)
    assert.match(await rows.first().textContent(), /helper-mine|request/)
    await screenshot(page, 'audit-action')
    assertClean(page)
    await page.context().close()
  })
})
