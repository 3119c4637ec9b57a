CREATE TABLE "models" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'ready' NOT NULL,
	"datasets" jsonb NOT NULL,
	"feature_names" text[] NOT NULL,
	"library" text NOT NULL,
	"metrics" jsonb,
	"network" jsonb,
	"error" text,
	"epochs_requested" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "training_samples" ADD COLUMN "cost" real;--> statement-breakpoint
CREATE UNIQUE INDEX "models_name_version_idx" ON "models" USING btree ("name","version");--> statement-breakpoint
CREATE INDEX "models_list_idx" ON "models" USING btree ("created_at","id");