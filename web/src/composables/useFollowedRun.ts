// One background run on the server followed from a page (a simulation run, a
// forecast): open it, read it again every second while it is queued or
// running, cancel it. When it ends (or is cancelled) the page's list is
// refreshed through `ended`. The timer stops when the page unmounts.
import { computed, onBeforeUnmount, ref, type Ref } from 'vue'

export interface FollowedRunSource<T> {
  get(id: number): Promise<T>
  cancel(id: number): Promise<T>
  ended(): Promise<void> // e.g. the history list's first page again
  opened?(run: T): void // after each read
}

export function useFollowedRun<T extends { id: number; status: string }>(source: FollowedRunSource<T>) {
  const current = ref<T | null>(null) as Ref<T | null>
  const loadError = ref<unknown>(null)
  const cancelling = ref(false)
  const active = computed(() => current.value?.status === 'queued' || current.value?.status === 'running')
  let poll: ReturnType<typeof setTimeout> | undefined

  async function open(id: number) {
    clearTimeout(poll)
    try {
      current.value = await source.get(id)
    } catch (e) {
      loadError.value = e
      return
    }
    source.opened?.(current.value)
    if (active.value) poll = setTimeout(follow, 1000)
  }

  // Reads the run again; once it has ended, the list too.
  async function follow() {
    if (!current.value) return
    await open(current.value.id)
    if (!active.value) await source.ended()
  }

  // Cancels the run shown; false when the server refused or failed.
  async function cancel(): Promise<boolean> {
    if (!current.value) return true
    const id = current.value.id
    let ok = true
    cancelling.value = true
    try {
      current.value = await source.cancel(id)
    } catch {
      ok = false
    } finally {
      cancelling.value = false
    }
    await source.ended()
    await open(id)
    return ok
  }

  onBeforeUnmount(() => clearTimeout(poll))
  return { current, active, loadError, cancelling, open, follow, cancel }
}

// The tag colour of a run's status (RunProgress and the pages' history tables).
export function runStatusType(status: string): 'info' | 'primary' | 'success' | 'danger' | 'warning' {
  const types = { queued: 'info', running: 'primary', done: 'success', failed: 'danger', cancelled: 'warning' } as const
  return types[status as keyof typeof types] ?? 'info'
}
