CREATE TABLE "delivery_figures" (
	"template" text PRIMARY KEY NOT NULL,
	"sent" integer DEFAULT 0 NOT NULL,
	"delivered" integer DEFAULT 0 NOT NULL,
	"bounced" integer DEFAULT 0 NOT NULL,
	"complained" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- What was sent before the totals were kept.
INSERT INTO "delivery_figures" ("template", "sent", "delivered", "bounced", "complained")
SELECT "template",
       count(*) FILTER (WHERE "status" = 'sent'),
       count(*) FILTER (WHERE "provider_status" IN ('delivered', 'complained')),
       count(*) FILTER (WHERE "provider_status" IN ('bounced', 'suppressed')),
       count(*) FILTER (WHERE "provider_status" = 'complained')
FROM "deliveries" GROUP BY "template";
