CREATE TABLE `customer_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`order_id` text NOT NULL,
	`order_no` text NOT NULL,
	`kind` text NOT NULL,
	`wanted` text NOT NULL,
	`note` text,
	`at` text NOT NULL,
	`state` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `customer_requests_version` ON `customer_requests` (`version`);--> statement-breakpoint
CREATE INDEX `customer_requests_order` ON `customer_requests` (`order_id`);--> statement-breakpoint
CREATE TABLE `track_access` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`at` text NOT NULL,
	`at_ms` integer NOT NULL,
	`kind` text NOT NULL,
	`phone` text,
	`address` text NOT NULL,
	`outcome` text NOT NULL,
	`order_no` text
);
--> statement-breakpoint
CREATE INDEX `track_access_version` ON `track_access` (`version`);--> statement-breakpoint
CREATE INDEX `track_access_address` ON `track_access` (`address`,`kind`,`at_ms`);--> statement-breakpoint
CREATE TABLE `track_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`address` text NOT NULL,
	`salt` text NOT NULL,
	`code_hash` text NOT NULL,
	`issued_ms` integer NOT NULL,
	`expires_ms` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`used_ms` integer
);
--> statement-breakpoint
CREATE INDEX `track_codes_phone` ON `track_codes` (`phone`,`issued_ms`);--> statement-breakpoint
CREATE INDEX `track_codes_address` ON `track_codes` (`address`,`issued_ms`);--> statement-breakpoint
CREATE TABLE `track_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`address` text NOT NULL,
	`created_ms` integer NOT NULL,
	`expires_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `track_sessions_expires` ON `track_sessions` (`expires_ms`);--> statement-breakpoint
CREATE INDEX `orders_phone_tail` ON `orders` (substr(replace(replace("customer_phone", ' ', ''), '-', ''), -11));