import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

/** Server-side sessions behind the httpOnly cookie. */
export const sessions = sqliteTable(
  'sessions',
  {
    /** sha256 of the cookie value: a leaked DB does not leak live sessions. */
    idHash: text('id_hash').primaryKey(),
    corpId: text('corp_id').notNull(),
    userid: text('userid').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
  },
  (t) => [index('sessions_expiry').on(t.expiresAt)],
)

/**
 * Callback events, written before the callback is answered and processed afterwards.
 * `dedupeKey` makes WeCom's retries (same event, up to 3 deliveries) land once.
 */
export const callbackEvents = sqliteTable(
  'callback_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    event: text('event').notNull(),
    changeType: text('change_type').notNull().default(''),
    payload: text('payload', { mode: 'json' }).$type<Record<string, string>>().notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastError: text('last_error'),
    receivedAt: integer('received_at').notNull(),
    processedAt: integer('processed_at'),
  },
  (t) => [
    uniqueIndex('callback_events_dedupe').on(t.corpId, t.dedupeKey),
    index('callback_events_pending').on(t.status, t.nextAttemptAt),
  ],
)

/** Full syncs, one at a time per corp; the last one is shown to admins. */
export const syncRuns = sqliteTable(
  'sync_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    status: text('status', { enum: ['running', 'done', 'failed'] }).notNull(),
    startedAt: integer('started_at').notNull(),
    finishedAt: integer('finished_at'),
    counts: text('counts', { mode: 'json' }).$type<Record<string, number>>(),
    error: text('error'),
  },
  (t) => [index('sync_runs_corp').on(t.corpId, t.id)],
)

/** Small per-corp settings (key → JSON), e.g. the admin list. */
export const settings = sqliteTable(
  'settings',
  {
    corpId: text('corp_id').notNull(),
    key: text('key').notNull(),
    value: text('value', { mode: 'json' }).notNull(),
  },
  (t) => [uniqueIndex('settings_key').on(t.corpId, t.key)],
)
