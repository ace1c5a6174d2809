-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('read', 'write');

-- AlterTable
ALTER TABLE "Session" ADD COLUMN "scope" "TokenScope",
ADD COLUMN "deviceBrowser" TEXT,
ADD COLUMN "deviceOs" TEXT,
ADD COLUMN "deviceIp" TEXT;

-- API tokens made before scopes could do every write: they keep that.
UPDATE "Session" SET "scope" = 'write' WHERE "kind" = 'api';
