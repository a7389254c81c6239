CREATE TABLE `municipalities` (
	`nis_code` text PRIMARY KEY NOT NULL,
	`name_nl` text NOT NULL,
	`name_fr` text NOT NULL,
	`region` text NOT NULL,
	`province_nis` text,
	`slug` text NOT NULL,
	FOREIGN KEY (`province_nis`) REFERENCES `provinces`(`nis_code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `municipalities_slug_unique` ON `municipalities` (`slug`);--> statement-breakpoint
CREATE INDEX `municipalities_province_idx` ON `municipalities` (`province_nis`);--> statement-breakpoint
CREATE TABLE `postcodes` (
	`postcode` text PRIMARY KEY NOT NULL,
	`nis_code` text NOT NULL,
	FOREIGN KEY (`nis_code`) REFERENCES `municipalities`(`nis_code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `postcodes_municipality_idx` ON `postcodes` (`nis_code`);--> statement-breakpoint
CREATE TABLE `provinces` (
	`nis_code` text PRIMARY KEY NOT NULL,
	`name_nl` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `activity_figures` (
	`provider_id` integer NOT NULL,
	`year` integer NOT NULL,
	`employees_coached` integer NOT NULL,
	`reported_at` text NOT NULL,
	PRIMARY KEY(`provider_id`, `year`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "activity_figures_non_negative" CHECK("activity_figures"."employees_coached" >= 0)
);
--> statement-breakpoint
CREATE TABLE `capacities` (
	`provider_id` integer PRIMARY KEY NOT NULL,
	`total_places` integer NOT NULL,
	`free_places` integer NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "capacities_total_non_negative" CHECK("capacities"."total_places" >= 0),
	CONSTRAINT "capacities_free_within_total" CHECK("capacities"."free_places" >= 0 AND "capacities"."free_places" <= "capacities"."total_places")
);
--> statement-breakpoint
CREATE TABLE `coaches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`qualification` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `coaches_provider_idx` ON `coaches` (`provider_id`);--> statement-breakpoint
CREATE TABLE `contact_persons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`full_name` text NOT NULL,
	`email` text NOT NULL,
	`phone` text,
	`national_register_number` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_persons_provider_idx` ON `contact_persons` (`provider_id`);--> statement-breakpoint
CREATE TABLE `providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`enterprise_number` text NOT NULL,
	`name` text NOT NULL,
	`street` text NOT NULL,
	`postcode` text NOT NULL,
	`municipality_nis` text NOT NULL,
	`email` text,
	`phone` text,
	`website` text,
	`simplified_category` text,
	`quality_registration` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`municipality_nis`) REFERENCES `municipalities`(`nis_code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "providers_enterprise_number_digits" CHECK(length("providers"."enterprise_number") = 10 AND "providers"."enterprise_number" NOT GLOB '*[^0-9]*'),
	CONSTRAINT "providers_simplified_category" CHECK("providers"."simplified_category" IS NULL OR "providers"."simplified_category" IN ('GTB', 'GOB', 'MAATWERKBEDRIJF', 'LDE'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `providers_enterprise_number_unique` ON `providers` (`enterprise_number`);--> statement-breakpoint
CREATE TABLE `subcontracting` (
	`provider_id` integer NOT NULL,
	`subcontractor_id` integer NOT NULL,
	`since` text NOT NULL,
	PRIMARY KEY(`provider_id`, `subcontractor_id`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subcontractor_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "subcontracting_not_self" CHECK("subcontracting"."provider_id" <> "subcontracting"."subcontractor_id")
);
--> statement-breakpoint
CREATE INDEX `subcontracting_subcontractor_idx` ON `subcontracting` (`subcontractor_id`);--> statement-breakpoint
CREATE TABLE `working_areas` (
	`provider_id` integer NOT NULL,
	`nis_code` text NOT NULL,
	PRIMARY KEY(`provider_id`, `nis_code`),
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`nis_code`) REFERENCES `municipalities`(`nis_code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `working_areas_municipality_idx` ON `working_areas` (`nis_code`);--> statement-breakpoint
CREATE TABLE `recognitions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`provider_id` integer NOT NULL,
	`recognition_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`valid_from` text NOT NULL,
	`termination_kind` text,
	`termination_effective_from` text,
	`termination_reason` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "recognitions_termination_complete" CHECK(("recognitions"."termination_kind" IS NULL) = ("recognitions"."termination_effective_from" IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `recognitions_recognition_number_unique` ON `recognitions` (`recognition_number`);--> statement-breakpoint
CREATE INDEX `recognitions_provider_idx` ON `recognitions` (`provider_id`);--> statement-breakpoint
CREATE TABLE `change_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` text NOT NULL,
	`provider_id` integer,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`actor` text NOT NULL,
	`before` text,
	`after` text,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_events_provider_idx` ON `change_events` (`provider_id`,`seq`);--> statement-breakpoint
CREATE TABLE `register_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
