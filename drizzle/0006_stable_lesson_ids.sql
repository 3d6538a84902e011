CREATE TABLE "course_lessons" (
	"course_slug" text NOT NULL,
	"lesson_id" text NOT NULL,
	"num" smallint NOT NULL,
	"first_sent_at" timestamp with time zone,
	"removed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "course_lessons_course_slug_lesson_id_pk" PRIMARY KEY("course_slug","lesson_id")
);
--> statement-breakpoint
ALTER TABLE "enrollments" ADD COLUMN "done" smallint[] DEFAULT '{}'::smallint[] NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "course_lessons_num_key" ON "course_lessons" USING btree ("course_slug","num");--> statement-breakpoint
-- Enrollments counted positions in the course's list, and a lesson's delivery stored that
-- position as lesson_index. Each lesson sent so far keeps that number, so every existing
-- delivery row still means the same lesson; lessons never sent get theirs at the next start-up,
-- in the course's order (src/courses/sync-lessons.ts). Sent positions are always a prefix of
-- the list (lessons go out in order), so those later numbers follow on without a gap.
INSERT INTO "course_lessons" ("course_slug", "lesson_id", "num", "first_sent_at")
SELECT e."course_slug", substr(d."template", length(e."course_slug") + 2), d."lesson_index", min(d."created_at")
FROM "deliveries" d JOIN "enrollments" e ON e."id" = d."enrollment_id"
WHERE d."kind" = 'lesson' AND d."lesson_index" IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT DO NOTHING;--> statement-breakpoint
-- A mom at position p has had lessons 0 … p-1: exactly the numbers kept above.
UPDATE "enrollments" SET "done" = ARRAY(SELECT generate_series(0, "position" - 1))::smallint[] WHERE "position" > 0;
