CREATE TABLE `attachments` (
	`id` text PRIMARY KEY NOT NULL,
	`corp_id` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`mime` text NOT NULL,
	`kind` text NOT NULL,
	`filename` text NOT NULL,
	`purpose` text NOT NULL,
	`owner` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `attachments_sha` ON `attachments` (`corp_id`,`sha256`);--> statement-breakpoint
CREATE INDEX `attachments_owner` ON `attachments` (`corp_id`,`owner`);--> statement-breakpoint
CREATE TABLE `wecom_media` (
	`corp_id` text NOT NULL,
	`sha256` text NOT NULL,
	`type` text NOT NULL,
	`media_id` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `wecom_media_key` ON `wecom_media` (`corp_id`,`sha256`,`type`);--> statement-breakpoint
CREATE TABLE `mark_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`mark_id` integer NOT NULL,
	`kind` text NOT NULL,
	`userid` text DEFAULT '' NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`operator_userid` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mark_events_mark` ON `mark_events` (`corp_id`,`mark_id`,`id`);--> statement-breakpoint
CREATE TABLE `marks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`external_userid` text DEFAULT '' NOT NULL,
	`unionid` text DEFAULT '' NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`avatar` text DEFAULT '' NOT NULL,
	`tag_id` text NOT NULL,
	`remark` text DEFAULT '' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`marked_by` text NOT NULL,
	`marked_at` integer NOT NULL,
	`removed_by` text,
	`removed_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `marks_active_external` ON `marks` (`corp_id`,`external_userid`) WHERE "marks"."status" = 'active' and "marks"."external_userid" <> '';--> statement-breakpoint
CREATE UNIQUE INDEX `marks_active_unionid` ON `marks` (`corp_id`,`unionid`) WHERE "marks"."status" = 'active' and "marks"."unionid" <> '';--> statement-breakpoint
CREATE INDEX `marks_list` ON `marks` (`corp_id`,`status`,`marked_at`);--> statement-breakpoint
CREATE TABLE `staff_grants` (
	`corp_id` text NOT NULL,
	`userid` text NOT NULL,
	`permission` text NOT NULL,
	`granted_by` text NOT NULL,
	`granted_at` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `userid`, `permission`)
);
