// Whether the window is as narrow as a phone (at most 600 px wide, the width
// below which styles.css narrows the page's padding), kept up to date while
// the page is shown: pages show cards there instead of tables too wide for
// it (ID numbers, times and codes side by side).
import { onBeforeUnmount, ref, type Ref } from 'vue'

export const narrowQuery = '(max-width: 600px)'

export function useNarrow(): Ref<boolean> {
  const query = window.matchMedia(narrowQuery)
  const narrow = ref(query.matches)
  const update = (e: MediaQueryListEvent) => {
    narrow.value = e.matches
  }
  query.addEventListener('change', update)
  onBeforeUnmount(() => query.removeEventListener('change', update))
  return narrow
}
