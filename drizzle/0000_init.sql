CREATE TABLE `customers` (
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`name` text NOT NULL,
	`avatar` text DEFAULT '' NOT NULL,
	`type` integer NOT NULL,
	`gender` integer DEFAULT 0 NOT NULL,
	`unionid` text DEFAULT '' NOT NULL,
	`position` text DEFAULT '' NOT NULL,
	`corp_name` text DEFAULT '' NOT NULL,
	`corp_full_name` text DEFAULT '' NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `external_userid`)
);
--> statement-breakpoint
CREATE INDEX `customers_unionid` ON `customers` (`corp_id`,`unionid`);--> statement-breakpoint
CREATE TABLE `follow_relations` (
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`userid` text NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`createtime` integer NOT NULL,
	`add_way` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT '' NOT NULL,
	`oper_userid` text DEFAULT '' NOT NULL,
	`remark_corp_name` text DEFAULT '' NOT NULL,
	`remark_mobiles` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`ended_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `external_userid`, `userid`)
);
--> statement-breakpoint
CREATE INDEX `follow_relations_user` ON `follow_relations` (`corp_id`,`userid`,`status`);--> statement-breakpoint
CREATE TABLE `relation_tags` (
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`userid` text NOT NULL,
	`tag_id` text NOT NULL,
	PRIMARY KEY(`corp_id`, `external_userid`, `userid`, `tag_id`)
);
--> statement-breakpoint
CREATE INDEX `relation_tags_tag` ON `relation_tags` (`corp_id`,`tag_id`);--> statement-breakpoint
CREATE TABLE `departments` (
	`corp_id` text NOT NULL,
	`id` integer NOT NULL,
	`name` text NOT NULL,
	`parent_id` integer NOT NULL,
	`order` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`corp_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `staff` (
	`corp_id` text NOT NULL,
	`userid` text NOT NULL,
	`name` text NOT NULL,
	`avatar` text DEFAULT '' NOT NULL,
	`position` text DEFAULT '' NOT NULL,
	`main_department` integer DEFAULT 1 NOT NULL,
	`status` integer DEFAULT 1 NOT NULL,
	`role` text DEFAULT 'staff' NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `userid`)
);
--> statement-breakpoint
CREATE TABLE `staff_departments` (
	`corp_id` text NOT NULL,
	`userid` text NOT NULL,
	`department_id` integer NOT NULL,
	`is_leader` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`corp_id`, `userid`, `department_id`)
);
--> statement-breakpoint
CREATE INDEX `staff_departments_dept` ON `staff_departments` (`corp_id`,`department_id`);--> statement-breakpoint
CREATE TABLE `callback_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`event` text NOT NULL,
	`change_type` text DEFAULT '' NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`received_at` integer NOT NULL,
	`processed_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `callback_events_dedupe` ON `callback_events` (`corp_id`,`dedupe_key`);--> statement-breakpoint
CREATE INDEX `callback_events_pending` ON `callback_events` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`corp_id` text NOT NULL,
	`userid` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sessions_expiry` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`corp_id` text NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settings_key` ON `settings` (`corp_id`,`key`);--> statement-breakpoint
CREATE TABLE `sync_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`counts` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `sync_runs_corp` ON `sync_runs` (`corp_id`,`id`);--> statement-breakpoint
CREATE TABLE `tag_groups` (
	`corp_id` text NOT NULL,
	`id` text NOT NULL,
	`name` text NOT NULL,
	`order` integer DEFAULT 0 NOT NULL,
	`create_time` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `id`)
);
--> statement-breakpoint
CREATE TABLE `tags` (
	`corp_id` text NOT NULL,
	`id` text NOT NULL,
	`group_id` text NOT NULL,
	`name` text NOT NULL,
	`order` integer DEFAULT 0 NOT NULL,
	`create_time` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `id`)
);
--> statement-breakpoint
CREATE INDEX `tags_group` ON `tags` (`corp_id`,`group_id`);