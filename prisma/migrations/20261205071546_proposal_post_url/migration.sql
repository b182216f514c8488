-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "postUrl" TEXT;
