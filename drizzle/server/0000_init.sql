CREATE TABLE `crews` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`name` text NOT NULL,
	`district` text NOT NULL,
	`districts` text NOT NULL,
	`skills` text NOT NULL,
	`capacity_per_day` integer NOT NULL,
	`unavailable` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crews_version` ON `crews` (`version`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`order_id` text NOT NULL,
	`kind` text NOT NULL,
	`stage` integer,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`note` text,
	`cause` text,
	`evidence` text,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `events_version` ON `events` (`version`);--> statement-breakpoint
CREATE INDEX `events_order` ON `events` (`order_id`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`order_id` text NOT NULL,
	`crew_id` text,
	`date` text,
	`window` text,
	`skill` text NOT NULL,
	`status` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`crew_id`) REFERENCES `crews`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `jobs_version` ON `jobs` (`version`);--> statement-breakpoint
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
	`deleted` integer DEFAULT false NOT NULL,
	`order_id` text NOT NULL,
	`template` text NOT NULL,
	`status` text NOT NULL,
	`at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notifications_version` ON `notifications` (`version`);--> statement-breakpoint
CREATE INDEX `notifications_order` ON `notifications` (`order_id`);--> statement-breakpoint
CREATE TABLE `orders` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`order_no` text NOT NULL,
	`channel` text NOT NULL,
	`product_type` text NOT NULL,
	`customer_name` text NOT NULL,
	`customer_phone` text NOT NULL,
	`province` text NOT NULL,
	`city` text NOT NULL,
	`district` text NOT NULL,
	`address_detail` text NOT NULL,
	`lat` real NOT NULL,
	`lng` real NOT NULL,
	`amount` real NOT NULL,
	`discount_template` text,
	`discount_amount` real,
	`skus` text NOT NULL,
	`signed_at` text NOT NULL,
	`promised_date` text NOT NULL,
	`designer` text,
	`workshop` text,
	`line` text,
	`carrier` text,
	`waybill` text,
	`crew_id` text,
	`booked_slot` text,
	`stage` integer NOT NULL,
	`stage_entered_at` text NOT NULL,
	`causes` text NOT NULL,
	`note` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `orders_version` ON `orders` (`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `orders_order_no` ON `orders` (`order_no`);--> statement-breakpoint
CREATE INDEX `orders_stage` ON `orders` (`stage`);--> statement-breakpoint
CREATE INDEX `orders_district` ON `orders` (`district`);--> statement-breakpoint
CREATE TABLE `tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`hash` text NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tokens_hash` ON `tokens` (`hash`);