CREATE TABLE `mail_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mail_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` text NOT NULL,
	`outcome` text NOT NULL,
	`answer` text,
	FOREIGN KEY (`mail_id`) REFERENCES `mail_outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `mail_attempts_mail_idx` ON `mail_attempts` (`mail_id`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`data` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`reference` text,
	`dedupe_key` text,
	`procedure_event_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`created_at` text NOT NULL,
	`next_attempt_at` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_attempt_at` text,
	`message_id` text,
	`sent_at` text,
	`last_answer` text,
	`text` text,
	`html` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_dedupe_key_unique` ON `mail_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_message_id_unique` ON `mail_outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_reference_idx` ON `mail_outbox` (`reference`);--> statement-breakpoint
ALTER TABLE `procedure_events` ADD `mail_sent_at` text;--> statement-breakpoint
-- Hand-written: steps recorded before the register sent mail had their admissibility e-mail sent
-- by hand on the day of the step; that day keeps starting their examination clock.
UPDATE `procedure_events` SET `mail_sent_at` = `occurred_on` || 'T10:00:00.000Z' WHERE `step` = 'declare_admissible' AND `mail_sent_at` IS NULL;
