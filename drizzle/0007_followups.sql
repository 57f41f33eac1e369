CREATE TABLE `business_records` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`template_id` integer NOT NULL,
	`template_name` text NOT NULL,
	`fields` text NOT NULL,
	`values` text NOT NULL,
	`author` text NOT NULL,
	`source` text NOT NULL,
	`client_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `business_records_customer` ON `business_records` (`corp_id`,`external_userid`,`created_at`);--> statement-breakpoint
CREATE INDEX `business_records_template` ON `business_records` (`corp_id`,`template_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `business_records_client_key` ON `business_records` (`corp_id`,`author`,`client_key`);--> statement-breakpoint
CREATE TABLE `business_templates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`department_ids` text DEFAULT '[]' NOT NULL,
	`userids` text DEFAULT '[]' NOT NULL,
	`fields` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `business_templates_name` ON `business_templates` (`corp_id`,`name`);--> statement-breakpoint
CREATE INDEX `business_templates_sort` ON `business_templates` (`corp_id`,`sort`);--> statement-breakpoint
CREATE TABLE `customer_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`userid` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL,
	`detail` text DEFAULT '{}' NOT NULL,
	`operator_userid` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customer_events_customer` ON `customer_events` (`corp_id`,`external_userid`,`at`);--> statement-breakpoint
CREATE TABLE `followup_types` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`name` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`builtin` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `followup_types_name` ON `followup_types` (`corp_id`,`name`);--> statement-breakpoint
CREATE INDEX `followup_types_sort` ON `followup_types` (`corp_id`,`sort`);--> statement-breakpoint
CREATE TABLE `followups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`external_userid` text NOT NULL,
	`type_id` integer NOT NULL,
	`type_name` text NOT NULL,
	`author` text NOT NULL,
	`text` text NOT NULL,
	`mentions` text DEFAULT '[]' NOT NULL,
	`attachment_ids` text DEFAULT '[]' NOT NULL,
	`source` text NOT NULL,
	`client_key` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `followups_customer` ON `followups` (`corp_id`,`external_userid`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `followups_client_key` ON `followups` (`corp_id`,`author`,`client_key`);--> statement-breakpoint
CREATE INDEX `followups_type` ON `followups` (`corp_id`,`type_id`);--> statement-breakpoint
CREATE TABLE `reminder_recipients` (
	`corp_id` text NOT NULL,
	`reminder_id` integer NOT NULL,
	`userid` text NOT NULL,
	`done_at` integer,
	PRIMARY KEY(`reminder_id`, `userid`)
);
--> statement-breakpoint
CREATE INDEX `reminder_recipients_user` ON `reminder_recipients` (`corp_id`,`userid`);--> statement-breakpoint
CREATE TABLE `reminders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`followup_id` integer NOT NULL,
	`external_userid` text NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'scheduled' NOT NULL,
	`sent_at` integer,
	`late` integer DEFAULT false NOT NULL,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reminders_due` ON `reminders` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminders_followup` ON `reminders` (`corp_id`,`followup_id`);