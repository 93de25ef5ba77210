// The quarantine checks recorded on this phone and not yet accepted by the
// server, sent like the screening visits (stores/outbox.ts, docs/web.md
// "Offline"): a check is put in IndexedDB with its client_id before any
// send and leaves only when the server answers it (201 recorded, or 200:
// that id was recorded before); a send whose answer is lost goes again with
// the same id and the server records it once. One at a time, oldest first,
// on save, on load, on `online` and every 30 s while any waits.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api, ApiError, call } from '@/api/client'
import type { QuarantineCheck } from '@/api/models'
import { fieldDb, type QueuedCheck } from '@/offline/db'
import { useSession } from './session'

export const useCheckOutbox = defineStore('checkOutbox', () => {
  const items = shallowRef<QueuedCheck[]>([])
  const sending = ref(false)
  const waiting = computed(() => items.value.filter((c) => !c.refused))
  const refused = computed(() => items.value.filter((c) => c.refused))

  async function reload(): Promise<void> {
    const me = useSession().me?.id ?? null
    const all = me === null ? [] : (await (await fieldDb()).getAll('checks')).filter((c) => c.user_id === me)
    items.value = all.sort((a, b) => a.saved_at - b.saved_at)
  }

  // Sends one check: dropped when answered, kept when refused for good
  // (shown, not resent) or when there is no answer (sent later).
  async function sendOne(check: QueuedCheck): Promise<boolean> {
    const db = await fieldDb()
    try {
      await call<QuarantineCheck>(
        api.POST('/api/v1/quarantine-orders/{id}/checks', {
          params: { path: { id: String(check.order_id) } },
          body: check.body,
        }),
      )
      await db.delete('checks', check.client_id)
      return true
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 409)) {
        await db.put('checks', { ...check, refused: e.message })
        return true
      }
      return false
    }
  }

  let again = false
  async function flush(): Promise<void> {
    if (useSession().me === null) return
    if (sending.value) {
      again = true
      return
    }
    sending.value = true
    try {
      let stalled = false
      do {
        again = false
        await reload()
        for (const check of waiting.value) {
          stalled = !(await sendOne(check))
          if (stalled) break
        }
      } while (again && !stalled)
    } finally {
      sending.value = false
      await reload()
    }
  }

  // Records a check on the phone, then sends what waits.
  async function add(check: QueuedCheck): Promise<void> {
    await (await fieldDb()).put('checks', check)
    await reload()
    if (navigator.onLine) await flush()
  }

  async function discard(clientId: string): Promise<void> {
    await (await fieldDb()).delete('checks', clientId)
    await reload()
  }

  let started = false
  function start(): void {
    if (started) return
    started = true
    window.addEventListener('online', () => void flush())
    setInterval(() => {
      if (waiting.value.length > 0 && navigator.onLine) void flush()
    }, 30_000)
    void flush()
  }

  return { items, waiting, refused, sending, reload, add, flush, discard, start }
})
