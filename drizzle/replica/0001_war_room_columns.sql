ALTER TABLE `orders` ADD `customer_name` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `customer_phone` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `workshop` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `line` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `carrier` text;--> statement-breakpoint
-- hand-added before landing: orders already replicated get the new columns from their wire data
UPDATE `orders` SET `customer_name` = `data` ->> '$.customerName', `customer_phone` = `data` ->> '$.customerPhone', `workshop` = `data` ->> '$.workshop', `line` = `data` ->> '$.line', `carrier` = `data` ->> '$.carrier';
