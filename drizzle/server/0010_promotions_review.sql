CREATE TABLE `promotion_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`template_id` text NOT NULL,
	`template_version` integer NOT NULL,
	`channel` text NOT NULL,
	`name` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`effective_from` text NOT NULL,
	`rules` text NOT NULL,
	`updated_by` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `promotion_templates_version` ON `promotion_templates` (`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `promotion_templates_tv` ON `promotion_templates` (`template_id`,`template_version`);--> statement-breakpoint
ALTER TABLE `orders` ADD `basket_id` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `coupon_amount` real;--> statement-breakpoint
ALTER TABLE `orders` ADD `review_status` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `expected_discount` real;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_difference` real;--> statement-breakpoint
ALTER TABLE `orders` ADD `review_template_version` integer;--> statement-breakpoint
ALTER TABLE `orders` ADD `reviewed_at` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `review_reason` text;--> statement-breakpoint
CREATE INDEX `orders_basket` ON `orders` (`basket_id`);--> statement-breakpoint
CREATE INDEX `orders_review_status` ON `orders` (`review_status`);