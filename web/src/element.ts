// The Element Plus components the pages use, registered one by one so that
// the build leaves the rest out (registering the whole library sends about
// a third more JavaScript to every page, the grid worker's phone included).
// A part (ElRadioGroup, ElMenuItem, ElTableColumn, ...) is installed by its
// whole (ElRadio, ElMenu, ElTable, ...). tests/element.test.ts checks that
// every <el-*> tag of the templates ends up registered.
import type { App } from 'vue'
import {
  ElAlert,
  ElButton,
  ElCard,
  ElCheckbox,
  ElConfigProvider,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElDrawer,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElLoading,
  ElMenu,
  ElMenuItem,
  ElOption,
  ElProgress,
  ElRadio,
  ElResult,
  ElSelect,
  ElSwitch,
  ElTable,
  ElTableColumn,
  ElTabs,
  ElTag,
  ElTree,
} from 'element-plus'

export const elementComponents = [
  ElAlert,
  ElButton,
  ElCard,
  ElCheckbox,
  ElConfigProvider,
  ElDatePicker,
  ElDescriptions,
  ElDescriptionsItem,
  ElDialog,
  ElDrawer,
  ElDropdown,
  ElDropdownItem,
  ElDropdownMenu,
  ElEmpty,
  ElForm,
  ElFormItem,
  ElInput,
  ElInputNumber,
  ElMenu,
  ElMenuItem,
  ElOption,
  ElProgress,
  ElRadio,
  ElResult,
  ElSelect,
  ElSwitch,
  ElTable,
  ElTabs,
  ElTableColumn,
  ElTag,
  ElTree,
]

export function useElement(app: App): void {
  for (const component of elementComponents) app.use(component)
  app.use(ElLoading) // the v-loading directive
}
