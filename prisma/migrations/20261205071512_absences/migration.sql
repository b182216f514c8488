-- CreateTable
CREATE TABLE "Absence" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "fromDate" DATE NOT NULL,
    "untilDate" DATE,
    "reason" TEXT,
    "setById" UUID,
    "source" "RecordSource" NOT NULL DEFAULT 'CHAT',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),
    "endedById" UUID,

    CONSTRAINT "Absence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Absence_personId_fromDate_idx" ON "Absence"("personId", "fromDate");

-- AddForeignKey
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Absence" ADD CONSTRAINT "Absence_setById_fkey" FOREIGN KEY ("setById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;
