ALTER TABLE "email_outbox" ADD COLUMN "link_secret" text;--> statement-breakpoint
-- Emails queued before links were sealed: their links are masked like the new ones'. Those not
-- sent yet cannot be sent any more (their token is nowhere else): they end as failed, with the
-- reason, and the person asks again (or is invited again).
UPDATE "email_outbox"
SET "html" = regexp_replace("html", '/(reset-password|invitations|verify-email)/[A-Za-z0-9]+', '/\1/••••••', 'g'),
  "text" = regexp_replace("text", '/(reset-password|invitations|verify-email)/[A-Za-z0-9]+', '/\1/••••••', 'g'),
  "last_error" = CASE WHEN "status" IN ('queued', 'sending') THEN 'Not sent: its link was removed from the outbox before delivery. Ask for a new one.' ELSE "last_error" END,
  "status" = CASE WHEN "status" IN ('queued', 'sending') THEN 'failed' ELSE "status" END,
  "locked_until" = NULL
WHERE "template" IN ('password-reset', 'invitation', 'email-verification');
