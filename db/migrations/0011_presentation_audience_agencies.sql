CREATE TABLE "presentation_agencies" (
	"presentation_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "presentation_agencies_presentation_id_agency_id_pk" PRIMARY KEY("presentation_id","agency_id")
);
--> statement-breakpoint
ALTER TABLE "presentation_agencies" ADD CONSTRAINT "presentation_agencies_presentation_id_presentations_id_fk" FOREIGN KEY ("presentation_id") REFERENCES "public"."presentations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_agencies" ADD CONSTRAINT "presentation_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "presentation_agencies_agency_idx" ON "presentation_agencies" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "engagements_at_conference_starts_idx" ON "engagements" USING btree ("starts_at") WHERE "engagements"."conference_id" is not null;