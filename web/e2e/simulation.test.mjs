// The simulation page (推演) in a real browser against `fangkong demo`: the
// command centre changes a scenario's parameters, runs it, follows its
// progress and sees its epidemic curve and summary, in Chinese and English;
// a run too large is refused before it starts; a long run is cancelled; a
// grid worker is refused the page. Screenshots in FK_E2E_ARTIFACTS.
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
} from './harness.mjs'

// Runs up to 3,000,000 agents x 400 days (the cancelled run below).
const demo = useDemo({ population: 2000, args: ['--sim-max-agent-days', '1200000000'] })

async function setParameter(page, key, value) {
  const input = page.locator(`[data-testid="param-${key}"] input`)
  await input.fill(String(value))
  await input.press('Tab')
}

const statusText = (page) => page.textContent('[data-testid=run-status]').then((s) => s.trim())

describe('simulation', () => {
  test('command centre runs a small scenario and sees its curve and summary', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'command')
    await page.click('.fk-aside .el-menu-item >> text=疫情推演')
    await page.waitForURL((url) => url.pathname === '/simulation')
    await settle(page)
    await setParameter(page, 'run.population', 5000)
    await setParameter(page, 'run.days', 90)
    await setParameter(page, 'transmission.r0', 3)
    assert.match(await page.textContent('[data-testid=agent-days]'), /450,000/)
    await page.click('[data-testid=run]')
    await page.waitForSelector('[data-testid=progress]')
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent.trim() === '已完成',
      null,
      { timeout: 180_000 },
    )
    await page.waitForSelector('[data-testid=curve] canvas')
    await settle(page)
    const summary = await page.textContent('[data-testid=summary]')
    assert.match(summary, /累计感染/)
    assert.match(await page.textContent('[data-testid=current-run]'), /5,000 人 × 90 天/)
    assert.equal(await page.locator('[data-testid=runs] .el-table__row').count(), 1)
    await screenshot(page, 'simulation-desktop')
    await page.click('[data-testid=curve] >> text=各状态人数')
    await screenshot(page, 'simulation-desktop-states')
    await page.click('[data-testid=locale-switch] >> text=English')
    await settle(page)
    assert.deepEqual(await untranslated(page), [], 'simulation: Chinese left in English')
    assert.match(await statusText(page), /Done/)
    await screenshot(page, 'simulation-desktop-en')
    await page.click('[data-testid=locale-switch] >> text=中文')
    assertClean(page)
    await page.context().close()

    // The same run again on a phone: the page opens the latest run.
    const small = await newPage(demo.browser, demo.base, phone)
    await login(small, demo.base, 'command', '/simulation')
    await small.waitForSelector('[data-testid=curve] canvas')
    await settle(small)
    await screenshot(small, 'simulation-phone')
    assertClean(small)
    await small.context().close()
  })

  test('a run too large is refused before it starts; a long run is cancelled', async () => {
    const page = await newPage(demo.browser, demo.base, desktop)
    await login(page, demo.base, 'district', '/simulation')
    await setParameter(page, 'run.population', 10_000_000)
    await setParameter(page, 'run.days', 400)
    assert.ok(await page.isDisabled('[data-testid=run]'), 'too large: the run button is off')
    await page.waitForSelector('text=推演规模超过本服务器的上限')
    // A year of 3,000,000 agents at R0 1.5: many seconds of work, cancelled at once.
    await setParameter(page, 'run.population', 3_000_000)
    await setParameter(page, 'run.days', 365)
    await setParameter(page, 'transmission.r0', 1.5)
    await page.click('[data-testid=run]')
    await page.waitForSelector('[data-testid=cancel]')
    await screenshot(page, 'simulation-running')
    await page.click('[data-testid=cancel]')
    await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent.trim() === '已取消', null, {
      timeout: 60_000,
    })
    await settle(page)
    assert.match(await page.textContent('[data-testid=runs]'), /已取消/)
    await screenshot(page, 'simulation-cancelled')
    assertClean(page)
    await page.context().close()
  })

  test('a grid worker is refused the page and has no menu entry', async () => {
    const page = await newPage(demo.browser, demo.base, phone)
    await login(page, demo.base, 'grid', '/simulation')
    await page.waitForURL((url) => url.pathname === '/forbidden')
    assertClean(page)
    await page.context().close()
  })
})
