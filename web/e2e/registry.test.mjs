// The residents page's CSV export against `fangkong demo` (GET
// /residents/export): a volunteer, whose role may not see personal data in
// clear, is offered no clear export and downloads a file whose names, birth
// dates, ID numbers and phones are all masked, the same people as the clear
// file a community officer may export (which the API refuses the volunteer);
// the community officer's clear export, chosen with 显示完整信息, is in the
// audit log. Screenshots residents-export(-unmasked) in FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { describe, test } from 'node:test'
import { apiAs, assertClean, login, newPage, screenshot, settle, useDemo } from './harness.mjs'

const demo = useDemo()
const grid = '420102001001001' // the volunteer's area (the demo's first grid)

// Clicks 导出 and reads the file the browser saved.
async function download(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export]')])
  return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') }
}

// CSV rows as objects by header (the demo's data has no commas nor quotes).
function rowsOf(text) {
  const [header, ...lines] = text.trim().split('\n')
  const names = header.split(',')
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])))
}

describe('residents export', () => {
  test('a volunteer exports masked data only', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'volunteer', '/registry/residents')
    assert.equal(await page.locator('[data-testid=unmasked]').count(), 0, 'no clear choice for a volunteer')
    assert.match(await page.textContent('[data-testid=export]'), /导出 CSV/)
    const { name, text } = await download(page)
    assert.equal(name, `residents-${grid}.csv`)
    const masked = rowsOf(text)
    assert.ok(masked.length > 0, 'the grid has residents')
    for (const r of masked) {
      assert.match(r.name, /^.\*$/u, JSON.stringify(r))
      assert.match(r.birth_date, /^\d{4}-\*\*-\*\*$/, JSON.stringify(r))
      assert.match(r.id_number, /^\d{4}\*{13}[\dX]$/, JSON.stringify(r))
      assert.match(r.phone, /^(\d{3}\*{4}\d{4})?$/, JSON.stringify(r)) // some children have none
    }
    assert.ok(masked.some((r) => r.phone !== ''))
    // The same people as in clear, each masked from their own data.
    const community = await apiAs(demo.base, 'community')
    const clear = rowsOf(await community('GET', `/api/v1/residents/export?region=${grid}&unmasked=true`))
    assert.equal(clear.length, masked.length)
    clear.forEach((c, i) => {
      const m = masked[i]
      assert.match(c.id_number, /^\d{17}[\dX]$/)
      assert.notEqual(m.id_number, c.id_number)
      assert.equal(m.id_number.slice(0, 4) + m.id_number.slice(-1), c.id_number.slice(0, 4) + c.id_number.slice(-1))
      assert.equal(m.phone.slice(-4), c.phone.slice(-4))
      assert.equal(m.name[0], [...c.name][0])
    })
    // Asking the API for clear data directly is refused too.
    const status = await page.evaluate(
      async (code) => (await fetch(`/api/v1/residents/export?region=${code}&unmasked=true`)).status,
      grid,
    )
    assert.equal(status, 403)
    await screenshot(page, 'residents-export')
    assertClean(page)
    await page.context().close()
  })

  test('a community officer chooses the clear export, which the audit log records', async () => {
    const page = await newPage(demo.browser, demo.base)
    await login(page, demo.base, 'community', '/registry/residents')
    await page.click('[data-testid=unmasked]')
    await settle(page)
    assert.match(await page.textContent('[data-testid=export]'), /导出完整信息/)
    await screenshot(page, 'residents-export-unmasked')
    const { name, text } = await download(page)
    assert.equal(name, 'residents-420102001001-unmasked.csv')
    const rows = rowsOf(text)
    assert.ok(rows.length > 0)
    for (const r of rows) assert.match(r.id_number, /^\d{17}[\dX]$/, JSON.stringify(r))
    const admin = await apiAs(demo.base, 'admin')
    const log = await admin('GET', '/api/v1/audit?action=export_unmasked&entity=resident')
    assert.ok(
      log.items.some((e) => e.entity_id === 'region 420102001001' && e.detail === `${rows.length} rows`),
      JSON.stringify(log.items),
    )
    assertClean(page)
    await page.context().close()
  })
})
