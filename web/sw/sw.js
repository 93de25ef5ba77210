// Fangkong's service worker (served as /sw.js; docs/web.md, "Offline"). It
// keeps the app shell (index.html, every built script and style sheet, the
// icons and the manifest) in a cache named after the build, so the pages
// open with no network. It never touches the API: /api/ requests go to the
// network as if there were no worker, and the pages keep their own offline
// data (IndexedDB, src/offline/). No request leaves the origin.
//
// The build (vite.config.ts, plugin fangkong-service-worker) replaces the
// two placeholders below with the build's id and its list of files.
const VERSION = '__FK_VERSION__'
const SHELL = __FK_SHELL__
const CACHE = 'fk-shell-' + VERSION

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  )
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((n) => n.startsWith('fk-shell-') && n !== CACHE).map((n) => caches.delete(n))),
      )
      .then(() => self.clients.claim()),
  )
})

self.addEventListener('fetch', (event) => {
  const request = event.request
  if (request.method !== 'GET') return
  const url = new URL(request.url)
  if (url.origin !== self.location.origin) return
  if (url.pathname === '/api' || url.pathname.startsWith('/api/') || url.pathname === '/healthz') return
  if (request.mode === 'navigate') {
    // A page: the network's index.html when there is one (a new build is
    // seen at once), else the cached one; every route is the same page.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE })))
    return
  }
  // Scripts, styles, icons: named by their content (assets/) or kept with
  // the build; the cached copy, else the network.
  event.respondWith(caches.match(request, { cacheName: CACHE }).then((hit) => hit || fetch(request)))
})
