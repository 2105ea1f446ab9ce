CREATE TABLE "goals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"region_code" text NOT NULL,
	"period" text NOT NULL,
	"metric" text NOT NULL,
	"target" integer NOT NULL,
	"set_by_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "goals_period_check" CHECK ("goals"."period" ~ '^[0-9]{4}-Q[1-4]$'),
	CONSTRAINT "goals_target_check" CHECK ("goals"."target" >= 0)
);
--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "goals" ADD CONSTRAINT "goals_set_by_id_users_id_fk" FOREIGN KEY ("set_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "goals_region_period_metric_idx" ON "goals" USING btree ("region_code","period","metric");--> statement-breakpoint
CREATE INDEX "goals_period_idx" ON "goals" USING btree ("period");