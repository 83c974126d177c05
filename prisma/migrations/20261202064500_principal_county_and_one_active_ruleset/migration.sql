-- Fail closed (issue 8): a county-scoped principal (domain/roles.ts COUNTY_SCOPED) must carry a county,
-- so that a missing county can never widen its reach. Prisma cannot express CHECK constraints.
ALTER TABLE "principal" ADD CONSTRAINT "principal_county_scoped_has_county"
  CHECK ("role" NOT IN ('GRASSROOTS_STAFF', 'COUNTY_AMR') OR "county" IS NOT NULL);
-- Likewise a household acts for exactly one business.
ALTER TABLE "principal" ADD CONSTRAINT "principal_household_has_uscc"
  CHECK ("role" <> 'HOUSEHOLD' OR "uscc" IS NOT NULL);

-- One ACTIVE ruleset per family: two concurrent activations cannot both commit (the loser gets a
-- unique violation, answered 409). Prisma cannot express partial indexes.
CREATE UNIQUE INDEX "ruleset_one_active_per_family" ON "ruleset" ("family") WHERE "status" = 'ACTIVE';
