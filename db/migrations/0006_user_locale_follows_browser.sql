ALTER TABLE "users" ALTER COLUMN "locale" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "locale" DROP NOT NULL;--> statement-breakpoint
-- Until now every account started as 'en' and nobody could say "follow my browser", so an 'en'
-- cannot be told from no choice: it becomes no choice. Someone whose browser asks for another
-- language and who wants English sets it again in /settings; everyone else sees no change.
UPDATE "users" SET "locale" = NULL WHERE "locale" = 'en';
