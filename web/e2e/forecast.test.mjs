// The forecast page (疫情预测) in a real browser against `fangkong demo`
// with an outbreak made through the API (tested residents confirmed as
// cases over five weeks, and a designated hospital with staffed beds): the
// command centre starts a forecast of the city, follows its progress and
// sees the new cases and beds against capacity with their bands, the
// inputs and the assumptions, per city and district, in Chinese and
// English; a district officer forecasts their district and sees only their
// area's forecasts; a grid worker is refused the page. Screenshots in
// FK_E2E_ARTIFACTS.
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import {
  apiAs,
  assertClean,
  desktop,
  login,
  newPage,
  phone,
  screenshot,
  settle,
  untranslated,
  useDemo,
} from './harness.mjs'

const district = '420102'

function day(offset) {
  const d = new Date()
  d.setUTCDate(d.getUTCDate() + offset)
  return d.toISOString().slice(0, 10)
}

// Two confirmed cases a day with onsets over the 35 days to yesterday,
// confirmed 1-3 days after onset (each on a positive nucleic acid test),
// and a designated hospital in the district with 40 staffed beds (6 ICU).
// The demo's own outbreak is left out: these cases and this hospital are all.
const demo = useDemo({ population: 5000, args: ['--no-outbreak'] }, async ({ base }) => {
  const medical = await apiAs(base, 'medical')
  const residents = await medical('GET', `/api/v1/residents?region=${district}&limit=200`)
  let next = 0
  for (let onset = -36; onset <= -2; ++onset) {
    for (let k = 0; k < 2; ++k) {
      const person = residents.items[(next++ * 37) % residents.items.length]
      const report = day(Math.min(-1, onset + 1 + ((k - onset) % 3)))
      const test = await medical('POST', '/api/v1/lab-tests', {
        resident_id: person.id,
        kind: 'nucleic_acid',
        sample_date: report,
        result: 'positive',
        lab: '金银潭医院检验科',
      })
      await medical('POST', '/api/v1/cases', {
        resident_id: person.id,
        status: 'confirmed',
        severity: k === 0 && onset > -8 ? 'severe' : 'mild',
        onset_date: day(onset),
        report_date: report,
        test_id: test.id,
      })
    }
  }
  const command = await apiAs(base, 'command')
  const hospital = await command('POST', '/api/v1/facilities', {
    name: '江岸区定点医院',
    kind: 'designated_hospital',
    region_code: district,
  })
  await command('PUT', `/api/v1/facilities/${hospital.id}/beds/general`, { beds: 40, staffed: 34 })
  await command('PUT', `/api/v1/facilities/${hospital.id}/beds/icu`, { beds: 6, staffed: 6 })
})

async function setNumber(page, testid, value) {
  const input = page.locator(`[data-testid="${testid}"] input`)
  await input.fill(String(value))
  await input.press('Tab')
}

const statusText = (page) => page.textContent('[data-testid=status]').then((s) => s.trim())

async function waitDone(page) {
  await page.waitForFunction(
    () => ['已完成', 'Done', '失败'].includes(document.querySelector('[data-testid=status]')?.textContent.trim()),
    null,
    { timeout: 240_000 },
  )
  assert.equal(await statusText(page), '已完成', await page.textContent('[data-testid=current]'))
}

