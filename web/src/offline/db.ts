// The phone's offline store (IndexedDB through `idb`): what a grid worker
// needs with no network and what they recorded without one.
//   outbox      visits waiting to be sent, keyed by their client_id (made here,
//               once, when the visit is saved: a repeated send is the same visit)
//   tasks       a campaign's task list as last loaded, keyed by campaign id
//   residents   a household's residents as last loaded, keyed by household id
//   checks      quarantine checks waiting to be sent, keyed by their client_id
//   orders      the active quarantine orders of the user as last loaded (one record a user)
// Everything is per user (user_id in each record); logout clears the copies
// of tasks and residents but never a visit not yet sent.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb'
import type { Campaign, QuarantineOrder, Resident, ScreeningTask } from '@/api/models'

export interface VisitBody {
  task_id: number
  resident_id: number
  present: boolean
  temperature?: number
  symptoms: boolean
  high_risk_travel: boolean
  case_contact: boolean
  note?: string
  client_id: string
}

export interface QueuedVisit {
  client_id: string
  user_id: number
  campaign_id: number
  household_id: number
  resident_name: string
  body: VisitBody
  saved_at: number // ms since the epoch, when recorded on the phone
  refused?: string // the server's reason when it refused the visit (kept to be seen, not resent)
}

export interface SavedTasks {
  campaign_id: number
  user_id: number
  campaign: Campaign
  tasks: ScreeningTask[]
  saved_at: number
}

export interface SavedResidents {
  household_id: number
  user_id: number
  residents: Resident[]
  saved_at: number
}

export interface CheckBody {
  temperature?: number
  symptoms: boolean
  note?: string
  date: string // YYYY-MM-DD, the day on the phone when recorded (a later send keeps it)
  client_id: string
}

export interface QueuedCheck {
  client_id: string
  user_id: number
  order_id: number
  person_name: string // masked, to show in the queue
  body: CheckBody
  saved_at: number
  refused?: string
}

export interface SavedOrders {
  user_id: number
  orders: QuarantineOrder[]
  saved_at: number
}

interface FieldDb extends DBSchema {
  outbox: { key: string; value: QueuedVisit }
  tasks: { key: number; value: SavedTasks }
  residents: { key: number; value: SavedResidents }
  checks: { key: string; value: QueuedCheck }
  orders: { key: number; value: SavedOrders }
}

let opened: Promise<IDBPDatabase<FieldDb>> | null = null

export function fieldDb(): Promise<IDBPDatabase<FieldDb>> {
  // Version 2 (quarantine checks) adds two stores to a phone's version 1.
  opened ??= openDB<FieldDb>('fangkong-field', 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('outbox', { keyPath: 'client_id' })
        db.createObjectStore('tasks', { keyPath: 'campaign_id' })
        db.createObjectStore('residents', { keyPath: 'household_id' })
      }
      if (oldVersion < 2) {
        db.createObjectStore('checks', { keyPath: 'client_id' })
        db.createObjectStore('orders', { keyPath: 'user_id' })
      }
    },
  })
  return opened
}

// A new client-made id for a visit (a UUID; the server takes 8..64 of A-Z a-z 0-9 - _).
export function newClientId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

// Forgets the copies of tasks, residents and orders (logout); unsent visits and checks stay.
export async function forgetCopies(): Promise<void> {
  const db = await fieldDb()
  await db.clear('tasks')
  await db.clear('residents')
  await db.clear('orders')
}
