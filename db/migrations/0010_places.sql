CREATE TABLE `places` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`lang` text NOT NULL,
	`kind` text NOT NULL,
	`postcode` text,
	`nis_code` text NOT NULL,
	`lat` real NOT NULL,
	`lon` real NOT NULL,
	FOREIGN KEY (`nis_code`) REFERENCES `municipalities`(`nis_code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `places_municipality_idx` ON `places` (`nis_code`);