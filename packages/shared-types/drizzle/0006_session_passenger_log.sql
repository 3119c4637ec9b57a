CREATE TABLE "session_passengers" (
	"session_id" uuid NOT NULL,
	"chunk" integer NOT NULL,
	"records" json NOT NULL,
	CONSTRAINT "session_passengers_session_id_chunk_pk" PRIMARY KEY("session_id","chunk")
);
--> statement-breakpoint
ALTER TABLE "session_passengers" ADD CONSTRAINT "session_passengers_session_id_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."sessions"("id") ON DELETE cascade ON UPDATE no action;