CREATE TABLE `knowledge_categories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`tree_id` integer NOT NULL,
	`parent_id` integer,
	`name` text NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL,
	`fixed` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`tree_id`) REFERENCES `knowledge_trees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_id`) REFERENCES `knowledge_categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `knowledge_categories_tree` ON `knowledge_categories` (`tree_id`,`parent_id`,`sort`);--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_categories_fixed` ON `knowledge_categories` (`tree_id`,`fixed`) WHERE "knowledge_categories"."fixed" is not null;--> statement-breakpoint
CREATE TABLE `knowledge_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`tree_id` integer NOT NULL,
	`category_id` integer NOT NULL,
	`title` text NOT NULL,
	`similar` text DEFAULT '' NOT NULL,
	`answer` text,
	`url` text,
	`description` text DEFAULT '' NOT NULL,
	`cover` text,
	`body` text DEFAULT '' NOT NULL,
	`seq` real DEFAULT 0 NOT NULL,
	`use_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`tree_id`) REFERENCES `knowledge_trees`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_id`) REFERENCES `knowledge_categories`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `knowledge_items_category` ON `knowledge_items` (`category_id`,`seq`);--> statement-breakpoint
CREATE INDEX `knowledge_items_seq` ON `knowledge_items` (`tree_id`,`seq`,`updated_at`);--> statement-breakpoint
CREATE INDEX `knowledge_items_used` ON `knowledge_items` (`tree_id`,`use_count`);--> statement-breakpoint
CREATE TABLE `knowledge_trees` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`corp_id` text NOT NULL,
	`library` text NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`kind` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `knowledge_trees_key` ON `knowledge_trees` (`corp_id`,`library`,`owner`,`kind`);