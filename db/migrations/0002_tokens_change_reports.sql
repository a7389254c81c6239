CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`role` text NOT NULL,
	`provider_id` integer,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text,
	`revoked_at` text,
	`last_used_at` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "api_tokens_role_provider" CHECK(("api_tokens"."role" = 'provider') = ("api_tokens"."provider_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_provider_idx` ON `api_tokens` (`provider_id`);--> statement-breakpoint
CREATE TABLE `change_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`provider_id` integer NOT NULL,
	`kind` text NOT NULL,
	`payload` text NOT NULL,
	`status` text NOT NULL,
	`received_at` text NOT NULL,
	`filed_by` text NOT NULL,
	`reviewed_at` text,
	`reviewed_by` text,
	`review_reason` text,
	`idempotency_key` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `change_reports_reference_unique` ON `change_reports` (`reference`);--> statement-breakpoint
CREATE INDEX `change_reports_provider_idx` ON `change_reports` (`provider_id`,`id`);--> statement-breakpoint
CREATE INDEX `change_reports_status_idx` ON `change_reports` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `change_reports_idempotency_idx` ON `change_reports` (`provider_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `sequences` (
	`name` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `recognitions` ADD `application_id` integer;