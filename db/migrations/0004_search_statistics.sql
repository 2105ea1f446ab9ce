-- The search document's statistics are sampled lightly: planning the search stays under a millisecond (bench/README.md).
ALTER TABLE "agencies" ALTER COLUMN "search_document" SET STATISTICS 10;
