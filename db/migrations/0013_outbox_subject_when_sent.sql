PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`template` text NOT NULL,
	`data` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text,
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
	`html` text,
	`claimed_by` text
);
--> statement-breakpoint
INSERT INTO `__new_mail_outbox`("id", "template", "data", "recipient", "subject", "reference", "dedupe_key", "procedure_event_id", "status", "created_at", "next_attempt_at", "attempts", "last_attempt_at", "message_id", "sent_at", "last_answer", "text", "html", "claimed_by") SELECT "id", "template", "data", "recipient", "subject", "reference", "dedupe_key", "procedure_event_id", "status", "created_at", "next_attempt_at", "attempts", "last_attempt_at", "message_id", "sent_at", "last_answer", "text", "html", "claimed_by" FROM `mail_outbox`;--> statement-breakpoint
DROP TABLE `mail_outbox`;--> statement-breakpoint
ALTER TABLE `__new_mail_outbox` RENAME TO `mail_outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_dedupe_key_unique` ON `mail_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `mail_outbox_message_id_unique` ON `mail_outbox` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `mail_outbox_reference_idx` ON `mail_outbox` (`reference`);