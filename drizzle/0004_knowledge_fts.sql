-- Knowledge search indexes (drizzle-kit cannot express FTS5 virtual tables), written only by
-- server/src/features/knowledge/knowledge.repo.ts with every item change. Contentless: the
-- text lives in knowledge_items. One table per searched column (title, similar, body), so a
-- search of one column never walks the posting lists of the others. In every table:
--   rowid = min(use_count, 2^20 - 1) * 2^32 + item id: ORDER BY rowid DESC is "most used
--           first, then newest", and the scan stops at the page size;
--   scope = the item's tree id as one trigram (knowledge.match.ts scopeToken);
--   text  = the column's text (empty columns get no row).
-- knowledge_fts_*: the text as is, for queries of 3+ characters (a trigram phrase is a substring).
CREATE VIRTUAL TABLE `knowledge_fts_title` USING fts5(scope, text, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts_similar` USING fts5(scope, text, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts_body` USING fts5(scope, text, content='', contentless_delete=1, tokenize='trigram');
--> statement-breakpoint
-- knowledge_fts_*_short: the text with U+0001 around every character, so that each character
-- and each pair of neighbours is one trigram: 1- and 2-character queries. Single-term lookups,
-- so column-level detail is enough (and much smaller than positions).
CREATE VIRTUAL TABLE `knowledge_fts_title_short` USING fts5(scope, text, content='', contentless_delete=1, detail=column, tokenize='trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts_similar_short` USING fts5(scope, text, content='', contentless_delete=1, detail=column, tokenize='trigram');
--> statement-breakpoint
CREATE VIRTUAL TABLE `knowledge_fts_body_short` USING fts5(scope, text, content='', contentless_delete=1, detail=column, tokenize='trigram');
