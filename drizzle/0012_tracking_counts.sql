ALTER TABLE "deliveries" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "first_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_opened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_clicked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "last_click_in_burst" boolean;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "human_clicks" smallint;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "machine_clicks" smallint;--> statement-breakpoint
ALTER TABLE "delivery_figures" ADD COLUMN "opens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_figures" ADD COLUMN "machine_opens" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_figures" ADD COLUMN "clicks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_figures" ADD COLUMN "machine_clicks" integer DEFAULT 0 NOT NULL;