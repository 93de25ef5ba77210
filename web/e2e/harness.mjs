// The browser tests' harness: `fangkong demo` on a temporary database and a
// free port, Debian's Chromium driven by playwright-core (headless, no
// sandbox, no GPU, no background networking, a fresh profile), and guards
// every page gets: nothing may be requested from another origin, no
// Content-Security-Policy violation, no uncaught error. A test file calls
// useDemo() once: the server and the browser start before its tests and
// stop after them.
//
// Environment: FANGKONG_BINARY (the server), FK_WEB_ROOT (built web/dist),
// FK_E2E_ARTIFACTS (where screenshots go), CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { after, before } from 'node:test'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
export const artifacts = process.env.FK_E2E_ARTIFACTS || resolve(here, '../../build/release/web-e2e')
export const phone = { width: 375, height: 812 }
export const desktop = { width: 1366, height: 900 }
export const password = 'fangkong-demo'

// Starts the demo server (with `args` added to its flags); resolves with
// { base, stop }. householdsPerGrid: 0 for the demo's default.
export async function startDemo({ population = 10000, householdsPerGrid = 0, args = [] } = {}) {
  const binary = process.env.FANGKONG_BINARY || resolve(here, '../../build/release/fangkong')
  const webRoot = process.env.FK_WEB_ROOT || resolve(here, '../dist')
  if (!existsSync(join(webRoot, 'index.html'))) throw new Error(`no built front end in ${webRoot}`)
  const dir = mkdtempSync(join(tmpdir(), 'fangkong-e2e-'))
  const child = spawn(
    binary,
    [
      'demo',
      '--db',
      join(dir, 'demo.db'),
      '--listen',
      '127.0.0.1:0',
      '--population',
      String(population),
      ...(householdsPerGrid ? ['--households-per-grid', String(householdsPerGrid)] : []),
      '--web-root',
      webRoot,
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const base = await new Promise((resolveBase, reject) => {
    // A larger city takes longer to build and store: allow 2 s per 1,000 residents.
    const timer = setTimeout(() => reject(new Error('demo did not start:\n' + output)), Math.max(120_000, population * 2))
    const onData = (chunk) => {
      output += chunk
      const m = output.match(/Serving (http:\/\/127\.0\.0\.1:\d+)\//)
      if (m) {
        clearTimeout(timer)
        resolveBase(m[1])
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => reject(new Error(`demo exited with ${code}:\n${output}`)))
  })
  return {
    base,
    async stop() {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

// The demo server (startDemo's options) and a browser for the tests of one
// file: started before them (then `prepare(demo)`, for data the tests
// share), stopped after them. Returns { base, browser, server }, filled in
// once the file's `before` has run.
export function useDemo(options = {}, prepare = async () => {}) {
  const demo = { base: '', browser: null, server: null }
  before(async () => {
    demo.server = await startDemo(options)
    demo.base = demo.server.base
    demo.browser = await launchBrowser()
    await prepare(demo)
  })
  after(async () => {
    await demo.browser?.close()
    await demo.server?.stop()
  })
  return demo
}

// Fails the test if the page met a guard: a request to another origin, a
// Content-Security-Policy violation or an uncaught error.
export function assertClean(page) {
  assert.deepEqual(page.problems, [], 'no outside requests, CSP violations or page errors')
}

// The API as `user`, with a Bearer token of their own login:
// `call(method, path, body)` resolves with the JSON answer and fails the
// test unless it is a success; `call.send(...)` resolves with { status, body }.
export async function apiAs(base, user) {
  const login = await fetch(base + '/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: user, password }),
  })
  assert.equal(login.status, 200, `login of ${user}`)
  const { token } = await login.json()
  const send = async (method, path, body) => {
    const r = await fetch(base + path, {
      method,
      headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await r.text()
    let json = text
    try {
      json = JSON.parse(text)
    } catch {
      /* not JSON: the text */
    }
    return { status: r.status, body: json }
  }
  const call = async (method, path, body) => {
    const answer = await send(method, path, body)
    assert.ok(answer.status >= 200 && answer.status < 300, `${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body
  }
  call.send = send
  return call
}

export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium'
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} not found: install Debian's chromium (bash scripts/install-deps.sh)`)
  }
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

// A new context (its own cookies) and page at a viewport, with the guards.
// `page.problems` collects what went wrong; `page.dataStrings` every string
// value of the API's JSON answers (what may appear untranslated: names).
export async function newPage(browser, base, viewport = desktop) {
  // Reduced motion: the app then draws charts and transitions at once, so
  // nothing waits for an animation to end.
  const context = await browser.newContext({ viewport, locale: 'zh-CN', deviceScaleFactor: 1, reducedMotion: 'reduce' })
  const page = await context.newPage()
  page.problems = []
  page.dataStrings = new Set()
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(base + '/') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    page.problems.push('request outside the server: ' + url)
    return route.abort()
  })
  page.on('console', (m) => {
    if (/Content.Security.Policy|Refused to/i.test(m.text())) page.problems.push('CSP: ' + m.text())
  })
  page.on('pageerror', (e) => page.problems.push('page error: ' + e.message))
  page.on('response', async (r) => {
    if (!r.url().includes('/api/') || !(r.headers()['content-type'] ?? '').includes('json')) return
    try {
      collectStrings(await r.json(), page.dataStrings)
    } catch {
      /* not JSON after all */
    }
  })
  return page
}

function collectStrings(value, out) {
  if (typeof value === 'string') out.add(value)
  else if (Array.isArray(value)) value.forEach((v) => collectStrings(v, out))
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectStrings(v, out))
}

// Each user's session cookies in this test file, once they have logged in
// through the form: `${base} ${username}` -> cookies.
const sessions = new Map()

// Logs `username` in and waits on `target` (a path), or on their home page.
// The first time through the login form (sent on to `target` by its
// ?redirect=); later, as a person who stays logged in, with the session kept
// from then (in a new context), unless the server has ended it (a logout, a
// password change): then through the form again.
export async function login(page, base, username, target) {
  const key = `${base} ${username}`
  const kept = sessions.get(key)
  if (kept) {
    await page.context().addCookies(kept)
    await page.goto(base + (target ?? '/'))
    await settle(page)
    if (!new URL(page.url()).pathname.startsWith('/login')) return
    sessions.delete(key)
  }
  await page.goto(base + '/login' + (target ? '?redirect=' + encodeURIComponent(target) : ''))
  await page.fill('#fk-username', username)
  await page.fill('#fk-password', password)
  await page.click('[data-testid=login-submit]')
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  await settle(page)
  sessions.set(key, await page.context().cookies())
}

// Waits until requests are done and loading masks are gone.
export async function settle(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('.el-loading-mask'), null, { timeout: 15_000 }).catch(() => {})
  await page.waitForTimeout(150)
}

// What scrolls sideways on the page, as "what scrollWidth > clientWidth": the
// document itself (document.scrollingElement) and any shown element that
// scrolls its own content sideways (a table too wide for a phone). [] when
// everything fits the window's width.
export async function sidewaysScroll(page) {
  return page.evaluate(() => {
    const found = []
    const doc = document.scrollingElement
    if (doc.scrollWidth > doc.clientWidth) found.push(`document ${doc.scrollWidth} > ${doc.clientWidth}`)
    for (const el of document.body.querySelectorAll('*')) {
      if (el.offsetParent === null || el.clientWidth === 0) continue
      const overflow = getComputedStyle(el).overflowX
      if ((overflow === 'auto' || overflow === 'scroll') && el.scrollWidth > el.clientWidth + 1)
        found.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${el.scrollWidth} > ${el.clientWidth}`)
    }
    return found
  })
}

// The whole page, or only `clip` ({ x, y, width, height }).
export async function screenshot(page, name, clip) {
  mkdirSync(artifacts, { recursive: true })
  await page.waitForTimeout(100) // the last frame is painted (no animation: reduced motion)
  await page.screenshot({ path: join(artifacts, name + '.png'), ...(clip ? { clip } : { fullPage: true }) })
}

// The visible text of the page, and its user-facing attributes.
export async function visibleStrings(page) {
  return page.evaluate(() => {
    const out = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.trim()
      const el = n.parentElement
      if (!text || !el || el.closest('script,style,[aria-hidden=true]')) continue
      if (!el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      out.push(text)
    }
    for (const el of document.querySelectorAll('[placeholder],[aria-label],[title]')) {
      if (!el.checkVisibility()) continue
      for (const a of ['placeholder', 'aria-label', 'title']) if (el.getAttribute(a)) out.push(el.getAttribute(a))
    }
    return out
  })
}

const cjk = /[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]/
// The strings of the page, in English, that still have Chinese in them once
// the data (names of people and places from the API) is taken out.
export async function untranslated(page) {
  const data = [...page.dataStrings, '中文'].filter((s) => cjk.test(s)).sort((a, b) => b.length - a.length)
  const left = []
  for (const text of await visibleStrings(page)) {
    if (!cjk.test(text)) continue
    let rest = text
    for (const d of data) rest = rest.split(d).join('')
    if (cjk.test(rest)) left.push(text)
  }
  return left
}
