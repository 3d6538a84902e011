ALTER TABLE "broadcast_drafts" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "broadcasts" ADD COLUMN "public" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "signup_source" text;--> statement-breakpoint
CREATE INDEX "broadcasts_public_idx" ON "broadcasts" USING btree ("finished_at") WHERE public and status = 'sent';