// How many account changes wait for this user's approval (GET
// /user-requests: the server lists only those whose scope is in the user's
// and whose permissions the user holds, never their own). The menu shows
// 待审批 with the number while there are any; the approvals page and the
// users page refresh it after each decision.
import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, call } from '@/api/client'
import type { Page, UserRequest } from '@/api/models'

const counted = 50

export const useApprovals = defineStore('approvals', () => {
  const waiting = ref(0)
  const more = ref(false) // more than `counted` wait

  // Failures leave the count as it was: the menu entry is a convenience,
  // and a page that needs the list reads it itself.
  async function refresh(): Promise<void> {
    try {
      const page = await call<Page<UserRequest>>(api.GET('/api/v1/user-requests', { params: { query: { limit: counted } } }))
      waiting.value = page.items.length
      more.value = page.next_cursor !== null
    } catch {
      /* offline or refused: keep the last count */
    }
  }
  return { waiting, more, refresh, counted }
})
