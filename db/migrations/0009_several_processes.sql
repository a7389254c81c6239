CREATE TABLE `rate_limit_windows` (
	`key` text NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL,
	PRIMARY KEY(`key`, `window_start`)
);
--> statement-breakpoint
ALTER TABLE `publications` ADD `full` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `publications` ADD `publisher` text DEFAULT 'local' NOT NULL;--> statement-breakpoint
ALTER TABLE `publications` ADD `runner` text;--> statement-breakpoint
CREATE INDEX `publications_status_idx` ON `publications` (`status`);--> statement-breakpoint
ALTER TABLE `mail_outbox` ADD `claimed_by` text;