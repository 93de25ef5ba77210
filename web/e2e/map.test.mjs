// The dashboard's map in a real browser against `fangkong demo`: the city
// commander logs in and sees the districts drawn from the stored outlines,
// clicks into a district and then a street (real clicks on the canvas, at
// each region's centroid), goes back up with the breadcrumb, and draws every
// grid of the city at once. Screenshots in FK_E2E_ARTIFACTS.
//
// Measured, reported, never asserted (bench/README.md): the time from the
// login click to a usable dashboard (numbers shown and the map drawn), and
// the time to draw the map of every grid (from the answer to the end of
// drawing), written to map-timing.json in the artifacts. For the ~3,000-grid
// measurement: FK_MAP_POPULATION=200000 FK_MAP_HOUSEHOLDS_PER_GRID=25.
import assert from 'node:assert/strict'
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { describe, test } from 'node:test'
import { apiAs, artifacts, assertClean, newPage, password, screenshot, settle, useDemo } from './harness.mjs'

const population = Number(process.env.FK_MAP_POPULATION || 10000)
const householdsPerGrid = Number(process.env.FK_MAP_HOUSEHOLDS_PER_GRID || 0)

const demo = useDemo({ population, householdsPerGrid }, screenSomeHouseholds)

// A city-wide campaign, and visits to the first households of the demo grid
// (one person with a fever), so that the map has something to colour.
async function screenSomeHouseholds({ base }) {
  const command = await apiAs(base, 'command')
  const day = new Date().toISOString().slice(0, 10)
  const campaign = await command('POST', '/api/v1/campaigns', {
    name: '全市摸排',
    region_code: '420100',
    start_date: day,
    end_date: day,
  })
  const grid = await apiAs(base, 'grid')
  const tasks = await grid('GET', `/api/v1/campaigns/${campaign.id}/tasks?limit=6`)
  let fever = true
  for (const task of tasks.items) {
    const people = await grid('GET', `/api/v1/households/${task.household_id}/residents`)
    for (const person of people.items) {
      await grid('POST', `/api/v1/campaigns/${campaign.id}/visits`, {
        task_id: task.id,
        resident_id: person.id,
        present: true,
        temperature: fever ? 38.4 : 36.6,
      })
      fever = false
    }
  }
}

// What the map last drew (window.__fkMap, set by RegionMap.vue).
const drawn = (page) =>
  page.evaluate(() => {
    const m = window.__fkMap
    return m ? { region: m.region, level: m.level, features: m.features, renderMs: m.renderMs } : null
  })

async function waitForMap(page, region, level) {
  await page.waitForFunction(
    ([r, l]) => window.__fkMap && window.__fkMap.region === r && window.__fkMap.level === l,
    [region, level],
    { timeout: 60_000 },
  )
  return drawn(page)
}

// Clicks the map at the centroid of region `code` as drawn.
async function clickRegion(page, code) {
  const pixel = await page.evaluate((c) => window.__fkMap.pixelOf(c), code)
  assert.ok(pixel, `region ${code} is on the map`)
  // The map may sit below the fold (the cases card comes first): the mouse
  // clicks only inside the viewport.
  const chart = page.locator('[data-testid=region-map] .fk-chart')
  await chart.scrollIntoViewIfNeeded()
  const box = await chart.boundingBox()
  await page.mouse.click(box.x + pixel[0], box.y + pixel[1])
}

// Where the time from the login click went (for bench/README.md): every
// request the page made after `since` (performance.now() at the click), with
// when it started and ended relative to the click, its size on the wire,
// and the page's long tasks (main thread busy over 50 ms: script parsing,
// rendering).
async function timeline(page, since) {
  return page.evaluate((t0) => {
    const ms = (v) => Math.round(v - t0)
    const requests = performance
      .getEntriesByType('resource')
      .filter((e) => e.startTime >= t0)
      .map((e) => ({
        what: new URL(e.name).pathname + new URL(e.name).search,
        start: ms(e.startTime),
        waiting: Math.round(e.responseStart - e.requestStart), // request sent to first byte: the server
        end: ms(e.responseEnd),
        bytes: e.transferSize,
      }))
    const longTasks = (window.__fkLongTasks ?? [])
      .filter((e) => e.startTime >= t0)
      .map((e) => ({ start: ms(e.startTime), ms: Math.round(e.duration) }))
    return { requests, longTasks }
  }, since)
}

describe('the map of the command dashboard', () => {
  test('the city commander sees the map, clicks into a district and a street, and back', async (t) => {
    const page = await newPage(demo.browser, demo.base)
    await page.addInitScript(() => {
      window.__fkLongTasks = []
      new PerformanceObserver((list) => window.__fkLongTasks.push(...list.getEntries())).observe({ type: 'longtask', buffered: true })
    })
    await page.goto(demo.base + '/login')
    await page.fill('#fk-username', 'command')
    await page.fill('#fk-password', password)
    const clickedAt = await page.evaluate(() => performance.now())
    const start = Date.now()
    await page.click('[data-testid=login-submit]')
    await page.waitForFunction(
      () =>
        window.__fkMap?.level === 'district' &&
        /\d/.test(document.querySelector('[data-testid=stat-residents] .fk-stat-value')?.textContent ?? ''),
      null,
      { timeout: 60_000 },
    )
    const usableMs = Date.now() - start
    t.diagnostic(`dashboard usable ${usableMs} ms after the login click`)
    const loginTimeline = await timeline(page, clickedAt)
    for (const r of loginTimeline.requests) t.diagnostic(`  ${r.start}-${r.end} ms (server ${r.waiting} ms, ${r.bytes} B) ${r.what}`)
    for (const l of loginTimeline.longTasks) t.diagnostic(`  long task at ${l.start} ms: ${l.ms} ms`)

    const city = await waitForMap(page, '420100', 'district')
    assert.ok(city.features >= 2, 'the districts are drawn')
    assert.ok(await page.isVisible('[data-testid=region-map] canvas'))
    await settle(page)
    await screenshot(page, 'map-city')

    await clickRegion(page, '420102')
    const district = await waitForMap(page, '420102', 'street')
    assert.ok(district.features >= 2)
    assert.match(await page.textContent('[data-testid=map-breadcrumb]'), /武汉市.*江岸区/)
    await settle(page)
    await screenshot(page, 'map-district')

    await clickRegion(page, '420102001')
    const street = await waitForMap(page, '420102001', 'community')
    assert.ok(street.features >= 1)
    await page.click('[data-testid=map-metric] >> text=异常人数')
    await settle(page)
    await screenshot(page, 'map-street')

    await page.click('[data-testid=map-breadcrumb] button >> nth=0')
    await waitForMap(page, '420100', 'district')

    await page.click('[data-testid=map-all-grids]')
    const grids = await waitForMap(page, '420100', 'grid')
    t.diagnostic(`map of ${grids.features} grids drawn in ${grids.renderMs} ms`)
    await settle(page)
    await screenshot(page, 'map-all-grids')
    assertClean(page)

    mkdirSync(artifacts, { recursive: true })
    const report = {
      load_average: loadavg().map((v) => Math.round(v * 100) / 100), // 1, 5, 15 min, at the end
      population,
      households_per_grid: householdsPerGrid || 350,
      dashboard_usable_ms: usableMs,
      dashboard_timeline: loginTimeline,
      districts_drawn_ms: city.renderMs,
      grids: grids.features,
      grids_drawn_ms: grids.renderMs,
    }
    writeFileSync(join(artifacts, 'map-timing.json'), JSON.stringify(report, null, 2) + '\n')
    console.log('map timing:', JSON.stringify(report))
    await page.context().close()
  })
})
