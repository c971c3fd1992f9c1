DROP INDEX `auto_runs_incident`;--> statement-breakpoint
ALTER TABLE `auto_runs` ADD `order_ids` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
CREATE INDEX `auto_runs_incident` ON `auto_runs` (`incident_id`);