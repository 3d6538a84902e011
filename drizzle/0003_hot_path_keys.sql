ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_enrollment_id_enrollments_id_fk";
--> statement-breakpoint
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_batch_id_send_batches_id_fk";