describe('forecast', () => {
  test('command centre forecasts the city and reads cases and beds against capacity', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'command')
    await page.click('.fk-aside .el-menu-item >> text=疫情预测')
    await page.waitForURL((url) => url.pathname === '/forecast')
    await settle(page)
    await setNumber(page, 'days', 21)
    await setNumber(page, 'runs', 8)
    await page.click('[data-testid=start]')
    await page.waitForSelector('[data-testid=progress]')
    await waitDone(page)
    await page.waitForSelector('[data-testid=cases-chart] canvas')
    await page.waitForSelector('[data-testid=beds-chart] canvas')
    await settle(page)
    const inputs = await page.textContent('[data-testid=inputs]')
    assert.match(inputs, /现有病例/)
    assert.match(inputs, /\+g[0-9a-f]+|0\.1\.0/, 'the code version is shown')
    assert.match(await page.textContent('[data-testid=total]'), /预测期内新增确诊：中位数 [\d,]+ 例/)
    assert.match(await page.textContent('[data-testid=capacity]'), /实有床位 40 张（其中 ICU 6 张）/)
    assert.match(await page.textContent('[data-testid=assumptions]'), /41%/)
    // The demo's depots: each item's stock and the day it runs out (or that it lasts).
    const supplies = await page.textContent('[data-testid=forecast-supplies]')
    assert.match(supplies, /医用外科口罩/)
    assert.match(supplies, /预测期内不断供|\d{4}-\d{2}-\d{2}/)
    assert.equal(await page.locator('[data-testid=forecasts] .el-table__row').count(), 1)
    // Precise measures: the demo's outbreak puts grids on the list, each with a measure.
    assert.match(await page.textContent('[data-testid=grid-risk-summary]'), /\d+ 个网格中 [1-9]\d* 个有风险分/)
    assert.match(await page.textContent('[data-testid=grid-risk]'), /封闭管理|上门筛查/)
    await screenshot(page, 'forecast-desktop')
    // The district's own view.
    await page.click('[data-testid=shown-region]')
    await page.click('.el-select-dropdown__item:visible >> text=江岸区')
    await settle(page)
    assert.match(await page.textContent('[data-testid=capacity]'), /实有床位 40 张/)
    await screenshot(page, 'forecast-desktop-district')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [], 'forecast: Chinese left in English')
    assert.match(await statusText(page), /Done/)
    await screenshot(page, 'forecast-desktop-en')
    await page.click('[data-testid=locale-switch] >> text=中文')
    // What-if: the suggested measures on the listed grids, beside the forecast above
    // (same region, days, runs and seed).
    await page.click('[data-testid=what-if]')
    await page.waitForFunction(() => document.querySelector('[data-testid=current]')?.textContent.includes('#2'))
    await waitDone(page)
    await page.waitForSelector('[data-testid=what-if-table] .el-table__row')
    const comparison = await page.textContent('[data-testid=what-if-comparison]')
    assert.match(comparison, /(封闭管理|上门筛查)：\d+ 个网格，自预测第 1 天起 14 天/)
    assert.match(comparison, /武汉市/)
    await screenshot(page, 'forecast-what-if')
    // The dashboard's 预测检验: today's forecasts have no past projected day to check yet.
    await page.click('.fk-aside .el-menu-item >> text=指挥大屏')
    await page.waitForSelector('[data-testid=forecast-scores]')
    assert.match(await page.textContent('[data-testid=forecast-scores]'), /预测检验.*还没有可检验的预测/s)
    assertClean(page)
    await page.context().close()

    // On a phone the page opens the latest forecast.
    const small = await newPage(demo.browser, demo.base, phone)
    await login(small, demo.base, 'command', '/forecast')
    await small.waitForSelector('[data-testid=cases-chart] canvas')
    await settle(small)
    await screenshot(small, 'forecast-phone')
    assertClean(small)
    await small.context().close()
  })

  test('a district officer forecasts their district and sees only their area', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'district', '/forecast')
    // The city's forecast of the command centre is not theirs to see.
    assert.equal(await page.locator('[data-testid=forecasts] .el-table__row').count(), 0)
    await page.click('[data-testid=region]')
    await page.waitForSelector('.el-select-dropdown__item:visible') // the dropdown opens
    assert.deepEqual(
      (await page.locator('.el-select-dropdown__item:visible').allTextContents()).map((s) => s.trim()),
      ['江岸区'],
    )
    await page.keyboard.press('Escape')
    await setNumber(page, 'days', 14)
    await setNumber(page, 'runs', 4)
    await page.click('[data-testid=start]')
    await waitDone(page)
    await settle(page)
    assert.equal(await page.locator('[data-testid=forecasts] .el-table__row').count(), 1)
    assert.match(await page.textContent('[data-testid=forecasts]'), /江岸区/)
    await screenshot(page, 'forecast-district')
    assertClean(page)
    await page.context().close()
  })

  test('a grid worker is refused the page', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'grid', '/forecast')
    await page.waitForURL((url) => url.pathname === '/forbidden')
    assertClean(page)
    await page.context().close()
  })
})
