CREATE TABLE `commands` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation_id` integer,
	`type` text NOT NULL,
	`payload` text NOT NULL,
	`label` text NOT NULL,
	`created_at` text NOT NULL,
	`state` text NOT NULL,
	`send_count` integer DEFAULT 0 NOT NULL,
	`version` integer,
	`error` text,
	`answered_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `commands_mutation_id_unique` ON `commands` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `commands_state` ON `commands` (`state`);--> statement-breakpoint
CREATE TABLE `outbox_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
