CREATE TABLE `publication_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`publication_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`http_status` integer,
	`error` text,
	FOREIGN KEY (`publication_id`) REFERENCES `publications`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publication_attempts_publication_idx` ON `publication_attempts` (`publication_id`);