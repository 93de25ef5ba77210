// vue-i18n set up with the two locales (简体中文 by default, English), the
// choice kept in localStorage. Numbers and dates go through the locale's
// formatters (n(), d(), or Intl with i18n.global.locale).
import { createI18n } from 'vue-i18n'
import en from './locales/en'
import zhCN from './locales/zh-CN'

export type Locale = 'zh-CN' | 'en'
export const locales: Locale[] = ['zh-CN', 'en']
const stored = typeof localStorage !== 'undefined' ? localStorage.getItem('fk-locale') : null

export const i18n = createI18n({
  legacy: false,
  locale: stored === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: true,
  fallbackWarn: false,
})

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  localStorage.setItem('fk-locale', locale)
  document.documentElement.lang = locale
}
