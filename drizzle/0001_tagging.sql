CREATE TABLE `wecom_relation_tags` (
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`userid` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`corp_id`, `external_userid`, `userid`, `tag_id`)
);
--> statement-breakpoint
CREATE INDEX `wecom_relation_tags_tag` ON `wecom_relation_tags` (`corp_id`,`tag_id`);--> statement-breakpoint
CREATE TABLE `job_items` (
	`job_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`subject` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`job_id`, `seq`)
);
--> statement-breakpoint
CREATE INDEX `job_items_pending` ON `job_items` (`job_id`,`status`,`seq`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`kind` text NOT NULL,
	`input` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`done_count` integer DEFAULT 0 NOT NULL,
	`failed_count` integer DEFAULT 0 NOT NULL,
	`error` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `jobs_corp` ON `jobs` (`corp_id`,`id`);--> statement-breakpoint
CREATE INDEX `jobs_status` ON `jobs` (`status`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`kind` text NOT NULL,
	`key` text NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_errcode` integer,
	`last_error` text,
	`created_by` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key` ON `outbox` (`corp_id`,`kind`,`key`);--> statement-breakpoint
CREATE INDEX `outbox_due` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `tag_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`userid` text NOT NULL,
	`tag_id` text NOT NULL,
	`tag_name` text NOT NULL,
	`group_name` text NOT NULL,
	`action` text NOT NULL,
	`source` text NOT NULL,
	`operator_userid` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tag_events_customer` ON `tag_events` (`corp_id`,`external_userid`,`id`);--> statement-breakpoint
ALTER TABLE `relation_tags` ADD `source` text DEFAULT 'wecom' NOT NULL;--> statement-breakpoint
ALTER TABLE `relation_tags` ADD `added_by` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `relation_tags` ADD `added_at` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tag_groups` ADD `color` text DEFAULT 'blue' NOT NULL;--> statement-breakpoint
ALTER TABLE `tag_groups` ADD `exclusive` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tag_groups` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tag_groups` ADD `origin` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE `tags` ADD `color` text;--> statement-breakpoint
ALTER TABLE `tags` ADD `description` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tags` ADD `origin` text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
-- Tags stored before this migration came from WeCom reads: WeCom has them.
INSERT INTO `wecom_relation_tags` (`corp_id`, `external_userid`, `userid`, `tag_id`)
  SELECT `corp_id`, `external_userid`, `userid`, `tag_id` FROM `relation_tags`;
