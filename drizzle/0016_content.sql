CREATE TABLE "content_documents" (
	"path" text PRIMARY KEY NOT NULL,
	"version" integer NOT NULL,
	"text" text,
	"imported_sha" text,
	"imported_version" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "content_versions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "content_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"path" text NOT NULL,
	"version" integer NOT NULL,
	"text" text,
	"source" text NOT NULL,
	"saved_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dashboard_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "send_batches" ADD COLUMN "content_version" integer;--> statement-breakpoint
CREATE UNIQUE INDEX "content_versions_path_version_idx" ON "content_versions" USING btree ("path","version");