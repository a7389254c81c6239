CREATE TABLE `application_drafts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_number` text NOT NULL,
	`values` text NOT NULL,
	`saved_parts` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `application_drafts_enterprise_number_unique` ON `application_drafts` (`enterprise_number`);--> statement-breakpoint
CREATE TABLE `access_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`event` text NOT NULL,
	`subject` text,
	`person_name` text,
	`organisation_code` text,
	`role` text,
	`client_address` text,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `access_log_at_idx` ON `access_log` (`at`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`subject` text NOT NULL,
	`person_name` text NOT NULL,
	`organisation_code` text,
	`organisation_name` text,
	`provider_id` integer,
	`id_token` text,
	`csrf_secret` text NOT NULL,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Sessions made from pasted tokens are not carried over: everyone signs in again through OpenID Connect.
DROP TABLE `sessions`;--> statement-breakpoint
ALTER TABLE `__new_sessions` RENAME TO `sessions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE INDEX `sessions_subject_idx` ON `sessions` (`subject`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `created_by` text;