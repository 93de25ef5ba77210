// Every Element Plus tag the templates use is registered in src/element.ts
// (an unregistered one would render as an unknown element, silently).
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'

const src = join(__dirname, '../src')
function vueFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? vueFiles(path) : name.endsWith('.vue') ? [path] : []
  })
}

it('registers every <el-*> component the templates use', () => {
  const registry = readFileSync(join(src, 'element.ts'), 'utf8')
  const list = registry.slice(registry.indexOf('elementComponents = ['), registry.indexOf(']', registry.indexOf('elementComponents = [')))
  const registered = new Set([...list.matchAll(/^\s+(El[A-Za-z]+),$/gm)].map((m) => m[1]))
  const used = new Set<string>()
  for (const file of vueFiles(src)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/<(el-[a-z-]+)/g)) {
      used.add('El' + m[1].slice(3).replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()))
    }
  }
  expect(used.size).toBeGreaterThan(20)
  for (const name of used) expect(registered.has(name), `${name} is not registered in src/element.ts`).toBe(true)
})
