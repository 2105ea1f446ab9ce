-- The tag filter ignores case. Tags keep the case they were typed in, so the index is on their
-- lower-case copy; an index expression needs an immutable function to call.
CREATE FUNCTION lower_tags(tags text[]) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURN array(SELECT lower(tag) FROM unnest(tags) AS tag);--> statement-breakpoint
DROP INDEX "agencies_tags_idx";--> statement-breakpoint
CREATE INDEX "agencies_tags_lower_idx" ON "agencies" USING gin (lower_tags("tags"));
