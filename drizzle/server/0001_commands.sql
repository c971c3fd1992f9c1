CREATE TABLE `audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`role` text NOT NULL,
	`client_id` text NOT NULL,
	`mutation_id` integer,
	`type` text,
	`outcome` text NOT NULL,
	`code` text,
	`rows` integer NOT NULL,
	`version` integer
);
--> statement-breakpoint
CREATE INDEX `audit_client` ON `audit` (`client_id`,`mutation_id`);--> statement-breakpoint
CREATE TABLE `budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`stage` integer NOT NULL,
	`hours` real
);
--> statement-breakpoint
CREATE INDEX `budgets_version` ON `budgets` (`version`);--> statement-breakpoint
CREATE TABLE `client_mutations` (
	`client_id` text PRIMARY KEY NOT NULL,
	`last_mutation_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `mutations` (
	`client_id` text NOT NULL,
	`mutation_id` integer NOT NULL,
	`type` text NOT NULL,
	`status` text NOT NULL,
	`version` integer NOT NULL,
	`error` text,
	`images` text,
	`queued` text,
	`undone_by` text,
	`actor` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`client_id`, `mutation_id`)
);
--> statement-breakpoint
ALTER TABLE `notifications` ADD `params` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `sent_at` text;