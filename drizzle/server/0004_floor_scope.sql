ALTER TABLE `events` ADD `reported_by` text;--> statement-breakpoint
ALTER TABLE `tokens` ADD `scope` text;