/** The course section's addresses, in one place. */
export const COURSE_BASE = '/admin/course';

export const coursePageUrl = (slug: string, lessonId?: string) => `${COURSE_BASE}?course=${encodeURIComponent(slug)}${lessonId ? `#lesson-${lessonId}` : ''}`;

export const lessonUrl = (slug: string, id: string) => `${COURSE_BASE}/${encodeURIComponent(slug)}/lessons/${encodeURIComponent(id)}`;
