DROP INDEX `relation_tags_tag`;--> statement-breakpoint
CREATE INDEX `relation_tags_tag` ON `relation_tags` (`corp_id`,`tag_id`,`external_userid`,`userid`);--> statement-breakpoint
CREATE INDEX `follow_relations_customer` ON `follow_relations` (`corp_id`,`external_userid`,`status`,`userid`,`createtime`);