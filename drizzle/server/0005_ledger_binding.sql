ALTER TABLE `audit` ADD `count` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `client_mutations` ADD `token_id` text;--> statement-breakpoint
ALTER TABLE `client_mutations` ADD `holder` text;--> statement-breakpoint
ALTER TABLE `mutations` ADD `payload_hash` text;--> statement-breakpoint
-- a clientId last used before this migration is held by the actor of its last mutation: a token of that name may speak for it (its token is unknown)
UPDATE `client_mutations` SET `holder` = (SELECT `m`.`actor` FROM `mutations` `m` WHERE `m`.`client_id` = `client_mutations`.`client_id` ORDER BY `m`.`mutation_id` DESC LIMIT 1);
