ALTER TABLE "sessions" ADD COLUMN "dispatcher" text GENERATED ALWAYS AS (config -> 'dispatcher' ->> 'name') STORED;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "traffic_kind" text GENERATED ALWAYS AS (traffic ->> 'kind') STORED;--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "traffic_template" text GENERATED ALWAYS AS (traffic ->> 'template') STORED;