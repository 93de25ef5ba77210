/// <reference types="vitest/config" />
// Vite build of the front end into dist/, which `fangkong serve` serves at /
// (docs/http-server.md). Every compressible file also gets a FILE.gz beside
// it, sent to browsers that accept gzip; nothing is loaded from outside.
// dist/sw.js is the service worker of sw/sw.js with the build's app shell.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import vue from '@vitejs/plugin-vue'
import { defineConfig, type Plugin } from 'vite'

function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'fangkong-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
          const path = join(dir, name)
          if (statSync(path).isDirectory()) walk(path)
          else if (/\.(js|mjs|css|html|svg|json|webmanifest|geojson)$/.test(name)) {
            const data = readFileSync(path)
            if (data.length >= 1024) writeFileSync(path + '.gz', gzipSync(data, { level: 9 }))
          }
        }
      }
      walk(outDir)
    },
  }
}

// The pages a grid worker opens with no network (docs/web.md, "Offline"):
// their chunks, the chunks and styles they import, the entry, index.html,
// the manifest and icons make the shell that sw/sw.js keeps. The other
// pages (charts, administration) load from the network as before, so the
// worker's phone never downloads them.
const shellPages = [
  'LoginPage.vue',
  'MyTasksPage.vue',
  'VisitPage.vue',
  'QuarantineChecksPage.vue',
  'PasswordPage.vue',
  'ForbiddenPage.vue',
  'NotFoundPage.vue',
]

function serviceWorker(): Plugin {
  let outDir = 'dist'
  let publicDir = 'public'
  return {
    name: 'fangkong-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
      publicDir = config.publicDir
    },
    writeBundle(_options, bundle) {
      const files = new Set<string>(['/index.html', '/manifest.webmanifest', '/favicon.svg'])
      for (const icon of readdirSync(join(publicDir, 'icons'))) files.add('/icons/' + icon)
      const seen = new Set<string>()
      const add = (name: string) => {
        const chunk = bundle[name]
        if (!chunk || seen.has(name)) return
        seen.add(name)
        files.add('/' + name)
        if (chunk.type !== 'chunk') return
        for (const css of chunk.viteMetadata?.importedCss ?? []) files.add('/' + css)
        for (const imported of chunk.imports) add(imported)
      }
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue
        const page = chunk.facadeModuleId?.split('/').pop() ?? ''
        if (chunk.isEntry || shellPages.includes(page)) add(name)
      }
      const shell = [...files].sort()
      const hash = createHash('sha256')
      for (const f of shell) {
        const output = bundle[f.slice(1)]
        hash.update(f)
        if (!output) hash.update(readFileSync(join(publicDir, f)))
        else hash.update(output.type === 'chunk' ? output.code : output.source)
      }
      const template = readFileSync(new URL('./sw/sw.js', import.meta.url), 'utf8')
      writeFileSync(
        join(outDir, 'sw.js'),
        template
          .replace("'__FK_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
          .replace('__FK_SHELL__', JSON.stringify(shell, null, 2)),
      )
    },
  }
}

export default defineConfig({
  plugins: [vue(), serviceWorker(), precompress()],
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks: {
          echarts: ['echarts/core', 'echarts/charts', 'echarts/components', 'echarts/renderers'],
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' } },
  test: { include: ['tests/**/*.test.ts'], environment: 'node' },
})
