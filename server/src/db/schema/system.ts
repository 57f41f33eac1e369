import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'

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

export const OUTBOX_KINDS = ['mark_tag', 'create_tags', 'edit_tag', 'delete_tags', 'remark', 'app_message'] as const
export type OutboxKind = (typeof OUTBOX_KINDS)[number]

/**
 * Changes on their way to WeCom, written in the same transaction as the local change they
 * carry, so a crash or restart loses nothing. Items are mostly state-based: `key` names what
 * to push (a relation, a group, a tag) and the worker reads the current local state when it
 * sends, so many edits of one thing make one call. One open item per (kind, key); an item is
 * deleted once WeCom has taken it, and kept as 'failed' (with WeCom's errcode) when WeCom
 * refuses it for good, for an admin to see and retry.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    kind: text('kind', { enum: OUTBOX_KINDS }).notNull(),
    key: text('key').notNull(),
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull().default({}),
    status: text('status', { enum: ['pending', 'failed'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastErrcode: integer('last_errcode'),
    lastError: text('last_error'),
    /** Who caused it (for the failure list); '' for the system. */
    createdBy: text('created_by').notNull().default(''),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('outbox_key').on(t.corpId, t.kind, t.key),
    index('outbox_due').on(t.status, t.nextAttemptAt),
  ],
)

export const JOB_KINDS = ['batch_tags', 'knowledge_import', 'mark_import'] as const
export type JobKind = (typeof JOB_KINDS)[number]

/**
 * Background jobs an admin starts (batch tagging, knowledge import), with progress that survives a restart:
 * `input` says what to do, the items say for whom and how it went.
 */
export const jobs = sqliteTable(
  'jobs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    corpId: text('corp_id').notNull(),
    kind: text('kind', { enum: JOB_KINDS }).notNull(),
    input: text('input', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    status: text('status', { enum: ['queued', 'running', 'done', 'failed'] }).notNull().default('queued'),
    total: integer('total').notNull().default(0),
    doneCount: integer('done_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    error: text('error'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at').notNull(),
    finishedAt: integer('finished_at'),
  },
  (t) => [index('jobs_corp').on(t.corpId, t.id), index('jobs_status').on(t.status)],
)

export const jobItems = sqliteTable(
  'job_items',
  {
    jobId: integer('job_id').notNull(),
    /** Position in the job, for stable result order. */
    seq: integer('seq').notNull(),
    subject: text('subject').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed', 'skipped'] }).notNull().default('pending'),
    message: text('message').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.seq] }), index('job_items_pending').on(t.jobId, t.status, t.seq)],
)
