-- DropIndex
DROP INDEX "typing_result_run_id_type_idx";
