CREATE TABLE `attachment_links` (
	`corp_id` text NOT NULL,
	`attachment_id` text NOT NULL,
	`subject_kind` text NOT NULL,
	`subject_id` integer NOT NULL,
	PRIMARY KEY(`corp_id`, `attachment_id`, `subject_kind`, `subject_id`)
);
--> statement-breakpoint
CREATE INDEX `attachment_links_subject` ON `attachment_links` (`corp_id`,`subject_kind`,`subject_id`);--> statement-breakpoint
DROP INDEX `wecom_media_key`;--> statement-breakpoint
ALTER TABLE `wecom_media` ADD `filename` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `wecom_media_name_key` ON `wecom_media` (`corp_id`,`sha256`,`type`,`filename`);--> statement-breakpoint
ALTER TABLE `marks` ADD `tag_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
CREATE INDEX `marks_customer` ON `marks` (`corp_id`,`external_userid`);--> statement-breakpoint
CREATE INDEX `reminders_customer` ON `reminders` (`corp_id`,`external_userid`,`sent_at`);--> statement-breakpoint
CREATE INDEX `tag_events_customer_at` ON `tag_events` (`corp_id`,`external_userid`,`at`,`id`);--> statement-breakpoint
UPDATE `marks` SET `tag_name` = coalesce((SELECT `name` FROM `tags` WHERE `tags`.`corp_id` = `marks`.`corp_id` AND `tags`.`id` = `marks`.`tag_id`), '');--> statement-breakpoint
INSERT OR IGNORE INTO `attachment_links` (`corp_id`, `attachment_id`, `subject_kind`, `subject_id`) SELECT `followups`.`corp_id`, `j`.`value`, 'followup', `followups`.`id` FROM `followups`, json_each(`followups`.`attachment_ids`) AS `j` JOIN `attachments` ON `attachments`.`corp_id` = `followups`.`corp_id` AND `attachments`.`id` = `j`.`value`;
--> statement-breakpoint
INSERT OR IGNORE INTO `attachment_links` (`corp_id`, `attachment_id`, `subject_kind`, `subject_id`) SELECT `knowledge_items`.`corp_id`, `attachments`.`id`, 'knowledge_item', `knowledge_items`.`id` FROM `knowledge_items`, json_each(coalesce(`knowledge_items`.`answer`, '[]')) AS `p` JOIN `attachments` ON `attachments`.`corp_id` = `knowledge_items`.`corp_id` AND `attachments`.`id` = coalesce(json_extract(`p`.`value`, '$.attachmentId'), json_extract(`p`.`value`, '$.cover'));
--> statement-breakpoint
INSERT OR IGNORE INTO `attachment_links` (`corp_id`, `attachment_id`, `subject_kind`, `subject_id`) SELECT `knowledge_items`.`corp_id`, `attachments`.`id`, 'knowledge_item', `knowledge_items`.`id` FROM `knowledge_items` JOIN `attachments` ON `attachments`.`corp_id` = `knowledge_items`.`corp_id` AND `attachments`.`id` = `knowledge_items`.`cover`;
