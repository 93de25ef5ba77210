// The supplies page (物资) in a real browser against `fangkong demo` (depots
// in every district and community, a month of movements): the supply
// officer sees days left with the chart and the warnings, records a
// transfer and sees it among the depot's movements; a transfer of more than
// the depot holds is refused, in Chinese and after the switch in English
// (never the server's English text), and changes nothing;
// a grid worker reads but has no form; English leaves no Chinese but data.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { desktop, launchBrowser, login, newPage, phone, screenshot, settle, sidewaysScroll, startDemo, untranslated } from './harness.mjs'

let server
let browser

before(async () => {
  server = await startDemo({ population: 2000 })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  await server?.stop()
})

async function pick(page, testid, text) {
  await page.click(`[data-testid=${testid}]`)
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: text }).first().click()
  // Wait until the list has closed, so that the next pick finds only its own.
  await page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown')].some((d) => d.offsetParent))
}

describe('supplies', () => {
  test('supply officer sees days left, records a transfer, is refused an overdraw', async () => {
    const page = await newPage(browser, server.base, desktop)
    await login(page, server.base, 'supply')
    await page.click('.fk-aside .el-menu-item >> text=物资保障')
    await page.waitForURL((url) => url.pathname === '/supplies')
    await settle(page)
    await page.waitForSelector('.fk-chart canvas')
    assert.match(await page.textContent('[data-testid=supply-warnings]'), /天内用完或已用完/)
    assert.ok((await page.locator('[data-testid=days-left-depots] .el-table__row').count()) > 2)
    await screenshot(page, 'supplies-desktop')
    // A transfer of 100 masks from the district's warehouse to its hospital.
    await page.click('.el-tabs__item >> text=登记出入库')
    await pick(page, 'movement-from', '物资储备库')
    await pick(page, 'movement-to', '定点医院')
    await page.fill('[data-testid=movement-quantity] input', '100')
    await page.click('[data-testid=record-movement]')
    await page.waitForSelector('text=已登记。')
    // More than the warehouse holds: refused in the user's language, nothing recorded.
    await page.fill('[data-testid=movement-quantity] input', '1000000000')
    await page.click('[data-testid=record-movement]')
    await page.waitForSelector('[data-testid=movement-failure]')
    const refusal = await page.textContent('[data-testid=movement-failure]')
    assert.match(refusal, /库存不足：编号为 \d+ 的仓库只有 \d+，少于 1000000000。/)
    assert.doesNotMatch(refusal, /holds|fewer/)
    await screenshot(page, 'supplies-refusal')
    await page.click('[data-testid=locale-switch] >> text=English')
    assert.match(
      await page.textContent('[data-testid=movement-failure]'),
      /Not enough stock: depot \d+ holds \d+, fewer than 1000000000\./,
    )
    await page.click('[data-testid=locale-switch] >> text=中文')
    await page.click('.el-tabs__item >> text=出入库记录')
    await pick(page, 'movement-depot', '物资储备库')
    await settle(page)
    const first = await page.textContent('[data-testid=movements] .el-table__row')
    assert.match(first, /调拨/)
    assert.match(first, /100/)
    assert.deepEqual(page.problems, [])
  })

  test('grid worker reads on a phone without the form; English has no Chinese but data', async () => {
    const page = await newPage(browser, server.base, phone)
    await login(page, server.base, 'grid', '/supplies')
    assert.equal(await page.locator('.el-tabs__item >> text=登记出入库').count(), 0)
    // Readable without scrolling sideways: the stock by region and depot as cards (lists, not tables).
    await page.locator('ul[data-testid=days-left-regions]').waitFor({ state: 'attached' })
    assert.equal(await page.locator('[data-testid=days-left-regions].el-table, [data-testid=days-left-depots].el-table').count(), 0)
    assert.deepEqual(await sidewaysScroll(page), [])
    await screenshot(page, 'supplies-phone')
    await page.click('.el-tabs__item >> text=出入库记录')
    await settle(page)
    assert.deepEqual(await sidewaysScroll(page), [])
    await screenshot(page, 'supplies-phone-movements')
    await page.click('.el-tabs__item >> text=库存与可用天数')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [])
    assert.deepEqual(await sidewaysScroll(page), [])
    assert.deepEqual(page.problems, [])
  })

  test('a volunteer is refused the page', async () => {
    const page = await newPage(browser, server.base, phone)
    await login(page, server.base, 'volunteer', '/supplies')
    await page.waitForURL((url) => url.pathname === '/forbidden')
  })
})
