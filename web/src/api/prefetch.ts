// Requests a page will make, started early: by the router when it enters
// the page, while the page's chunk and its libraries are still downloading
// and parsing (the dashboard's ECharts), instead of after the page has
// mounted. The page takes the answer when it asks for the same key; a key
// that was not started, was taken already, or is older than 10 s is made
// afresh, so a page always gets an answer to its own visit.
interface Started {
  at: number
  answer: Promise<unknown>
}
const started = new Map<string, Started>()
const freshMs = 10_000

export function prefetch<T>(key: string, request: () => Promise<T>): void {
  const now = Date.now()
  const have = started.get(key)
  if (have && now - have.at < freshMs) return
  const answer = request()
  answer.catch(() => {}) // the page that takes it handles its failure
  started.set(key, { at: now, answer })
}

export function take<T>(key: string, request: () => Promise<T>): Promise<T> {
  const have = started.get(key)
  started.delete(key)
  if (have && Date.now() - have.at < freshMs) return have.answer as Promise<T>
  return request()
}
