-- CreateTable
CREATE TABLE "HallmarkPosting" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "channelId" TEXT NOT NULL,
    "postedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HallmarkPosting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "HallmarkPosting_partnershipId_postedAt_idx" ON "HallmarkPosting"("partnershipId", "postedAt");

-- AddForeignKey
ALTER TABLE "HallmarkPosting" ADD CONSTRAINT "HallmarkPosting_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;
