/*
  Warnings:

  - A unique constraint covering the columns `[partnershipId,number]` on the table `Proposal` will be added. If there are existing duplicate values, this will fail.

*/
-- CreateEnum
CREATE TYPE "BallotChannel" AS ENUM ('CLICK', 'MEETING', 'PHONE', 'EMAIL');

-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN     "meetingDate" DATE,
ADD COLUMN     "recordedById" UUID,
ADD COLUMN     "recordedVia" "BallotChannel" NOT NULL DEFAULT 'CLICK';

-- AlterTable
ALTER TABLE "BallotChange" ADD COLUMN     "meetingDate" DATE,
ADD COLUMN     "organisationId" UUID,
ADD COLUMN     "recordedById" UUID,
ADD COLUMN     "recordedVia" "BallotChannel" NOT NULL DEFAULT 'CLICK';

-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "outcomeOverrideReason" TEXT;

-- AlterTable
ALTER TABLE "DeclarationOfInterest" ADD COLUMN     "meetingDate" DATE,
ADD COLUMN     "recordedById" UUID,
ADD COLUMN     "recordedVia" "BallotChannel" NOT NULL DEFAULT 'CLICK';

-- AlterTable
ALTER TABLE "Group" ADD COLUMN     "secretTallyDefault" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "number" INTEGER,
ADD COLUMN     "secretTally" BOOLEAN NOT NULL DEFAULT false;

-- Number the votes already opened, in the order they were opened, per partnership.
UPDATE "Proposal" AS p SET "number" = n.rn
FROM (SELECT "id", row_number() OVER (PARTITION BY "partnershipId" ORDER BY "createdAt", "id") AS rn FROM "Proposal") AS n
WHERE p."id" = n."id";

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_partnershipId_number_key" ON "Proposal"("partnershipId", "number");

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotChange" ADD CONSTRAINT "BallotChange_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationOfInterest" ADD CONSTRAINT "DeclarationOfInterest_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
