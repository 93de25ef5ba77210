import 'element-plus/dist/index.css'
import { createPinia } from 'pinia'
import { createApp, watch } from 'vue'
import App from './App.vue'
import { setApiHooks } from './api/client'
import { useElement } from './element'
import { i18n } from './i18n'
import { router } from './router'
import { useCheckOutbox } from './stores/checkOutbox'
import { useOutbox } from './stores/outbox'
import { useSession } from './stores/session'
import './theme.css'
import './styles.css'

const app = createApp(App)
app.use(createPinia())
app.use(i18n)
app.use(router)
useElement(app)

setApiHooks({
  sessionExpired() {
    const session = useSession()
    // Only a session that was there can expire: a first visit's /auth/me
    // is a 401 too, and the router's guard sends it to login plainly.
    const wasLoggedIn = session.loggedIn
    session.sessionEnded()
    if (!wasLoggedIn) return
    const here = router.currentRoute.value
    if (!here.meta.public) {
      void router.push({ path: '/login', query: { expired: '1', redirect: here.fullPath } })
    }
  },
  passwordChangeRequired() {
    void router.push({ path: '/account/password', query: { required: '1' } })
  },
})

document.documentElement.lang = i18n.global.locale.value
app.mount('#app')

// Visits and quarantine checks recorded offline are sent once someone is
// logged in (stores/outbox.ts, stores/checkOutbox.ts).
const session = useSession()
watch(
  () => session.me?.id,
  (id) => {
    if (id === undefined) return
    const outbox = useOutbox()
    outbox.start()
    void outbox.flush()
    const checks = useCheckOutbox()
    checks.start()
    void checks.flush()
  },
  { immediate: true },
)

// The app shell for offline use (sw/sw.js, built into dist/sw.js).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch(() => {})
  })
}
