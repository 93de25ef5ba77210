// The cases pages against `fangkong demo`: medical staff report a case of a
// registered resident, record a positive test and confirm the case with it;
// a grid worker then reads the case in their grid masked and cannot change
// it; the district lists a close contact on the case page and puts them
// into home quarantine and a contact of theirs, records where the case went and sees the chain once
// that contact falls ill. On a phone (375 px) the case list and the contact
// follow-ups are cards and nothing scrolls sideways. The pages pass axe-core's WCAG 2.1 A and AA rules
// and show no Chinese left in English. Screenshots cases-*, case-* in FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { readFileSync } from 'node:fs'
import { after, before, describe, test } from 'node:test'
import { desktop, launchBrowser, login, newPage, phone, screenshot, settle, sidewaysScroll, startDemo, untranslated } from './harness.mjs'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const demoGrid = '420102001001001'

let server
let browser
let caseUrl = ''

before(async () => {
  server = await startDemo()
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function violations(page) {
  await page.evaluate(axeSource)
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    })
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')})`)
  })
  return found
}

async function choose(page, select, option) {
  await page.click(select)
  await page.click(`.el-select-dropdown__item:visible >> text=${option}`)
}

describe('cases', () => {
  test('medical staff report a case, test the person and confirm it', async () => {
    const page = await newPage(browser, server.base)
    await login(page, server.base, 'medical')
    const resident = await page.evaluate(async (grid) => {
      const r = await fetch(`/api/v1/residents?region=${grid}&limit=1`)
      return (await r.json()).items[0].id
    }, demoGrid)
    await page.goto(server.base + '/cases')
    await settle(page)
    await page.click('[data-testid=report-case]')
    await page.fill('#fk-r-resident', String(resident))
    await page.fill('#fk-r-note', '发热门诊报告')
    await screenshot(page, 'cases-report')
    await page.click('[data-testid=submit-case]')
    await page.waitForURL(/\/cases\/\d+$/)
    caseUrl = new URL(page.url()).pathname
    await settle(page)
    assert.equal((await page.textContent('[data-testid=case-status]')).trim(), '疑似病例')

    await choose(page, '[data-testid=test-result]', '阳性')
    await page.fill('#fk-t-lab', '金银潭医院检验科')
    await page.click('[data-testid=record-test]')
    await page.waitForSelector('[data-testid=case-tests] .el-table__row')
    await settle(page)

    await choose(page, '[data-testid=next-status]', '确诊病例')
    await choose(page, '[data-testid=confirming-test]', '核酸检测')
    await page.click('[data-testid=change-status]')
    await page.waitForFunction(
      () => document.querySelector('[data-testid=case-status]')?.textContent.trim() === '确诊病例',
    )
    assert.equal(await page.locator('[data-testid=case-history] .el-table__row').count(), 2)
    assert.deepEqual(await violations(page), [])
    await screenshot(page, 'case-desktop')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [])
    await page.click('[data-testid=locale-switch] >> text=中文')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('a grid worker reads the case of their grid masked, and may not change it', async () => {
    assert.ok(caseUrl, 'the first test made a case')
    const page = await newPage(browser, server.base, phone)
    await login(page, server.base, 'grid', '/cases')
    // At 375 px the cases are cards, and nothing scrolls sideways.
    const row = page.locator('[data-testid=cases] li').first()
    assert.match(await row.textContent(), /\*/)
    assert.deepEqual(await sidewaysScroll(page), [], 'cases at 375 px')
    assert.equal(await page.locator('[data-testid=report-case]').count(), 0)
    assert.deepEqual(await violations(page), [])
    await screenshot(page, 'cases-phone')
    await page.goto(server.base + caseUrl)
    await settle(page)
    assert.equal(await page.locator('[data-testid=change-status]').count(), 0)
    assert.deepEqual(await violations(page), [])
    await screenshot(page, 'case-phone')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [])
    await page.click('[data-testid=locale-switch] >> text=中文')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('the district lists a close contact of the case and puts them into quarantine', async () => {
    assert.ok(caseUrl, 'the first test made a case')
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'district')
    const contact = await page.evaluate(async (grid) => {
      const r = await fetch(`/api/v1/residents?region=${grid}&limit=5`)
      return (await r.json()).items[3].id
    }, demoGrid)
    await page.goto(server.base + caseUrl)
    await settle(page)
    await page.fill('#fk-k-resident', String(contact))
    await page.click('[data-testid=add-contact]')
    await page.waitForSelector('[data-testid=contacts-table] .el-table__row')
    await settle(page)
    const row = page.locator('[data-testid=contacts-table] .el-table__row').first()
    assert.match(await row.textContent(), /家庭/)
    assert.match(await row.textContent(), /\*/) // masked
    // The same person again: refused in the server's words, nothing added.
    await page.click('[data-testid=add-contact]')
    await page.waitForSelector('[data-testid=contacts-failure]')
    assert.equal(await page.locator('[data-testid=contacts-table] .el-table__row').count(), 1)
    await page.locator('[data-testid^=quarantine-contact-]').first().click()
    await page.waitForSelector('[data-testid=contacts-done]')
    // The grid's orders (the demo's outbreak has orders of its own elsewhere).
    const orders = await page.evaluate(
      async ({ resident, grid }) => {
        const r = await fetch(`/api/v1/quarantine-orders?region=${grid}&limit=200`)
        return (await r.json()).items.filter((o) => o.resident_id === resident)
      },
      { resident: contact, grid: demoGrid },
    )
    assert.equal(orders.length, 1)
    assert.equal(orders[0].status, 'active')
    assert.equal(orders[0].place, 'home')
    assert.notEqual(orders[0].contact_id, null)
    assert.deepEqual(await violations(page), [])
    await screenshot(page, 'case-contacts')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [])
    await page.click('[data-testid=locale-switch] >> text=中文')
    assert.deepEqual(page.problems, [])
    await page.context().close()
  })

  test('the tracer records where the case went, and the chain links the contact who fell ill', async () => {
    assert.ok(caseUrl, 'the first test made a case')
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'district', caseUrl)
    await page.waitForSelector('[data-testid=chain-none]') // no other case linked yet
    // A contact of the close contact (次密接), chosen from the case's list.
    const second = await page.evaluate(async (grid) => {
      const r = await fetch(`/api/v1/residents?region=${grid}&limit=6`)
      return (await r.json()).items[5].id
    }, demoGrid)
    await page.fill('#fk-k-resident', String(second))
    await choose(page, '[data-testid=contact-via]', '次密接')
    await page.click('[data-testid=add-contact]')
    await page.waitForSelector('[data-testid=contacts-done]')
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=contacts-table] .el-table__row').length === 2)
    assert.match(await page.locator('[data-testid=contacts-table] .el-table__row').nth(1).textContent(), /次密接/)
    await page.fill('#fk-v-place', '汉口火车站候车室')
    await page.fill('#fk-v-from', '08:00')
    await page.fill('#fk-v-to', '07:00')
    await page.click('[data-testid=add-visit]')
    // The end before the start: refused in the server's words, nothing added.
    await page.waitForSelector('[data-testid=visits-failure]')
    assert.equal(await page.locator('[data-testid=visits-table] .el-table__row').count(), 0)
    await page.fill('#fk-v-to', '09:30')
    await page.click('[data-testid=add-visit]')
    await page.waitForSelector('[data-testid=visits-done]')
    const row = page.locator('[data-testid=visits-table] .el-table__row')
    assert.equal(await row.count(), 1)
    assert.match(await row.first().textContent(), /08:00–09:30.*汉口火车站候车室/)
    // The contact listed by the test before falls ill: reported by medical
    // staff, their case joins the chain of this one.
    const medical = await newPage(browser, server.base, desktop)
    await login(medical, server.base, 'medical')
    const reported = await medical.evaluate(
      async ({ caseId }) => {
        const contacts = await (await fetch(`/api/v1/cases/${caseId}/contacts`)).json()
        const r = await fetch('/api/v1/cases', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            resident_id: contacts.items[0].resident_id,
            status: 'suspected',
            report_date: new Date().toISOString().slice(0, 10),
          }),
        })
        return { status: r.status, body: await r.json() }
      },
      { caseId: caseUrl.split('/').pop() },
    )
    assert.equal(reported.status, 201, JSON.stringify(reported.body))
    await medical.context().close()
    await page.reload()
    await settle(page)
    await page.waitForSelector('[data-testid=chain-links] li')
    assert.equal(await page.locator('[data-testid=chain-links] li').count(), 1)
    assert.match(await page.textContent('[data-testid=chain-links]'), new RegExp(`#${caseUrl.split('/').pop()} → .*#${reported.body.id}`))
    assert.match(await page.textContent('[data-testid=chain-summary]'), new RegExp(`#${caseUrl.split('/').pop()}`))
    assert.ok(await page.$('[data-testid=case-chain] canvas'), 'the chain is drawn')
    assert.deepEqual(await violations(page), [])
    await page.waitForTimeout(500)
    await screenshot(page, 'case-visits-chain')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [])
    await page.click('[data-testid=locale-switch] >> text=中文')
    assert.deepEqual(page.problems, [])
    await page.context().close()

    // The grid worker follows the contacts of their grid up from the cases page.
    const grid = await newPage(browser, server.base, phone)
    await login(grid, server.base, 'grid', '/cases')
    const closeContact = await grid.evaluate(async (caseId) => {
      const r = await fetch(`/api/v1/cases/${caseId}/contacts`)
      return (await r.json()).items[0].id
    }, caseUrl.split('/').pop())
    // The demo's outbreak has contacts of its own in the grid: page on to this one.
    for (let i = 0; i < 50 && !(await grid.$(`[data-testid=reached-${closeContact}]`)); ++i) {
      await grid.click('[data-testid=contact-follow-ups] [data-testid=page-next]')
      await settle(grid)
    }
    await grid.click(`[data-testid=reached-${closeContact}]`)
    await grid.waitForSelector('[data-testid=follow-ups-done]')
    const followed = grid.locator('[data-testid=follow-ups-table] li', { hasText: String(closeContact) })
    assert.match(await followed.first().textContent(), /今日已随访/)
    assert.deepEqual(await sidewaysScroll(grid), [], 'contact follow-ups at 375 px')
    // The tapped button keeps the pointer's hover colour (Element's light
    // tint): the page is checked at rest, as the next reader sees it.
    await grid.mouse.move(0, 0)
    await grid.evaluate(() => document.activeElement?.blur())
    assert.deepEqual(await violations(grid), [])
    await screenshot(grid, 'contact-follow-ups-phone')
    assert.deepEqual(grid.problems, [])
    await grid.context().close()
  })

  test('a contact registered nowhere goes to the city, which hands them on to a district', async () => {
    assert.ok(caseUrl, 'the first test made a case')
    // An ID number (GB 11643, with its check character) no one in the demo has.
    const body = '420102199001019' + '87'
    const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    const sum = [...body].reduce((total, digit, i) => total + Number(digit) * weights[i], 0)
    const idNumber = body + '10X98765432'[sum % 11]
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'district', '/cases')
    const listed = await page.evaluate(
      async ({ caseId, idNumber }) => {
        const r = await fetch(`/api/v1/cases/${caseId}/contacts`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({
            id_number: idNumber,
            name: '未登记者',
            phone: '13800000000',
            setting: 'workplace',
            last_exposure_date: new Date().toISOString().slice(0, 10),
          }),
        })
        return { status: r.status, body: await r.json() }
      },
      { caseId: caseUrl.split('/').pop(), idNumber },
    )
    assert.equal(listed.status, 201, JSON.stringify(listed.body))
    const contact = listed.body.id
    await page.context().close()

    // The command centre holds the person (the city) and hands them on to 江岸区.
    const command = await newPage(browser, server.base, desktop)
    await login(command, server.base, 'command', '/cases')
    for (let i = 0; i < 50 && !(await command.$(`[data-testid=hand-on-area-${contact}]`)); ++i) {
      await command.click('[data-testid=contact-follow-ups] [data-testid=page-next]')
      await settle(command)
    }
    await command.click(`[data-testid=hand-on-area-${contact}]`)
    await command.click('.el-select-dropdown__item:visible >> text=江岸区')
    await command.click(`[data-testid=hand-on-${contact}]`)
    await command.waitForSelector('[data-testid=follow-ups-done]')
    assert.match(await command.textContent('[data-testid=follow-ups-done]'), new RegExp(`${contact}.*江岸区`))
    const region = await command.evaluate(async (id) => {
      const r = await fetch('/api/v1/contacts?region=420102&limit=200')
      return (await r.json()).items.find((k) => k.id === id)?.region
    }, contact)
    assert.equal(region, '420102', 'the district now follows the person up')
    assert.deepEqual(await violations(command), [])
    assert.deepEqual(command.problems, [])
    await command.context().close()
  })

  test('the dashboard shows the daily case report', async () => {
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'command')
    await settle(page)
    await page.waitForSelector('[data-testid=cases-card]')
    assert.match(await page.textContent('[data-testid=stat-confirmed]'), /\d/)
    await screenshot(page, 'dashboard-cases')
    await page.context().close()
  })
})
