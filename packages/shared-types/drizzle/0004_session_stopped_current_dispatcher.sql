ALTER TYPE "public"."session_status" ADD VALUE 'stopped';--> statement-breakpoint
ALTER TABLE "sessions" drop column "dispatcher";--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "dispatcher" text GENERATED ALWAYS AS (coalesce(jsonb_path_query_array(command_log, '$[*].command ? (@.type == "dispatcher").dispatcher.name') ->> -1, config -> 'dispatcher' ->> 'name')) STORED;