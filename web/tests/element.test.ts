// Every Element Plus tag the templates use ends up registered by
// src/element.ts (an unregistered one would render as an unknown element,
// silently; parts such as ElRadioGroup are installed by their whole, ElRadio).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createApp } from 'vue'
import { useElement } from '../src/element'

const src = join(__dirname, '../src')
function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? vueFiles(path) : name.endsWith('.vue') ? [path] : []
  })
}

it('registers every <el-*> component the templates use, and v-loading', () => {
  const app = createApp({})
  useElement(app)
  const used = new Set<string>()
  for (const file of vueFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/<(el-[a-z-]+)/g)) {
      used.add('El' + m[1].slice(3).replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()))
    }
  }
  expect(used.size).toBeGreaterThan(20)
  for (const name of used) expect(app.component(name), `${name} is not registered by src/element.ts`).toBeTruthy()
  expect(app.directive('loading')).toBeTruthy()
})
