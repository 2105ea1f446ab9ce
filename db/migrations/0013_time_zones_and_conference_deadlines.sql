ALTER TABLE "users" ADD COLUMN "time_zone" text;--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "registration_deadline" date;--> statement-breakpoint
ALTER TABLE "conferences" ADD COLUMN "call_for_papers_deadline" date;