-- CreateIndex
CREATE INDEX "Song_title_id_idx" ON "Song"("title", "id");

