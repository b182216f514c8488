-- CreateEnum
CREATE TYPE "DigestHolidayRule" AS ENUM ('POST_ANYWAY', 'NEXT_WORKING_DAY');

-- AlterTable
ALTER TABLE "Partnership" ADD COLUMN     "digestOnBankHoliday" "DigestHolidayRule" NOT NULL DEFAULT 'NEXT_WORKING_DAY';

-- CreateTable
CREATE TABLE "ClosureDay" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "reason" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClosureDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkingPattern" (
    "personId" UUID NOT NULL,
    "workingDays" INTEGER[],
    "startHour" INTEGER NOT NULL,
    "endHour" INTEGER NOT NULL,
    "timeZone" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WorkingPattern_pkey" PRIMARY KEY ("personId")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClosureDay_partnershipId_date_key" ON "ClosureDay"("partnershipId", "date");

-- AddForeignKey
ALTER TABLE "ClosureDay" ADD CONSTRAINT "ClosureDay_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WorkingPattern" ADD CONSTRAINT "WorkingPattern_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;
