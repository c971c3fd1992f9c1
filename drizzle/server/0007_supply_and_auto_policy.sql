CREATE TABLE `auto_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`enabled` integer NOT NULL,
	`plan` text NOT NULL,
	`max_jobs` integer NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `auto_rules_version` ON `auto_rules` (`version`);--> statement-breakpoint
CREATE TABLE `auto_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`incident_id` text NOT NULL,
	`title` text NOT NULL,
	`cause` text NOT NULL,
	`plan` text NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`moved` integer NOT NULL,
	`action_id` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `auto_runs_version` ON `auto_runs` (`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `auto_runs_incident` ON `auto_runs` (`incident_id`);--> statement-breakpoint
CREATE TABLE `carriers` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`express` integer DEFAULT false NOT NULL,
	`tracking_url` text NOT NULL,
	`lanes` text NOT NULL,
	`stoppages` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `carriers_version` ON `carriers` (`version`);--> statement-breakpoint
CREATE TABLE `lines` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`factory` text NOT NULL,
	`name` text NOT NULL,
	`stage` integer NOT NULL,
	`skills` text NOT NULL,
	`hours_per_day` real NOT NULL,
	`orders_per_hour` real NOT NULL,
	`overtime_hours_max` real NOT NULL,
	`overtime_yuan_per_hour` real NOT NULL,
	`transfer_yuan` real NOT NULL,
	`down` text NOT NULL,
	`overtime` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `lines_version` ON `lines` (`version`);--> statement-breakpoint
ALTER TABLE `notifications` ADD `recipient` text DEFAULT 'customer' NOT NULL;