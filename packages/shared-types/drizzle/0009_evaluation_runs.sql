ALTER TABLE "runs" ADD COLUMN "evaluates_model_id" uuid;--> statement-breakpoint
ALTER TABLE "runs" ADD CONSTRAINT "runs_evaluates_model_id_models_id_fk" FOREIGN KEY ("evaluates_model_id") REFERENCES "public"."models"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "runs_evaluates_model_idx" ON "runs" USING btree ("evaluates_model_id","created_at");