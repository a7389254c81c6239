CREATE TABLE `publication_rollbacks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`by` text NOT NULL,
	`from_publication` text,
	`from_log_events` integer,
	`to_publication` text NOT NULL,
	`to_log_events` integer
);
--> statement-breakpoint
CREATE INDEX `publication_rollbacks_at_idx` ON `publication_rollbacks` (`at`);--> statement-breakpoint
ALTER TABLE `change_events` ADD `source` text;--> statement-breakpoint
ALTER TABLE `publications` ADD `log_from` integer;--> statement-breakpoint
ALTER TABLE `publications` ADD `log_events` integer;--> statement-breakpoint
ALTER TABLE `publications` ADD `pages_changed` integer;