-- Before the index: where an agency has several primary contacts, the latest saved one stays primary.
UPDATE "contacts" SET "is_primary" = false WHERE "is_primary" AND "id" NOT IN (SELECT DISTINCT ON ("agency_id") "id" FROM "contacts" WHERE "is_primary" ORDER BY "agency_id", "updated_at" DESC, "id");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_one_primary_idx" ON "contacts" USING btree ("agency_id") WHERE "contacts"."is_primary";
