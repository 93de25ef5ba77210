// No string of the pages is left untranslated:
//  - zh-CN and en have exactly the same keys, none empty;
//  - every key the code names (t('x.y'), $t('x.y'), meta.menu: 'x.y') exists,
//    and every dynamic prefix (t('role.' + r)) has keys under it;
//  - no template has text or a user-facing attribute (label, placeholder,
//    title, aria-label, ...) written in it: only {{ t(...) }} and data.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'vue/compiler-sfc'
import en from '../src/locales/en'
import zhCN from '../src/locales/zh-CN'

type Tree = { [key: string]: string | Tree }
const src = join(__dirname, '../src')

function keys(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out.set(key, v)
    else for (const [kk, vv] of keys(v, key)) out.set(kk, vv)
  }
  return out
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'generated' || name === 'locales' ? [] : files(path, ext)
    return ext.test(name) ? [path] : []
  })
}

const zhKeys = keys(zhCN as unknown as Tree)
const enKeys = keys(en as unknown as Tree)

describe('locales', () => {
  it('zh-CN and en have the same keys, none empty', () => {
    expect([...enKeys.keys()].sort()).toEqual([...zhKeys.keys()].sort())
    for (const [k, v] of [...zhKeys, ...enKeys]) expect(v.trim(), k).not.toBe('')
  })

  it('the English texts have no Chinese characters, and the Chinese ones are not English copies', () => {
    for (const [k, v] of enKeys) expect(/[\u3400-\u9fff\uff00-\uffef]/.test(v), `en ${k}: ${v}`).toBe(false)
    let same = 0
    for (const [k, v] of zhKeys) if (enKeys.get(k) === v) same++
    expect(same).toBe(0)
  })

  it('every key the code uses exists, every dynamic prefix has keys', () => {
    const used = new Set<string>()
    const prefixes = new Set<string>()
    for (const file of files(src, /\.(vue|ts)$/)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\b\$?t\(\s*'([a-zA-Z0-9_.]+)'\s*([,)])/g)) used.add(m[1])
      for (const m of text.matchAll(/\b\$?t\(\s*'([a-zA-Z0-9_.]+\.)'\s*\+/g)) prefixes.add(m[1])
      for (const m of text.matchAll(/menu: '([a-zA-Z0-9_.]+)'/g)) used.add(m[1])
    }
    expect(used.size).toBeGreaterThan(100)
    for (const k of used) expect(zhKeys.has(k), `missing key ${k}`).toBe(true)
    for (const p of prefixes) expect([...zhKeys.keys()].some((k) => k.startsWith(p)), `no keys under ${p}`).toBe(true)
  })

  it('templates have no text of their own', () => {
    const userFacing = new Set([
      'label',
      'placeholder',
      'title',
      'aria-label',
      'alt',
      'description',
      'sub-title',
      'empty-text',
      'content',
      'start-placeholder',
      'end-placeholder',
      'active-text',
      'inactive-text',
    ])
    // Text that is the same in every language: the language switch names each
    // language in itself, symbols.
    const allowed = /^(中文|English|☰|‹|·|–|—|\/|\(|\)|[\s·–—/()‹]+)$/
    const problems: string[] = []
    for (const file of files(src, /\.vue$/)) {
      const { descriptor } = parse(readFileSync(file, 'utf8'), { filename: file })
      const where = relative(src, file)
      const walk = (node: any) => {
        if (node.type === 2 /* TEXT */) {
          const text = node.content.trim()
          if (text && /[\p{L}]/u.test(text) && !allowed.test(text)) problems.push(`${where}: text "${text}"`)
        }
        for (const p of node.props ?? []) {
          if (p.type === 6 /* static ATTRIBUTE */ && userFacing.has(p.name) && p.value && /[\p{L}]/u.test(p.value.content))
            problems.push(`${where}: ${p.name}="${p.value.content}"`)
        }
        for (const c of node.children ?? []) walk(c)
        for (const b of node.branches ?? []) walk(b)
      }
      if (descriptor.template?.ast) walk(descriptor.template.ast)
    }
    expect(problems).toEqual([])
  })
})
