-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('POLICE', 'LOCAL_AUTHORITY', 'FIRE', 'HEALTH', 'PROBATION', 'OTHER');

-- CreateEnum
CREATE TYPE "GroupKind" AS ENUM ('STRATEGY_BOARD', 'THEMATIC_GROUP', 'OPERATIONS_GROUP', 'TASK_AND_FINISH');

-- CreateEnum
CREATE TYPE "MembershipRole" AS ENUM ('CHAIR', 'VICE_CHAIR', 'REPRESENTATIVE', 'DEPUTY', 'MEMBER', 'SECRETARIAT');

-- CreateEnum
CREATE TYPE "MajorityRule" AS ENUM ('SIMPLE', 'TWO_THIRDS', 'UNANIMOUS');

-- CreateEnum
CREATE TYPE "ChatPlatform" AS ENUM ('SLACK', 'TEAMS');

-- CreateEnum
CREATE TYPE "IdentityLinkMethod" AS ENUM ('IMPORT', 'EMAIL', 'ADMIN');

-- CreateEnum
CREATE TYPE "UpdateCadence" AS ENUM ('WEEKLY', 'FORTNIGHTLY', 'MONTHLY', 'QUARTERLY');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('NOT_STARTED', 'ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'COMPLETE', 'CANCELLED');

-- CreateEnum
CREATE TYPE "RecordSource" AS ENUM ('CHAT', 'IMPORT', 'SYSTEM');

-- CreateEnum
CREATE TYPE "IndicatorUnit" AS ENUM ('COUNT', 'PERCENT', 'RATE_PER_1000', 'RATE_PER_100000');

-- CreateEnum
CREATE TYPE "Polarity" AS ENUM ('LOWER_IS_BETTER', 'HIGHER_IS_BETTER');

-- CreateEnum
CREATE TYPE "ReadingFrequency" AS ENUM ('MONTHLY', 'QUARTERLY', 'ANNUAL');

-- CreateEnum
CREATE TYPE "VoteReason" AS ENUM ('FINANCE', 'NO_CONSENSUS', 'CHAIR_DISCRETION');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('OPEN', 'AWAITING_CASTING_VOTE', 'CLOSED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "BallotChoice" AS ENUM ('FOR', 'AGAINST', 'ABSTAIN');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('CARRIED', 'LOST', 'NO_DECISION_INQUORATE');

-- CreateEnum
CREATE TYPE "Hallmark" AS ENUM ('EMPOWERED_AND_EFFECTIVE_LEADERSHIP', 'INTELLIGENCE_LED_BUSINESS_PROCESSES', 'EFFECTIVE_AND_RESPONSIVE_DELIVERY_STRUCTURES', 'ENGAGED_COMMUNITIES', 'VISIBLE_AND_CONSTRUCTIVE_ACCOUNTABILITY', 'APPROPRIATE_SKILLS_AND_KNOWLEDGE');

-- CreateEnum
CREATE TYPE "HallmarkItemKind" AS ENUM ('REQUIREMENT', 'QUESTION');

-- CreateEnum
CREATE TYPE "HallmarkStatus" AS ENUM ('MET', 'PARTLY_MET', 'NOT_MET', 'AWAITING_EXTERNAL', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "NotificationKind" AS ENUM ('ACTION_UPDATE_REMINDER', 'ACTION_ESCALATION', 'VOTE_REMINDER', 'QUORUM_AT_RISK', 'HALLMARK_REVIEW_REMINDER', 'DIGEST');

-- CreateEnum
CREATE TYPE "JobRunStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "AuditOutcome" AS ENUM ('ALLOWED', 'REFUSED', 'FAILED');

-- CreateTable
CREATE TABLE "Partnership" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL DEFAULT 'Europe/London',
    "quorum" INTEGER NOT NULL,
    "majorityRule" "MajorityRule" NOT NULL DEFAULT 'SIMPLE',
    "chairHasCastingVote" BOOLEAN NOT NULL DEFAULT true,
    "voteReminderHours" INTEGER NOT NULL DEFAULT 24,
    "escalationAfterDays" INTEGER NOT NULL DEFAULT 7,
    "defaultDigestCron" TEXT NOT NULL DEFAULT '0 9 * * 1',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Partnership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "isStatutory" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "jobTitle" TEXT,
    "organisationId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatWorkspace" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "name" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ChatWorkspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT,
    "linkedBy" "IdentityLinkMethod" NOT NULL,
    "conversationReference" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ChatIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "GroupKind" NOT NULL,
    "parentId" UUID,
    "defaultCadence" "UpdateCadence" NOT NULL DEFAULT 'MONTHLY',
    "digestCron" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GroupChannel" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "workspaceId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "name" TEXT,
    "conversationReference" JSONB,
    "linkedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GroupChannel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "organisationId" UUID,
    "startsOn" DATE,
    "endsOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Plan" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Priority" (
    "id" UUID NOT NULL,
    "planId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Priority_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Outcome" (
    "id" UUID NOT NULL,
    "priorityId" UUID NOT NULL,
    "description" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Outcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Action" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "planId" UUID,
    "ref" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "notes" TEXT,
    "leadOrganisationId" UUID,
    "ownerId" UUID,
    "groupId" UUID,
    "priorityId" UUID,
    "dueDate" DATE,
    "cadence" "UpdateCadence",
    "status" "ActionStatus" NOT NULL DEFAULT 'NOT_STARTED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "lastUpdateAt" TIMESTAMPTZ(3),
    "reminderSnoozedUntil" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Action_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ActionUpdate" (
    "id" UUID NOT NULL,
    "actionId" UUID NOT NULL,
    "authorId" UUID,
    "source" "RecordSource" NOT NULL DEFAULT 'CHAT',
    "status" "ActionStatus" NOT NULL,
    "progress" INTEGER NOT NULL,
    "done" TEXT,
    "nextSteps" TEXT,
    "blockers" TEXT,
    "cancelReason" TEXT,
    "previousDueDate" DATE,
    "newDueDate" DATE,
    "dueDateReason" TEXT,
    "correctsId" UUID,
    "importKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ActionUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit" "IndicatorUnit" NOT NULL,
    "polarity" "Polarity" NOT NULL,
    "amberTolerancePct" DECIMAL(6,2),
    "frequency" "ReadingFrequency" NOT NULL DEFAULT 'MONTHLY',
    "cumulative" BOOLEAN NOT NULL DEFAULT false,
    "headline" BOOLEAN NOT NULL DEFAULT true,
    "leadOrganisationId" UUID,
    "groupId" UUID,
    "baselineValue" DECIMAL(14,4),
    "baselinePeriod" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorTarget" (
    "id" UUID NOT NULL,
    "indicatorId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "value" DECIMAL(14,4),

    CONSTRAINT "IndicatorTarget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorReading" (
    "id" UUID NOT NULL,
    "indicatorId" UUID NOT NULL,
    "period" TEXT NOT NULL,
    "periodStart" DATE NOT NULL,
    "periodEnd" DATE NOT NULL,
    "value" DECIMAL(14,4) NOT NULL,
    "source" "RecordSource" NOT NULL DEFAULT 'CHAT',
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorReading_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IndicatorReadingRevision" (
    "id" UUID NOT NULL,
    "readingId" UUID NOT NULL,
    "value" DECIMAL(14,4) NOT NULL,
    "previousValue" DECIMAL(14,4),
    "recordedById" UUID,
    "source" "RecordSource" NOT NULL DEFAULT 'CHAT',
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IndicatorReadingRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "groupId" UUID NOT NULL,
    "proposedById" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "motion" TEXT NOT NULL,
    "reason" "VoteReason" NOT NULL,
    "financeAmount" DECIMAL(14,2),
    "papersUrl" TEXT,
    "status" "ProposalStatus" NOT NULL DEFAULT 'OPEN',
    "opensAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),
    "closedById" UUID,
    "castingVote" "BallotChoice",
    "postPlatform" "ChatPlatform",
    "postChannelId" TEXT,
    "postMessageId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ballot" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "voterId" UUID NOT NULL,
    "organisationId" UUID NOT NULL,
    "asDeputy" BOOLEAN NOT NULL DEFAULT false,
    "choice" "BallotChoice" NOT NULL,
    "castAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BallotChange" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "voterId" UUID NOT NULL,
    "choice" "BallotChoice" NOT NULL,
    "previous" "BallotChoice",
    "changedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BallotChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeclarationOfInterest" (
    "id" UUID NOT NULL,
    "proposalId" UUID NOT NULL,
    "personId" UUID NOT NULL,
    "organisationId" UUID,
    "text" TEXT,
    "declaredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DeclarationOfInterest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Decision" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "groupId" UUID NOT NULL,
    "proposalId" UUID,
    "decidedAt" TIMESTAMPTZ(3) NOT NULL,
    "title" TEXT NOT NULL,
    "motion" TEXT NOT NULL,
    "outcome" "DecisionOutcome" NOT NULL,
    "quorate" BOOLEAN NOT NULL,
    "quorumRequired" INTEGER NOT NULL,
    "presentCount" INTEGER NOT NULL,
    "forCount" INTEGER NOT NULL,
    "againstCount" INTEGER NOT NULL,
    "abstainCount" INTEGER NOT NULL,
    "castingVote" "BallotChoice",
    "tally" JSONB NOT NULL,
    "declarations" JSONB NOT NULL,
    "proposedByName" TEXT NOT NULL,
    "correctsId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HallmarkItem" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "hallmark" "Hallmark",
    "kind" "HallmarkItemKind" NOT NULL,
    "text" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "ownerId" UUID,
    "retiredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "HallmarkItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HallmarkAssessment" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "status" "HallmarkStatus",
    "rawStatus" TEXT,
    "needsReview" BOOLEAN NOT NULL DEFAULT false,
    "externalBody" TEXT,
    "notApplicableReason" TEXT,
    "agreedAction" TEXT,
    "evidence" TEXT,
    "evidenceLinks" TEXT[],
    "reviewDate" DATE,
    "assessedById" UUID,
    "source" "RecordSource" NOT NULL DEFAULT 'CHAT',
    "assessedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "HallmarkAssessment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "id" UUID NOT NULL,
    "jobName" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" "JobRunStatus" NOT NULL DEFAULT 'RUNNING',
    "late" BOOLEAN NOT NULL DEFAULT false,
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "owner" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "result" JSONB,
    "error" TEXT,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "kind" "NotificationKind" NOT NULL,
    "dedupeKey" TEXT NOT NULL,
    "recipientId" UUID,
    "subjectId" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "platform" "ChatPlatform",
    "channelId" TEXT,
    "messageId" TEXT,
    "sentAt" TIMESTAMPTZ(3),
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "partnershipId" UUID,
    "actorPersonId" UUID,
    "actorPlatform" "ChatPlatform",
    "actorUserId" TEXT,
    "action" TEXT NOT NULL,
    "outcome" "AuditOutcome" NOT NULL,
    "subjectType" TEXT,
    "subjectId" TEXT,
    "reason" TEXT,
    "detail" JSONB,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Partnership_slug_key" ON "Partnership"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_partnershipId_key_key" ON "Organisation"("partnershipId", "key");

-- CreateIndex
CREATE INDEX "Person_partnershipId_email_idx" ON "Person"("partnershipId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Person_partnershipId_key_key" ON "Person"("partnershipId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "ChatWorkspace_platform_workspaceId_key" ON "ChatWorkspace"("platform", "workspaceId");

-- CreateIndex
CREATE INDEX "ChatIdentity_personId_idx" ON "ChatIdentity"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_workspaceId_userId_key" ON "ChatIdentity"("platform", "workspaceId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Group_partnershipId_key_key" ON "Group"("partnershipId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "GroupChannel_groupId_platform_key" ON "GroupChannel"("groupId", "platform");

-- CreateIndex
CREATE UNIQUE INDEX "GroupChannel_platform_workspaceId_channelId_key" ON "GroupChannel"("platform", "workspaceId", "channelId");

-- CreateIndex
CREATE INDEX "Membership_personId_idx" ON "Membership"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_groupId_personId_role_key" ON "Membership"("groupId", "personId", "role");

-- CreateIndex
CREATE UNIQUE INDEX "Plan_partnershipId_key_key" ON "Plan"("partnershipId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Priority_planId_key_key" ON "Priority"("planId", "key");

-- CreateIndex
CREATE UNIQUE INDEX "Outcome_priorityId_position_key" ON "Outcome"("priorityId", "position");

-- CreateIndex
CREATE INDEX "Action_ownerId_idx" ON "Action"("ownerId");

-- CreateIndex
CREATE INDEX "Action_groupId_idx" ON "Action"("groupId");

-- CreateIndex
CREATE UNIQUE INDEX "Action_partnershipId_ref_key" ON "Action"("partnershipId", "ref");

-- CreateIndex
CREATE INDEX "ActionUpdate_actionId_createdAt_idx" ON "ActionUpdate"("actionId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ActionUpdate_actionId_importKey_key" ON "ActionUpdate"("actionId", "importKey");

-- CreateIndex
CREATE UNIQUE INDEX "Indicator_partnershipId_code_key" ON "Indicator"("partnershipId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorTarget_indicatorId_period_key" ON "IndicatorTarget"("indicatorId", "period");

-- CreateIndex
CREATE INDEX "IndicatorReading_indicatorId_periodStart_idx" ON "IndicatorReading"("indicatorId", "periodStart");

-- CreateIndex
CREATE UNIQUE INDEX "IndicatorReading_indicatorId_period_key" ON "IndicatorReading"("indicatorId", "period");

-- CreateIndex
CREATE INDEX "IndicatorReadingRevision_readingId_recordedAt_idx" ON "IndicatorReadingRevision"("readingId", "recordedAt");

-- CreateIndex
CREATE INDEX "Proposal_status_closesAt_idx" ON "Proposal"("status", "closesAt");

-- CreateIndex
CREATE INDEX "Ballot_proposalId_organisationId_idx" ON "Ballot"("proposalId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Ballot_proposalId_voterId_key" ON "Ballot"("proposalId", "voterId");

-- CreateIndex
CREATE INDEX "BallotChange_proposalId_changedAt_idx" ON "BallotChange"("proposalId", "changedAt");

-- CreateIndex
CREATE UNIQUE INDEX "DeclarationOfInterest_proposalId_personId_key" ON "DeclarationOfInterest"("proposalId", "personId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_proposalId_key" ON "Decision"("proposalId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_correctsId_key" ON "Decision"("correctsId");

-- CreateIndex
CREATE UNIQUE INDEX "Decision_partnershipId_number_key" ON "Decision"("partnershipId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "HallmarkItem_partnershipId_key_key" ON "HallmarkItem"("partnershipId", "key");

-- CreateIndex
CREATE INDEX "HallmarkAssessment_itemId_assessedAt_idx" ON "HallmarkAssessment"("itemId", "assessedAt");

-- CreateIndex
CREATE INDEX "JobRun_jobName_startedAt_idx" ON "JobRun"("jobName", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "JobRun_jobName_scope_periodKey_key" ON "JobRun"("jobName", "scope", "periodKey");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_recipientId_idx" ON "Notification"("recipientId");

-- CreateIndex
CREATE INDEX "Notification_kind_periodKey_idx" ON "Notification"("kind", "periodKey");

-- CreateIndex
CREATE INDEX "AuditEvent_partnershipId_at_idx" ON "AuditEvent"("partnershipId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_action_at_idx" ON "AuditEvent"("action", "at");

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatWorkspace" ADD CONSTRAINT "ChatWorkspace_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChatIdentity" ADD CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupChannel" ADD CONSTRAINT "GroupChannel_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Priority" ADD CONSTRAINT "Priority_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Outcome" ADD CONSTRAINT "Outcome_priorityId_fkey" FOREIGN KEY ("priorityId") REFERENCES "Priority"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_leadOrganisationId_fkey" FOREIGN KEY ("leadOrganisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Action" ADD CONSTRAINT "Action_priorityId_fkey" FOREIGN KEY ("priorityId") REFERENCES "Priority"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "Action"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "ActionUpdate"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_leadOrganisationId_fkey" FOREIGN KEY ("leadOrganisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Indicator" ADD CONSTRAINT "Indicator_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorTarget" ADD CONSTRAINT "IndicatorTarget_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorReading" ADD CONSTRAINT "IndicatorReading_indicatorId_fkey" FOREIGN KEY ("indicatorId") REFERENCES "Indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorReadingRevision" ADD CONSTRAINT "IndicatorReadingRevision_readingId_fkey" FOREIGN KEY ("readingId") REFERENCES "IndicatorReading"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IndicatorReadingRevision" ADD CONSTRAINT "IndicatorReadingRevision_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_proposedById_fkey" FOREIGN KEY ("proposedById") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotChange" ADD CONSTRAINT "BallotChange_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BallotChange" ADD CONSTRAINT "BallotChange_voterId_fkey" FOREIGN KEY ("voterId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationOfInterest" ADD CONSTRAINT "DeclarationOfInterest_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationOfInterest" ADD CONSTRAINT "DeclarationOfInterest_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeclarationOfInterest" ADD CONSTRAINT "DeclarationOfInterest_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_correctsId_fkey" FOREIGN KEY ("correctsId") REFERENCES "Decision"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HallmarkItem" ADD CONSTRAINT "HallmarkItem_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HallmarkItem" ADD CONSTRAINT "HallmarkItem_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HallmarkAssessment" ADD CONSTRAINT "HallmarkAssessment_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "HallmarkItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "HallmarkAssessment" ADD CONSTRAINT "HallmarkAssessment_assessedById_fkey" FOREIGN KEY ("assessedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_recipientId_fkey" FOREIGN KEY ("recipientId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE SET NULL ON UPDATE CASCADE;
