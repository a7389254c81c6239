CREATE TABLE `change_events_before_chain` (
	`seq` integer PRIMARY KEY NOT NULL,
	`occurred_at` text NOT NULL,
	`provider_id` integer,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`actor` text NOT NULL,
	`before` text,
	`after` text
);
--> statement-breakpoint
-- Hand-written: events logged before the chain are archived, and the table is rebuilt with its
-- chain columns (SQLite cannot add NOT NULL columns); the chain then starts empty and
-- `startChangeLog` (db/commands/change-log.ts) logs a baseline entry for each provider.
INSERT INTO `change_events_before_chain` SELECT `seq`, `occurred_at`, `provider_id`, `kind`, `summary`, `actor`, `before`, `after` FROM `change_events`;--> statement-breakpoint
DROP TABLE `change_events`;--> statement-breakpoint
CREATE TABLE `change_events` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`occurred_at` text NOT NULL,
	`provider_id` integer,
	`kind` text NOT NULL,
	`summary` text NOT NULL,
	`actor` text NOT NULL,
	`recorded_by` text,
	`before` text,
	`after` text,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`provider_id`) REFERENCES `providers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `change_events_provider_idx` ON `change_events` (`provider_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `change_events_prev_hash_unique` ON `change_events` (`prev_hash`);--> statement-breakpoint
-- Hand-written: the log is append-only. A new entry must extend the chain at its head (the next
-- seq, the head's hash as prev_hash); no entry can be changed or removed afterwards.
CREATE TRIGGER `change_events_append_at_head` BEFORE INSERT ON `change_events`
WHEN NEW.`seq` IS NOT (SELECT COALESCE(MAX(`seq`), 0) + 1 FROM `change_events`)
  OR NEW.`prev_hash` IS NOT COALESCE((SELECT `hash` FROM `change_events` ORDER BY `seq` DESC LIMIT 1), '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'change_events is an append-only chain: a new entry needs the next seq and the head hash as prev_hash');
END;--> statement-breakpoint
CREATE TRIGGER `change_events_no_update` BEFORE UPDATE ON `change_events`
BEGIN
  SELECT RAISE(ABORT, 'change_events is append-only: a logged event cannot be changed');
END;--> statement-breakpoint
CREATE TRIGGER `change_events_no_delete` BEFORE DELETE ON `change_events`
BEGIN
  SELECT RAISE(ABORT, 'change_events is append-only: a logged event cannot be deleted');
END;
