CREATE TABLE `crews` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`name` text NOT NULL,
	`district` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`order_id` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_order` ON `events` (`order_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`order_id` text NOT NULL,
	`crew_id` text,
	`date` text,
	`status` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `jobs_order` ON `jobs` (`order_id`);--> statement-breakpoint
CREATE INDEX `jobs_crew_date` ON `jobs` (`crew_id`,`date`);--> statement-breakpoint
CREATE TABLE `meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`order_id` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notifications_order` ON `notifications` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`order_no` text NOT NULL,
	`channel` text NOT NULL,
	`product_type` text NOT NULL,
	`stage` integer NOT NULL,
	`stage_entered_at` text NOT NULL,
	`promised_date` text NOT NULL,
	`province` text NOT NULL,
	`city` text NOT NULL,
	`district` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`crew_id` text,
	`causes` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_stage` ON `orders` (`stage`);--> statement-breakpoint
CREATE INDEX `orders_district` ON `orders` (`district`);--> statement-breakpoint
CREATE INDEX `orders_order_no` ON `orders` (`order_no`);--> statement-breakpoint
CREATE TABLE `other_rows` (
	`entity` text NOT NULL,
	`id` text NOT NULL,
	`version` integer NOT NULL,
	`data` text NOT NULL,
	PRIMARY KEY(`entity`, `id`)
);
