// The visits recorded on this phone and not yet accepted by the server
// (docs/web.md, "Offline"). A visit is put in IndexedDB with its client_id
// before any send, then sent; it leaves the outbox only when the server
// answers it (201 recorded, or 200: that id was recorded before). A send
// whose answer is lost is sent again with the same id, and the server
// records it once. Sends run one at a time, in the order of recording,
// when a visit is saved, when the page loads, when the browser says the
// network is back (online event) and every 30 s while any is waiting.
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { api, ApiError, call } from '@/api/client'
import type { VisitAnswer } from '@/api/models'
import { fieldDb, type QueuedVisit } from '@/offline/db'
import { useSession } from './session'

export type SendResult = { sent: true; answer: VisitAnswer } | { sent: false; refused?: string }

export const useOutbox = defineStore('outbox', () => {
  const items = shallowRef<QueuedVisit[]>([])
  const sending = ref(false)
  // Answers of visits sent since the page loaded, by client_id (the visit page shows them).
  const answers = shallowRef<Record<string, VisitAnswer>>({})
  const waiting = computed(() => items.value.filter((v) => !v.refused))
  const refused = computed(() => items.value.filter((v) => v.refused))

  function userId(): number | null {
    return useSession().me?.id ?? null
  }

  async function reload(): Promise<void> {
    const me = userId()
    const all = me === null ? [] : (await (await fieldDb()).getAll('outbox')).filter((v) => v.user_id === me)
    items.value = all.sort((a, b) => a.saved_at - b.saved_at)
  }

  // Sends one visit; keeps it when there is no answer, drops it when answered.
  async function sendOne(visit: QueuedVisit): Promise<SendResult> {
    const db = await fieldDb()
    try {
      const answer = await call<VisitAnswer>(
        api.POST('/api/v1/campaigns/{id}/visits', {
          params: { path: { id: String(visit.campaign_id) } },
          body: visit.body,
        }),
      )
      await db.delete('outbox', visit.client_id)
      answers.value = { ...answers.value, [visit.client_id]: answer }
      return { sent: true, answer }
    } catch (e) {
      if (e instanceof ApiError && (e.status === 400 || e.status === 404 || e.status === 409)) {
        // Refused for good (bad input, a task gone, the id taken by other
        // content): kept and shown, never sent again.
        await db.put('outbox', { ...visit, refused: e.message })
        return { sent: false, refused: e.message }
      }
      return { sent: false } // no network, session ended, server busy: later
    }
  }

  // A visit was added while a flush ran: that flush goes round once more.
  let again = false

  // Records a visit on the phone, then tries to send it at once.
  async function add(visit: QueuedVisit): Promise<SendResult> {
    await (await fieldDb()).put('outbox', visit)
    await reload()
    if (sending.value) again = true
    if (sending.value || !navigator.onLine) return { sent: false }
    sending.value = true
    try {
      return await sendOne(visit)
    } finally {
      sending.value = false
      await reload()
    }
  }

  // Sends every waiting visit of the user, oldest first; stops at the first
  // without an answer (the network is still away).
  async function flush(): Promise<void> {
    if (userId() === null) return
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
        for (const visit of waiting.value) {
          const result = await sendOne(visit)
          stalled = !result.sent && !result.refused
          if (stalled) break
        }
      } while (again && !stalled)
    } finally {
      sending.value = false
      await reload()
    }
  }

  async function discard(clientId: string): Promise<void> {
    await (await fieldDb()).delete('outbox', clientId)
    await reload()
  }

  let started = false
  // Called once the user is known (main.ts): retry on load, on `online`, every 30 s.
  function start(): void {
    if (started) return
    started = true
    window.addEventListener('online', () => void flush())
    setInterval(() => {
      if (waiting.value.length > 0 && navigator.onLine) void flush()
    }, 30_000)
    void flush()
  }

  return { items, waiting, refused, sending, answers, reload, add, flush, discard, start }
})
