-- A big access log for measuring the data-protection officer's per-person question
-- (docs/performance.md): 10 million rows over 2026 in monthly partitions, one in five
-- naming 20 people, plus 5,000 rows for participant 7. Run against a migrated database
-- of its own (never production):
--   createdb inp_x_log && DATABASE_URL=…/inp_x_log inprocedere migrate
--   psql inp_x_log -f bench/access_log.sql
\timing on
DO $$
DECLARE m date := date '2026-01-01';
BEGIN
  WHILE m < date '2026-12-01' LOOP
    EXECUTE format('CREATE TABLE IF NOT EXISTS privacy_accesslogentry_y%sm%s PARTITION OF privacy_accesslogentry FOR VALUES FROM (%L) TO (%L)',
      to_char(m, 'YYYY'), to_char(m, 'MM'), m::timestamptz, (m + interval '1 month')::timestamptz);
    m := m + interval '1 month';
  END LOOP;
END $$;
DROP INDEX privacy_accesslog_participants;
INSERT INTO privacy_accesslogentry (at, user_label, participant_ids, action, channel, categories, purpose, basis, path)
SELECT timestamptz '2026-01-01 00:00+00' + g * interval '3 seconds',
       'bench',
       CASE WHEN g % 5 = 0
            THEN ARRAY(SELECT (random() * 999999)::bigint + 1 + g * 0 FROM generate_series(1, 20))
            ELSE ARRAY[(random() * 999999)::bigint + 1] END,
       'read', 'page', '["identity"]', '', 'own_case', '/participants/'
FROM generate_series(1, 10000000) g;
INSERT INTO privacy_accesslogentry (at, user_label, participant_ids, action, channel, categories, purpose, basis, path)
SELECT timestamptz '2026-01-01 00:00+00' + g * interval '90 minutes', 'bench', ARRAY[7::bigint],
       'read', 'page', '["identity"]', '', 'own_case', '/participants/7/'
FROM generate_series(1, 5000) g;
CREATE INDEX privacy_accesslog_participants ON privacy_accesslogentry USING gin (participant_ids);
VACUUM ANALYZE privacy_accesslogentry;
-- the question, as the DPO page asks it:
SELECT count(*) FROM privacy_accesslogentry WHERE participant_ids @> ARRAY[4242::bigint];
SELECT id, at FROM privacy_accesslogentry WHERE participant_ids @> ARRAY[4242::bigint]
ORDER BY at + interval '0 s' DESC, id DESC LIMIT 50;
