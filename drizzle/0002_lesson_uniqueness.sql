DROP INDEX "deliveries_unbatched_idx";--> statement-breakpoint
DROP INDEX "deliveries_dedupe_key";--> statement-breakpoint
ALTER TABLE "deliveries" ALTER COLUMN "dedupe_key" DROP NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "deliveries_dedupe_key" ON "deliveries" USING btree ("dedupe_key") WHERE dedupe_key is not null;--> statement-breakpoint
-- Room on each page for the "sent" update of a freshly inserted row, so it can be a HOT update
-- (no index touched): none of the columns it changes is indexed.
ALTER TABLE "deliveries" SET (fillfactor = 80);