// The requests of the command dashboard (DashboardPage, RegionMap), in one
// place so that the router can start them when it enters /dashboard, while
// the page's code (with ECharts) downloads and parses, and the page takes
// their answers (api/prefetch.ts). Small: it is part of the entry chunk.
import { api, call } from '@/api/client'
import { prefetch } from '@/api/prefetch'
import type { Campaign, Coverage, DailyStat, Items, Page, RegionShapes, RegionWithChildren } from '@/api/models'
import { isoDay } from '@/format'

// The region the dashboard shows: the user's scope (the whole tree: the province).
export const dashboardScope = (scope: string | undefined) => scope || '420000'

// Today's numbers and two weeks before (GET /stats/daily).
export const dailyStats = (scope: string) =>
  call<Items<DailyStat>>(
    api.GET('/api/v1/stats/daily', { params: { query: { region: scope, from: isoDay(-13), to: isoDay(0) } } }),
  )

// The newest campaign and its coverage under every level (none: null, []).
export async function newestCoverage(): Promise<{ campaign: Campaign | null; coverage: Coverage[] }> {
  const list = await call<Page<Campaign>>(api.GET('/api/v1/campaigns', { params: { query: { limit: 1 } } }))
  const campaign = list.items[0] ?? null
  if (!campaign) return { campaign, coverage: [] }
  const answer = await call<Items<Coverage>>(
    api.GET('/api/v1/campaigns/{id}/coverage', { params: { path: { id: String(campaign.id) } } }),
  )
  return { campaign, coverage: answer.items }
}

// A region with its children (names for the page).
export const regionWithChildren = (code: string) =>
  call<RegionWithChildren>(api.GET('/api/v1/regions/{code}', { params: { path: { code } } }))

// The outlines of the regions one level below `code` (the map's first view).
export const shapesBelow = (code: string) =>
  call<RegionShapes>(api.GET('/api/v1/regions/{code}/shapes', { params: { path: { code } } }))

// Starts what the dashboard of `scope` asks for first; `screening`: the
// user may run screening (the coverage card).
export function prefetchDashboard(scope: string, screening: boolean): void {
  prefetch('stats:' + scope, () => dailyStats(scope))
  prefetch('region:' + scope, () => regionWithChildren(scope))
  if (screening) prefetch('coverage', newestCoverage)
  if (scope.length < 15) prefetch('shapes:' + scope, () => shapesBelow(scope))
}
