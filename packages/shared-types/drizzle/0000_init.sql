CREATE TYPE "public"."run_status" AS ENUM('queued', 'running', 'finished', 'cancelled', 'failed');--> statement-breakpoint
CREATE TYPE "public"."session_status" AS ENUM('created', 'running', 'paused', 'finished', 'failed');--> statement-breakpoint
CREATE TABLE "building_versions" (
	"building_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"definition" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "building_versions_building_id_version_pk" PRIMARY KEY("building_id","version")
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dataset_episodes" (
	"dataset_id" uuid NOT NULL,
	"episode" integer NOT NULL,
	"seed" bigint,
	"rows" integer,
	"decisions" integer,
	"completed_at" timestamp with time zone DEFAULT now(),
	CONSTRAINT "dataset_episodes_dataset_id_episode_pk" PRIMARY KEY("dataset_id","episode")
);
--> statement-breakpoint
CREATE TABLE "datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"building" jsonb NOT NULL,
	"traffic" jsonb NOT NULL,
	"config" jsonb NOT NULL,
	"feature_names" text[] NOT NULL,
	"episodes_completed" integer DEFAULT 0 NOT NULL,
	"row_count" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now(),
	"updated_at" timestamp with time zone DEFAULT now(),
	CONSTRAINT "datasets_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"building_version" integer NOT NULL,
	"config" jsonb NOT NULL,
	"status" "run_status" DEFAULT 'queued' NOT NULL,
	"progress_done" integer DEFAULT 0 NOT NULL,
	"progress_total" integer NOT NULL,
	"results" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"building_version" integer NOT NULL,
	"traffic" jsonb NOT NULL,
	"config" jsonb NOT NULL,
	"seed" bigint NOT NULL,
	"status" "session_status" DEFAULT 'created' NOT NULL,
	"sim_time" double precision DEFAULT 0 NOT NULL,
	"speed" real DEFAULT 1 NOT NULL,
	"command_log" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"snapshot" jsonb,
	"results" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "training_samples" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "training_samples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"dataset_id" uuid NOT NULL,
	"episode" integer NOT NULL,
	"decision" integer NOT NULL,
	"sim_time" real NOT NULL,
	"candidate" integer NOT NULL,
	"car_id" text NOT NULL,
	"features" real[] NOT NULL,
	"chosen" boolean NOT NULL,
	"policy" text NOT NULL,
	"wait_time" real,
	"ride_time" real,
	"passengers" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "building_versions" ADD CONSTRAINT "building_versions_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dataset_episodes" ADD CONSTRAINT "dataset_episodes_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_building_version_fk" FOREIGN KEY ("building_id","building_version") REFERENCES "public"."building_versions"("building_id","version") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_building_version_fk" FOREIGN KEY ("building_id","building_version") REFERENCES "public"."building_versions"("building_id","version") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "training_samples" ADD CONSTRAINT "training_samples_dataset_id_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."datasets"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "buildings_list_idx" ON "buildings" USING btree ("archived","created_at","id");--> statement-breakpoint
CREATE INDEX "datasets_list_idx" ON "datasets" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "runs_list_idx" ON "runs" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "runs_status_idx" ON "runs" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "runs_building_idx" ON "runs" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "sessions_list_idx" ON "sessions" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "sessions_status_list_idx" ON "sessions" USING btree ("status","created_at","id");--> statement-breakpoint
CREATE INDEX "sessions_building_list_idx" ON "sessions" USING btree ("building_id","created_at","id");--> statement-breakpoint
CREATE INDEX "training_samples_dataset_episode_idx" ON "training_samples" USING btree ("dataset_id","episode");