/// <reference types="vitest/config" />
// Vite build of the front end into dist/, which `fangkong serve` serves at /
// (docs/http-server.md). Every compressible file also gets a FILE.gz beside
// it, sent to browsers that accept gzip; nothing is loaded from outside.
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

export default defineConfig({
  plugins: [vue(), precompress()],
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
