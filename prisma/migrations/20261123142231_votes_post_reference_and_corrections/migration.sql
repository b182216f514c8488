-- AlterTable
ALTER TABLE "Decision" ADD COLUMN     "correctionReason" TEXT,
ADD COLUMN     "recordedByName" TEXT;

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "postConversationReference" JSONB;
