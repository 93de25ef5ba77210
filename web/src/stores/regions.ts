// Names of region codes, learned from the region endpoints and kept while
// the app runs (the tree changes rarely), so pages can show "江岸区" for 420102.
import { defineStore } from 'pinia'
import { reactive } from 'vue'
import { api, call } from '@/api/client'
import type { Items, Level, Region, RegionWithChildren } from '@/api/models'

export const useRegions = defineStore('regions', () => {
  const names = reactive(new Map<string, string>())
  const loadedTrees = new Set<string>()

  function remember(regions: Region[]) {
    for (const r of regions) names.set(r.code, r.name)
  }
  // The subtree of `code` down to `maxLevel`, remembered; returns it.
  async function tree(code: string, maxLevel: Level): Promise<Region[]> {
    const items = (
      await call<Items<Region>>(
        api.GET('/api/v1/regions/{code}/tree', { params: { path: { code }, query: { max_level: maxLevel } } }),
      )
    ).items
    remember(items)
    loadedTrees.add(code + '/' + maxLevel)
    return items
  }
  async function ensureTree(code: string, maxLevel: Level): Promise<void> {
    if (!loadedTrees.has(code + '/' + maxLevel)) await tree(code, maxLevel)
  }
  // One region and its children (GET /regions/{code}), remembered.
  async function withChildren(code: string): Promise<RegionWithChildren> {
    const region = await call<RegionWithChildren>(api.GET('/api/v1/regions/{code}', { params: { path: { code } } }))
    remember([region, ...region.children])
    return region
  }
  function nameOf(code: string): string {
    return names.get(code) ?? code
  }
  return { names, remember, tree, ensureTree, withChildren, nameOf }
})

const order: Level[] = ['province', 'city', 'district', 'street', 'community', 'grid']
export function childLevel(code: string): Level {
  const level = levelOfCode(code)
  return order[Math.min(order.indexOf(level) + 1, order.length - 1)]
}
export function levelOfCode(code: string): Level {
  if (code.length >= 15) return 'grid'
  if (code.length >= 12) return 'community'
  if (code.length >= 9) return 'street'
  if (code.endsWith('0000')) return 'province'
  if (code.endsWith('00')) return 'city'
  return 'district'
}
