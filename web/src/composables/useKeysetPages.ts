// Keyset paging as the API does it (?after=cursor, answer's next_cursor):
// the cursors of the pages seen are kept, so "previous" goes back without
// offsets.
import { computed, ref, shallowRef, type ComputedRef, type Ref } from 'vue'
import type { Page } from '@/api/models'

// What KeysetPager needs of it.
export interface KeysetPaging {
  loading: Ref<boolean>
  hasPrevious: ComputedRef<boolean>
  hasNext: ComputedRef<boolean>
  pageNumber: ComputedRef<number>
  back(): unknown
  forward(): unknown
}

export function useKeysetPages<T>(fetchPage: (after: number) => Promise<Page<T>>) {
  const items = shallowRef<T[]>([])
  const error = ref<unknown>(null)
  const loading = ref(false)
  const cursors = ref<number[]>([0])
  const next = ref<number | null>(null)

  async function load(after: number) {
    loading.value = true
    error.value = null
    try {
      const page = await fetchPage(after)
      items.value = page.items
      next.value = page.next_cursor
    } catch (e) {
      items.value = []
      next.value = null
      error.value = e
    } finally {
      loading.value = false
    }
  }
  function first() {
    cursors.value = [0]
    return load(0)
  }
  function forward() {
    if (next.value === null) return
    cursors.value.push(next.value)
    return load(next.value)
  }
  // The current page again (after a change to its items).
  function reload() {
    return load(cursors.value[cursors.value.length - 1])
  }
  function back() {
    if (cursors.value.length < 2) return
    cursors.value.pop()
    return load(cursors.value[cursors.value.length - 1])
  }
  return {
    items,
    error,
    loading,
    first,
    forward,
    back,
    reload,
    hasNext: computed(() => next.value !== null),
    hasPrevious: computed(() => cursors.value.length > 1),
    pageNumber: computed(() => cursors.value.length),
  }
}
