CREATE TABLE `applications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text NOT NULL,
	`provider_id` integer,
	`submitted_on` text NOT NULL,
	`submitted_at` text NOT NULL,
	`organisation` text NOT NULL,
	`simplified_category` text,
	`experience` text,
	`service_area` text NOT NULL,
	`declaration` text NOT NULL,
	`state` text DEFAULT 'submitted' NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "applications_experience_required" CHECK("applications"."simplified_category" IS NOT NULL OR "applications"."experience" IS NOT NULL)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `applications_reference_unique` ON `applications` (`reference`);--> statement-breakpoint
CREATE INDEX `applications_state_idx` ON `applications` (`state`);--> statement-breakpoint
CREATE TABLE `procedure_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`application_id` integer NOT NULL,
	`step` text NOT NULL,
	`occurred_on` text NOT NULL,
	`recorded_at` text NOT NULL,
	`actor` text NOT NULL,
	`outcome` text,
	`notified_on` text,
	`valid_from` text,
	`note` text,
	FOREIGN KEY (`application_id`) REFERENCES `applications`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `procedure_events_application_idx` ON `procedure_events` (`application_id`,`id`);--> statement-breakpoint
ALTER TABLE `recognitions` ADD `status` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE `recognitions` ADD `evaluated_on` text;