CREATE TABLE "broadcasts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "broadcasts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"newsletter_id" text NOT NULL,
	"file" text NOT NULL,
	"format" text NOT NULL,
	"subject" text NOT NULL,
	"source" text,
	"audience" text NOT NULL,
	"course_slug" text,
	"timing" text NOT NULL,
	"local_date" text,
	"status" text NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"first_due_at" timestamp with time zone NOT NULL,
	"last_due_at" timestamp with time zone NOT NULL,
	"forced" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "broadcast_id" bigint;--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "broadcast_id" bigint;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "newsletter" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "consented_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscribers" ADD COLUMN "consent_source" text;--> statement-breakpoint
CREATE INDEX "broadcasts_newsletter_idx" ON "broadcasts" USING btree ("newsletter_id","created_at");--> statement-breakpoint
CREATE INDEX "broadcasts_active_idx" ON "broadcasts" USING btree ("status") WHERE status in ('scheduled', 'sending');--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_broadcast_subscriber_key" ON "deliveries" USING btree ("broadcast_id","subscriber_id") WHERE broadcast_id is not null;--> statement-breakpoint
CREATE INDEX "send_batches_broadcast_pending_idx" ON "send_batches" USING btree ("broadcast_id") WHERE status = 'pending' and broadcast_id is not null;