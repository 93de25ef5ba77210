// Who is logged in (GET /auth/me) and what their role may do. The session
// itself is the server's HttpOnly cookie; this store only mirrors it, so a
// reload asks the server again (load()). With no network (a grid worker in
// a stairwell), the last answer kept in localStorage stands in, `offline` is
// set, and the server judges the session again when a request reaches it.
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { api, ApiError, call } from '@/api/client'
import type { LoginAnswer, Me, Permission, Role } from '@/api/models'
import { forgetCopies } from '@/offline/db'

const kept = 'fk-me'

function keptMe(): Me | null {
  try {
    return JSON.parse(localStorage.getItem(kept) ?? 'null') as Me | null
  } catch {
    return null
  }
}

export const useSession = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const loaded = ref(false)
  // Set when a request answered 401: the login page says "session expired".
  const expired = ref(false)
  // The page runs on the kept answer of /auth/me: the server was not reached.
  const offline = ref(false)

  const loggedIn = computed(() => me.value !== null)
  function can(permission: Permission | undefined): boolean {
    if (!permission) return me.value !== null
    return me.value?.permissions.includes(permission) ?? false
  }

  async function load(): Promise<void> {
    try {
      me.value = await call<Me>(api.GET('/api/v1/auth/me'))
      offline.value = false
      localStorage.setItem(kept, JSON.stringify(me.value))
    } catch (e) {
      const noNetwork = e instanceof ApiError && e.status === 0
      me.value = noNetwork ? keptMe() : null
      offline.value = noNetwork && me.value !== null
      if (!noNetwork) localStorage.removeItem(kept)
    }
    loaded.value = true
  }

  async function login(username: string, password: string): Promise<void> {
    await call<LoginAnswer>(api.POST('/api/v1/auth/login', { body: { username, password } }))
    expired.value = false
    await load()
  }

  async function logout(): Promise<void> {
    try {
      await call(api.POST('/api/v1/auth/logout'))
    } finally {
      me.value = null
      localStorage.removeItem(kept)
      await forgetCopies().catch(() => {})
    }
  }

  function sessionEnded(): void {
    if (me.value) expired.value = true
    me.value = null
    localStorage.removeItem(kept)
  }

  return { me, loaded, expired, offline, loggedIn, can, load, login, logout, sessionEnded }
})

// The page each role lands on after login.
export function homeOf(role: Role | undefined): string {
  switch (role) {
    case 'grid_worker':
    case 'volunteer':
      return '/tasks'
    case 'medical_staff':
      return '/registry/residents'
    case 'administrator':
      return '/admin/users'
    default:
      return '/dashboard'
  }
}
