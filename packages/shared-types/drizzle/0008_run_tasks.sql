CREATE TABLE "run_tasks" (
	"run_id" uuid NOT NULL,
	"task_index" integer NOT NULL,
	"label" text NOT NULL,
	"seed" bigint NOT NULL,
	"results" jsonb NOT NULL,
	"waits" jsonb NOT NULL,
	"worker" text NOT NULL,
	"finished_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "run_tasks_run_id_task_index_pk" PRIMARY KEY("run_id","task_index")
);
--> statement-breakpoint
ALTER TABLE "run_tasks" ADD CONSTRAINT "run_tasks_run_id_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."runs"("id") ON DELETE cascade ON UPDATE no action;