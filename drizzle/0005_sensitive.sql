CREATE TABLE `send_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`userid` text NOT NULL,
	`item_id` integer,
	`text` text NOT NULL,
	`outcome` text NOT NULL,
	`words` text NOT NULL,
	`chat_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `send_log_corp_id` ON `send_log` (`corp_id`,`id`);--> statement-breakpoint
CREATE TABLE `sensitive_words` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`word` text NOT NULL,
	`word_key` text NOT NULL,
	`action` text DEFAULT 'warn' NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sensitive_words_key` ON `sensitive_words` (`corp_id`,`word_key`);