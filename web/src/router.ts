// One route a page; each route names the permission it needs (meta.permission,
// the names GET /auth/me reports), so the menu and the guards are derived
// from the same table. Pages are loaded on demand, so a grid worker's phone
// never downloads the dashboard's charts.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import type { Permission } from '@/api/models'
import { dashboardScope, prefetchDashboard } from '@/pages/dashboard/dashboardRequests'
import { homeOf, useSession } from '@/stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    public?: boolean // reachable without logging in
    permission?: Permission // needed to open the page (and to see it in the menu)
    menu?: string // i18n key of the menu entry; absent: not in the menu
    approvals?: boolean // in the menu only while requests wait for this user (stores/approvals)
    icon?: string
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('@/pages/LoginPage.vue'), meta: { public: true } },
  { path: '/notices/:code', component: () => import('@/pages/notices/CommunityNoticesPage.vue'), meta: { public: true } },
  { path: '/declare', component: () => import('@/pages/declarations/DeclarePage.vue'), meta: { public: true } },
  // The root shows nothing: the guard below sends each person on to their
  // role's home once the session is known (a route's redirect would run
  // before it is, and send everyone to the dashboard).
  { path: '/', name: 'home', component: { render: () => null } },
  {
    path: '/dashboard',
    component: () => import('@/pages/dashboard/DashboardPage.vue'),
    meta: { permission: 'read_stats', menu: 'nav.dashboard' },
    // The page's data is requested while its code (with ECharts) loads.
    beforeEnter: () => {
      const session = useSession()
      if (session.can('read_stats')) prefetchDashboard(dashboardScope(session.me?.scope), session.can('run_screening'))
    },
  },
  {
    path: '/tasks',
    component: () => import('@/pages/screening/MyTasksPage.vue'),
    meta: { permission: 'record_visits', menu: 'nav.tasks' },
  },
  {
    path: '/tasks/:campaign/:task',
    component: () => import('@/pages/screening/VisitPage.vue'),
    meta: { permission: 'record_visits' },
  },
  {
    path: '/regions',
    component: () => import('@/pages/regions/RegionTreePage.vue'),
    meta: { menu: 'nav.regions' },
  },
  {
    path: '/registry/residents',
    component: () => import('@/pages/registry/ResidentsPage.vue'),
    meta: { permission: 'read_registry', menu: 'nav.residents' },
  },
  {
    path: '/registry/import',
    component: () => import('@/pages/registry/ImportPage.vue'),
    meta: { permission: 'write_registry' },
  },
  {
    path: '/registry/households/:id',
    component: () => import('@/pages/registry/HouseholdPage.vue'),
    meta: { permission: 'read_registry' },
  },
  {
    path: '/screening/campaigns',
    component: () => import('@/pages/screening/CampaignsPage.vue'),
    meta: { permission: 'run_screening', menu: 'nav.campaigns' },
  },
  {
    path: '/screening/campaigns/:id',
    component: () => import('@/pages/screening/CampaignPage.vue'),
    meta: { permission: 'run_screening' },
  },
  {
    path: '/cases',
    component: () => import('@/pages/cases/CasesPage.vue'),
    meta: { permission: 'read_cases', menu: 'nav.cases' },
  },
  {
    path: '/cases/:id',
    component: () => import('@/pages/cases/CasePage.vue'),
    meta: { permission: 'read_cases' },
  },
  {
    path: '/directives',
    component: () => import('@/pages/directives/DirectivesPage.vue'),
    meta: { permission: 'report_to_command', menu: 'nav.directives' },
  },
  {
    path: '/directives/:id',
    component: () => import('@/pages/directives/DirectivePage.vue'),
    meta: { permission: 'report_to_command' },
  },
  {
    path: '/reports/daily',
    component: () => import('@/pages/reports/DailyReportsPage.vue'),
    meta: { permission: 'report_to_command', menu: 'nav.dailyReports' },
  },
  {
    path: '/supervision',
    component: () => import('@/pages/supervision/SupervisionPage.vue'),
    meta: { permission: 'issue_directives', menu: 'nav.supervision' },
  },
  {
    path: '/supervision/revisits',
    component: () => import('@/pages/supervision/RevisitsPage.vue'),
    meta: { permission: 'record_visits', menu: 'nav.revisits' },
  },
  {
    path: '/supplies',
    component: () => import('@/pages/supplies/SuppliesPage.vue'),
    meta: { permission: 'read_stats', menu: 'nav.supplies' },
  },
  {
    path: '/facilities',
    component: () => import('@/pages/facilities/FacilitiesPage.vue'),
    meta: { permission: 'read_stats', menu: 'nav.facilities' },
  },
  {
    path: '/quarantine',
    component: () => import('@/pages/quarantine/QuarantineOrdersPage.vue'),
    meta: { permission: 'manage_quarantine', menu: 'nav.quarantine' },
  },
  {
    path: '/quarantine/checks',
    component: () => import('@/pages/quarantine/QuarantineChecksPage.vue'),
    meta: { permission: 'record_quarantine_checks', menu: 'nav.checks' },
  },
  {
    path: '/notices',
    component: () => import('@/pages/notices/NoticesPage.vue'),
    meta: { menu: 'nav.notices' },
  },
  {
    path: '/declarations',
    component: () => import('@/pages/declarations/DeclarationsPage.vue'),
    meta: { permission: 'handle_declarations', menu: 'nav.declarations' },
  },
  {
    path: '/volunteers',
    component: () => import('@/pages/volunteers/VolunteersPage.vue'),
    meta: { permission: 'read_registry', menu: 'nav.volunteers' },
  },
  {
    path: '/duty',
    component: () => import('@/pages/volunteers/DutyPage.vue'),
    meta: { permission: 'read_registry', menu: 'nav.duty' },
  },
  {
    path: '/checkpoints',
    component: () => import('@/pages/checkpoints/CheckpointsPage.vue'),
    meta: { permission: 'read_registry', menu: 'nav.checkpoints' },
  },
  {
    path: '/simulation',
    component: () => import('@/pages/simulation/SimulationPage.vue'),
    meta: { permission: 'run_simulations', menu: 'nav.simulation' },
  },
  {
    path: '/forecast',
    component: () => import('@/pages/forecast/ForecastPage.vue'),
    meta: { permission: 'run_simulations', menu: 'nav.forecast' },
  },
  {
    path: '/admin/users',
    component: () => import('@/pages/admin/UsersPage.vue'),
    meta: { permission: 'manage_users', menu: 'nav.users' },
  },
  {
    path: '/admin/audit',
    component: () => import('@/pages/admin/AuditPage.vue'),
    meta: { permission: 'read_audit', menu: 'nav.audit' },
  },
  {
    path: '/approvals',
    component: () => import('@/pages/account/ApprovalsPage.vue'),
    meta: { menu: 'nav.approvals', approvals: true },
  },
  { path: '/account/password', component: () => import('@/pages/account/PasswordPage.vue') },
  { path: '/forbidden', component: () => import('@/pages/errors/ForbiddenPage.vue') },
  { path: '/:rest(.*)*', component: () => import('@/pages/errors/NotFoundPage.vue') },
]

export const router = createRouter({ history: createWebHistory(), routes })

router.beforeEach(async (to) => {
  const session = useSession()
  if (!session.loaded) await session.load()
  if (to.meta.public) return true
  if (!session.loggedIn) {
    return { path: '/login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } }
  }
  if (to.name === 'home') return homeOf(session.me?.role)
  if (to.meta.permission && !session.can(to.meta.permission)) {
    return { path: '/forbidden', query: { from: to.fullPath } }
  }
  return true
})
