// The one way the pages talk to the server: the typed client generated from
// the server's OpenAPI document (scripts/gen-api.mjs -> generated/schema.d.ts;
// paths, path and query parameters and request bodies are checked by the
// compiler), and `call`, which turns every answer into data or an ApiError
// and handles what all pages handle alike:
//   401 unauthenticated          -> the session ended: to the login page, "session expired"
//   403 password_change_required -> to the change-password page
//   403 (other)                  -> an ApiError the page shows as a refusal (RefusalNotice)
//   network failure              -> ApiError 'network' ("cannot reach the server")
// The document gives every answer's schema, so `call` returns the documented
// type of the success answer; a page that names it (`call<Page<User>>`,
// models.ts) fails to build when the route's answer no longer fits.
import createClient from 'openapi-fetch'
import type { paths } from './generated/schema'

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' })

export class ApiError extends Error {
  constructor(
    readonly status: number, // 0: no answer (network)
    readonly code: string, // the server's error.code, or 'network'
    message: string,
    readonly field?: string,
    readonly retryAfter?: number, // seconds, from Retry-After (429)
  ) {
    super(message)
  }
  get forbidden(): boolean {
    return this.status === 403
  }
}

// What the app does on the answers every page handles alike (set by main.ts,
// which owns the router and the session store).
export interface ApiHooks {
  sessionExpired(): void
  passwordChangeRequired(): void
}
let hooks: ApiHooks = { sessionExpired() {}, passwordChangeRequired() {} }
export function setApiHooks(h: ApiHooks): void {
  hooks = h
}

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

// Awaits one request made with `api` and returns its JSON (the documented
// success answer), or throws.
export async function call<T>(request: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await request
  } catch (e) {
    throw new ApiError(0, 'network', e instanceof Error ? e.message : String(e))
  }
  const { response } = result
  if (response.ok) return result.data as T
  const body = (result.error ?? {}) as { error?: { code?: string; message?: string; field?: string } }
  const code = body.error?.code ?? `http_${response.status}`
  const retry = Number(response.headers.get('Retry-After'))
  const error = new ApiError(
    response.status,
    code,
    body.error?.message ?? response.statusText,
    body.error?.field,
    Number.isFinite(retry) && retry > 0 ? retry : undefined,
  )
  if (response.status === 401 && code === 'unauthenticated') hooks.sessionExpired()
  if (response.status === 403 && code === 'password_change_required') hooks.passwordChangeRequired()
  throw error
}
