CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"country_code" text NOT NULL,
	"region_code" text NOT NULL,
	"subdivision" text,
	"city" text,
	"website" text,
	"email_domains" text[] DEFAULT '{}'::text[] NOT NULL,
	"phone" text,
	"status" text DEFAULT 'prospect' NOT NULL,
	"priority" smallint DEFAULT 2 NOT NULL,
	"owner_id" uuid,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"notes" text,
	"last_engaged_at" timestamp with time zone,
	"next_engagement_at" timestamp with time zone,
	"search_document" text DEFAULT '' NOT NULL,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_kind_check" CHECK ("agencies"."kind" in ('federal', 'state', 'local', 'tribal', 'national_police', 'prosecutor', 'regulator', 'international_body', 'ngo', 'industry_coalition')),
	CONSTRAINT "agencies_status_check" CHECK ("agencies"."status" in ('prospect', 'engaged', 'partner', 'dormant')),
	CONSTRAINT "agencies_priority_check" CHECK ("agencies"."priority" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "conferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"organiser" text,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"city" text,
	"country_code" text NOT NULL,
	"region_code" text NOT NULL,
	"website" text,
	"audience" text DEFAULT 'mixed' NOT NULL,
	"status" text DEFAULT 'considering' NOT NULL,
	"expected_attendance" integer,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conferences_audience_check" CHECK ("conferences"."audience" in ('law_enforcement_only', 'mixed')),
	CONSTRAINT "conferences_status_check" CHECK ("conferences"."status" in ('considering', 'registered', 'attended', 'cancelled')),
	CONSTRAINT "conferences_dates_check" CHECK ("conferences"."ends_on" >= "conferences"."starts_on")
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" uuid NOT NULL,
	"full_name" text NOT NULL,
	"title" text,
	"unit" text,
	"email" text,
	"phone" text,
	"preferred_language" text,
	"is_primary" boolean DEFAULT false NOT NULL,
	"notes" text,
	"archived_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "engagement_agencies" (
	"engagement_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "engagement_agencies_engagement_id_agency_id_pk" PRIMARY KEY("engagement_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_contacts" (
	"engagement_id" uuid NOT NULL,
	"contact_id" uuid NOT NULL,
	CONSTRAINT "engagement_contacts_engagement_id_contact_id_pk" PRIMARY KEY("engagement_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "engagement_staff" (
	"engagement_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "engagement_staff_engagement_id_user_id_pk" PRIMARY KEY("engagement_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "engagements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"location" text,
	"summary" text,
	"outcome" text,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"conference_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "engagements_kind_check" CHECK ("engagements"."kind" in ('meeting', 'call', 'training_session', 'site_visit', 'email', 'conference_meeting')),
	CONSTRAINT "engagements_time_check" CHECK ("engagements"."ends_at" is null or "engagements"."ends_at" >= "engagements"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "presentation_presenters" (
	"presentation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "presentation_presenters_presentation_id_user_id_pk" PRIMARY KEY("presentation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "presentations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"conference_id" uuid,
	"presented_at" timestamp with time zone NOT NULL,
	"audience_size" integer,
	"topics" text[] DEFAULT '{}'::text[] NOT NULL,
	"materials_url" text,
	"feedback_score" smallint,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "presentations_feedback_check" CHECK ("presentations"."feedback_score" is null or "presentations"."feedback_score" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"due_on" date,
	"assignee_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"agency_id" uuid,
	"engagement_id" uuid,
	"notes" text,
	"done_at" timestamp with time zone,
	"created_by_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('open', 'done'))
);
--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "agency_id" uuid;--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "contact_id" uuid;--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "engagement_id" uuid;--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "conference_id" uuid;--> statement-breakpoint
ALTER TABLE "activity" ADD COLUMN "presentation_id" uuid;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_country_code_countries_code_fk" FOREIGN KEY ("country_code") REFERENCES "public"."countries"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_region_code_regions_code_fk" FOREIGN KEY ("region_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conferences" ADD CONSTRAINT "conferences_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contacts" ADD CONSTRAINT "contacts_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_agencies" ADD CONSTRAINT "engagement_agencies_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_agencies" ADD CONSTRAINT "engagement_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_contacts" ADD CONSTRAINT "engagement_contacts_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_contacts" ADD CONSTRAINT "engagement_contacts_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_staff" ADD CONSTRAINT "engagement_staff_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagement_staff" ADD CONSTRAINT "engagement_staff_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "engagements" ADD CONSTRAINT "engagements_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_presenters" ADD CONSTRAINT "presentation_presenters_presentation_id_presentations_id_fk" FOREIGN KEY ("presentation_id") REFERENCES "public"."presentations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentation_presenters" ADD CONSTRAINT "presentation_presenters_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentations" ADD CONSTRAINT "presentations_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "presentations" ADD CONSTRAINT "presentations_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agencies_region_name_idx" ON "agencies" USING btree ("region_code","name");--> statement-breakpoint
CREATE INDEX "agencies_name_idx" ON "agencies" USING btree ("name");--> statement-breakpoint
CREATE INDEX "agencies_country_idx" ON "agencies" USING btree ("country_code");--> statement-breakpoint
CREATE INDEX "agencies_owner_idx" ON "agencies" USING btree ("owner_id");--> statement-breakpoint
CREATE INDEX "agencies_status_idx" ON "agencies" USING btree ("status");--> statement-breakpoint
CREATE INDEX "agencies_last_engaged_idx" ON "agencies" USING btree ("region_code","last_engaged_at");--> statement-breakpoint
CREATE INDEX "agencies_next_engagement_idx" ON "agencies" USING btree ("next_engagement_at");--> statement-breakpoint
CREATE INDEX "agencies_tags_idx" ON "agencies" USING gin ("tags");--> statement-breakpoint
CREATE INDEX "agencies_email_domains_idx" ON "agencies" USING gin ("email_domains");--> statement-breakpoint
CREATE INDEX "agencies_search_fts_idx" ON "agencies" USING gin (to_tsvector('simple', "search_document"));--> statement-breakpoint
CREATE INDEX "agencies_search_trgm_idx" ON "agencies" USING gin ("search_document" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agencies_name_trgm_idx" ON "agencies" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "conferences_starts_idx" ON "conferences" USING btree ("starts_on");--> statement-breakpoint
CREATE INDEX "conferences_region_idx" ON "conferences" USING btree ("region_code","starts_on");--> statement-breakpoint
CREATE INDEX "contacts_agency_idx" ON "contacts" USING btree ("agency_id","full_name");--> statement-breakpoint
CREATE INDEX "contacts_email_idx" ON "contacts" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "contacts_name_trgm_idx" ON "contacts" USING gin ("full_name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "engagement_agencies_agency_idx" ON "engagement_agencies" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "engagement_contacts_contact_idx" ON "engagement_contacts" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "engagement_staff_user_idx" ON "engagement_staff" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "engagements_starts_idx" ON "engagements" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "engagements_conference_idx" ON "engagements" USING btree ("conference_id");--> statement-breakpoint
CREATE INDEX "presentation_presenters_user_idx" ON "presentation_presenters" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "presentations_conference_idx" ON "presentations" USING btree ("conference_id");--> statement-breakpoint
CREATE INDEX "presentations_presented_idx" ON "presentations" USING btree ("presented_at");--> statement-breakpoint
CREATE INDEX "tasks_assignee_idx" ON "tasks" USING btree ("assignee_id","status","due_on");--> statement-breakpoint
CREATE INDEX "tasks_agency_idx" ON "tasks" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "tasks_engagement_idx" ON "tasks" USING btree ("engagement_id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_engagement_id_engagements_id_fk" FOREIGN KEY ("engagement_id") REFERENCES "public"."engagements"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_conference_id_conferences_id_fk" FOREIGN KEY ("conference_id") REFERENCES "public"."conferences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "activity" ADD CONSTRAINT "activity_presentation_id_presentations_id_fk" FOREIGN KEY ("presentation_id") REFERENCES "public"."presentations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "users_agency_idx" ON "users" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "activity_agency_idx" ON "activity" USING btree ("agency_id","happened_at");--> statement-breakpoint
CREATE INDEX "activity_contact_idx" ON "activity" USING btree ("contact_id","happened_at");--> statement-breakpoint
CREATE INDEX "activity_engagement_idx" ON "activity" USING btree ("engagement_id","happened_at");--> statement-breakpoint
CREATE INDEX "activity_conference_idx" ON "activity" USING btree ("conference_id","happened_at");--> statement-breakpoint
CREATE INDEX "activity_presentation_idx" ON "activity" USING btree ("presentation_id","happened_at");