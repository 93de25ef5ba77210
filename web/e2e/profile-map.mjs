// Not a test: where the time of the command dashboard goes, for bench/README.md.
// Starts the demo (FK_MAP_POPULATION, FK_MAP_HOUSEHOLDS_PER_GRID as map.test.mjs),
// logs in as the city commander, then records a CPU profile (Chromium's
// Profiler through CDP) of (1) login to a usable dashboard and (2) drawing
// every grid, and prints the functions with the most self time, by script.
// Run: cd web && FANGKONG_BINARY=../build/release/fangkong node e2e/profile-map.mjs
import { loadavg } from 'node:os'
import { launchBrowser, newPage, password, startDemo } from './harness.mjs'

const population = Number(process.env.FK_MAP_POPULATION || 200000)
const householdsPerGrid = Number(process.env.FK_MAP_HOUSEHOLDS_PER_GRID || 25)

function summarize(profile, label) {
  const self = new Map()
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const dt = profile.timeDeltas
  let total = 0
  for (let i = 0; i < profile.samples.length; ++i) {
    const node = byId.get(profile.samples[i])
    const ms = (dt[i] ?? 0) / 1000
    total += ms
    const f = node.callFrame
    const file = f.url ? f.url.split('/').pop().replace(/-[A-Za-z0-9_]{8}\.js$/, '.js') : '(native)'
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + ms)
  }
  const byFile = new Map()
  for (const [key, ms] of self) {
    const file = key.split(' ').pop().split(':')[0]
    byFile.set(file, (byFile.get(file) ?? 0) + ms)
  }
  console.log(`\n== ${label}: ${Math.round(total)} ms sampled`)
  for (const [file, ms] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(`  ${Math.round(ms)} ms  ${file}`)
  for (const [key, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`    ${Math.round(ms)} ms  ${key}`)
}

const server = await startDemo({ population, householdsPerGrid })
const browser = await launchBrowser()
try {
  console.log('load average before', loadavg().map((v) => v.toFixed(2)).join(' '))
  const page = await newPage(browser, server.base)
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Profiler.enable')
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
  await page.goto(server.base + '/login')
  await page.fill('#fk-username', 'command')
  await page.fill('#fk-password', password)
  await cdp.send('Profiler.start')
  const start = Date.now()
  await page.click('[data-testid=login-submit]')
  await page.waitForFunction(
    () => window.__fkMap?.level === 'district' && /\d/.test(document.querySelector('[data-testid=stat-residents] .fk-stat-value')?.textContent ?? ''),
    null,
    { timeout: 60_000 },
  )
  console.log(`dashboard usable ${Date.now() - start} ms`)
  summarize((await cdp.send('Profiler.stop')).profile, 'login to usable dashboard')
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(1000)
  await cdp.send('Profiler.start')
  await page.click('[data-testid=map-all-grids]')
  await page.waitForFunction(() => window.__fkMap?.level === 'grid', null, { timeout: 60_000 })
  const m = await page.evaluate(() => ({ features: window.__fkMap.features, renderMs: window.__fkMap.renderMs }))
  console.log(`${m.features} grids drawn in ${m.renderMs} ms`)
  summarize((await cdp.send('Profiler.stop')).profile, 'every grid')
  console.log('load average after', loadavg().map((v) => v.toFixed(2)).join(' '))
} finally {
  await browser.close()
  await server.stop()
}
