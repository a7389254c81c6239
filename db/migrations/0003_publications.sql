CREATE TABLE `publications` (
	`id` text PRIMARY KEY NOT NULL,
	`trigger` text NOT NULL,
	`status` text NOT NULL,
	`requested_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	`pages` integer,
	`bytes` integer,
	`duration_ms` integer,
	`register_digest` text,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `publications_requested_idx` ON `publications` (`requested_at`);