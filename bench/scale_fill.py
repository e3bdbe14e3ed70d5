"""Bulk SQL that fills a migrated demo database with N cases of realistic shape (PostgreSQL).

Used by bench/scale.py. Everything is INSERT ... SELECT over generate_series, seeded
(`setseed`), so a run takes minutes at a million cases, not hours:
- 300 generated agencies (one per regency-like region code in 38 provinces), each with a
  root unit and 3 sub-units, beside the demo's; Pemerintah Kota Medan (the demo verifier's
  agency) gets 5% of all cases, so its inbox is deep; the rest spread unevenly (r^2).
- ~5% of cases open (verification 1.5%, hold 0.5%, follow-up 2%, responded 1%), of the
  closed ones 13% archived; 15% late, escalations, 5% reopened, 60% of closed rated;
  working days to the first follow-up from an exponential (mean ~3).
- Per case: its workflow_state, 2-3 audit events (the follow-up answer is searchable),
  a note on 10%, a ready task per open case, and the statistics rollup grouped in SQL.
"""

from __future__ import annotations

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
WORDS = ("obat", "jalan", "lampu", "sampah", "banjir", "sekolah", "puskesmas", "ktp",
         "air", "listrik", "antrean", "pungli", "parkir", "drainase", "jembatan", "guru",
         "bansos", "pajak", "izin", "pasar")
CATEGORIES = ("health", "roads", "education", "civil_registration", "environment",
              "whistleblowing", "other")

ORG = """
INSERT INTO agency (code, name, kind, region_code)
SELECT 'gen-' || g, 'Pemerintah Daerah Uji ' || g, 'local_government', NULL
FROM generate_series(1, 300) g;
INSERT INTO unit (code, name, agency_id, parent_id, region_code, path)
SELECT a.code || '.root', 'Sekretariat ' || a.name, a.id, NULL, NULL, '/'
FROM agency a WHERE a.code LIKE 'gen-%';
UPDATE unit SET path = '/' || id || '/' WHERE code LIKE 'gen-%.root';
INSERT INTO unit (code, name, agency_id, parent_id, region_code, path)
SELECT r.code || '.' || s, 'Dinas ' || (ARRAY['Kesehatan','Pekerjaan Umum','Pendidikan'])[s]
       || ' ' || substr(r.code, 5, length(r.code) - 9), r.agency_id, r.id, NULL, r.path
FROM unit r, generate_series(1, 3) s WHERE r.code LIKE 'gen-%.root';
UPDATE unit SET path = path || id || '/' WHERE code LIKE 'gen-%' AND parent_id IS NOT NULL;
CREATE UNLOGGED TABLE bench_agency AS
SELECT row_number() OVER (ORDER BY a.id) - 1 AS n, a.id AS agency_id, root.id AS root_id,
       (SELECT array_agg(u.id ORDER BY u.id) FROM unit u
        WHERE u.agency_id = a.id AND u.parent_id IS NOT NULL) AS units,
       lpad(((11 + (row_number() OVER (ORDER BY a.id)) % 38))::text, 2, '0') || '.'
       || lpad((1 + (row_number() OVER (ORDER BY a.id)) % 40)::text, 2, '0') AS region
FROM agency a JOIN unit root ON root.agency_id = a.id AND root.parent_id IS NULL
WHERE a.code LIKE 'gen-%' OR a.code = 'pemkot-medan';
"""


def _tracking(i: str) -> str:
    """8 symbols of the tracking alphabet from a bijection of i (so every id is unique)."""
    t = f"(({i}::bigint * 1000003) % 656100000000)"
    return " || ".join(f"substr('{ALPHABET}', (({t} / {30 ** k}) % 30)::int + 1, 1)"
                       for k in range(8))


def cases_sql(n: int, version_id: int, medan_id: int) -> str:
    """The cases: one INSERT ... SELECT over n rows of random draws."""
    words = "ARRAY[" + ",".join(f"'{w}'" for w in WORDS) + "]"
    categories = "ARRAY[" + ",".join(f"'{c}'" for c in CATEGORIES) + "]"
    return f"""
CREATE UNLOGGED TABLE bench_draw AS
SELECT g AS i, random() AS r_status, random() AS r_agency, random() AS r_unit,
       random() AS r_day, random() AS r_ff, random() AS r_late, random() AS r_misc,
       random() AS r_rating, random() AS r_kind
FROM generate_series(1, {n}) g;
CREATE UNLOGGED TABLE bench_case AS
SELECT d.*, a.agency_id, a.root_id, a.region,
       a.units[1 + floor(d.r_unit * array_length(a.units, 1))::int] AS unit_pick,
       CASE WHEN d.r_status < 0.015 THEN 'verification' WHEN d.r_status < 0.02 THEN 'hold'
            WHEN d.r_status < 0.04 THEN 'follow_up' WHEN d.r_status < 0.05 THEN 'responded'
            WHEN d.r_status < 0.05 + 0.95 * 0.13 THEN 'archived' ELSE 'closed' END AS status,
       now() - (d.r_day * interval '365 days') AS submitted_at,
       least(floor(-ln(greatest(d.r_ff, 1e-9)) * 3)::int, 60) AS ff
FROM bench_draw d JOIN bench_agency a ON a.n = CASE WHEN d.r_agency < 0.05 THEN
  (SELECT n FROM bench_agency WHERE agency_id = {medan_id})
  ELSE 1 + floor(((d.r_agency - 0.05) / 0.95) ^ 2 * 299)::int END;
INSERT INTO "case" (tracking_id, reporter_key_hash, kind, channel, category, region_code,
  title, original_title, description, anonymous, confidential, status, agency_id, unit_id,
  process_version_id, submitted_at, due_at, closed_at, escalation_level, holds, forwards,
  reopens, rating, late, version, first_follow_up_at, first_follow_up_days,
  first_follow_up_late)
SELECT {_tracking('c.i')}, md5(c.i::text) || md5((c.i + 1)::text),
  CASE WHEN c.r_kind < 0.7 THEN 'complaint' WHEN c.r_kind < 0.9 THEN 'aspiration'
       ELSE 'information_request' END,
  (ARRAY['web','web','web','web','web','api','api','sms','social','officer'])
    [1 + floor(c.r_misc * 10)::int],
  ({categories})[1 + floor(power((c.i::bigint * 7919 % 1000) / 1000.0, 2) * 7)::int],
  c.region || '.' || lpad((1 + c.i % 20)::text, 2, '0'),
  'Keluhan ' || ({words})[1 + c.i % 20] || ' di desa ' || (c.i % 5000),
  'Keluhan ' || ({words})[1 + c.i % 20] || ' di desa ' || (c.i % 5000),
  'Warga melaporkan masalah ' || ({words})[1 + (c.i / 20) % 20] || ' dan '
    || ({words})[1 + (c.i / 400) % 20] || ' di dusun Kampung' || (c.i % 20000)
    || ' sejak beberapa minggu.',
  c.r_misc < 0.7, c.r_misc > 0.8, c.status, c.agency_id,
  CASE WHEN c.status IN ('verification', 'hold') OR c.r_status < 0.06 THEN NULL
       ELSE c.unit_pick END,
  {version_id}, c.submitted_at,
  CASE WHEN c.status IN ('closed', 'archived') THEN NULL
       ELSE c.submitted_at + interval '5 days' END,
  CASE WHEN c.status IN ('closed', 'archived')
       THEN c.submitted_at + (c.ff + 3) * interval '1 day' END,
  CASE WHEN c.r_late < 0.15 THEN 1 + (c.r_late < 0.03)::int ELSE 0 END, 0, 0,
  (c.status = 'closed' AND c.r_misc < 0.05)::int,
  CASE WHEN c.status = 'closed' AND c.r_rating < 0.6
       THEN 1 + floor(sqrt(c.r_rating / 0.6) * 5)::int END,
  c.r_late < 0.15, 1,
  CASE WHEN c.status IN ('responded', 'closed')
       THEN c.submitted_at + c.ff * interval '1.4 days' END,
  CASE WHEN c.status IN ('responded', 'closed') THEN c.ff END,
  CASE WHEN c.status IN ('responded', 'closed') THEN c.r_late < 0.15 OR c.ff > 8 END
FROM bench_case c ORDER BY c.submitted_at;
"""


RELATED = """
INSERT INTO workflow_state (case_id, state, facts, updated_at)
SELECT id, '{}'::jsonb, '{}'::jsonb, submitted_at FROM "case" WHERE id > :first;
INSERT INTO case_event (chain, seq, case_id, kind, actor, payload, created_at, prev_hash, hash)
SELECT 'case:' || c.id, e.seq, c.id,
  (ARRAY['case_submitted', 'task_completed', 'task_completed'])[e.seq],
  (ARRAY['reporter', 'user:3', 'user:5'])[e.seq],
  CASE e.seq WHEN 1 THEN '{}'::jsonb
    WHEN 2 THEN jsonb_build_object('task', 'verify', 'data', jsonb_build_object('decision',
                                   'valid'))
    ELSE jsonb_build_object('task', 'follow_up', 'data', jsonb_build_object('decision',
      'answer', 'answer', 'Sudah ditangani petugas regu ' || (c.id % 3000) || ' dengan '
      || 'perbaikan ' || (ARRAY['pipa','lampu','aspal','saluran'])[1 + c.id % 4])) END,
  c.submitted_at + e.seq * interval '1 hour', md5(c.id::text || e.seq) || md5(e.seq::text),
  md5(e.seq::text || c.id) || md5(c.id::text)
FROM "case" c CROSS JOIN generate_series(1, 3) e(seq)
WHERE c.id > :first AND (e.seq < 3 OR c.first_follow_up_days IS NOT NULL);
UPDATE "case" SET audit_seq = CASE WHEN first_follow_up_days IS NULL THEN 2 ELSE 3 END
WHERE id > :first;
INSERT INTO case_note (case_id, author_id, from_reporter, internal, body, created_at)
SELECT id, NULL, false, true, 'Catatan lapangan: petugas memeriksa lokasi Blok'
       || (id % 7000) || ' bersama warga.', submitted_at + interval '2 hours'
FROM "case" WHERE id > :first AND id % 10 = 0;
INSERT INTO human_task (id, case_id, spec, label, lane, form, status, escalation,
  instructions, agency_id, unit_id, due_at, state, created_at)
SELECT md5('task' || c.id), c.id,
  CASE c.status WHEN 'verification' THEN 'verify' WHEN 'follow_up' THEN 'follow_up'
       ELSE 'reporter_response' END,
  'Tugas', CASE c.status WHEN 'verification' THEN 'coordinator'
                         WHEN 'follow_up' THEN 'liaison' ELSE 'reporter' END,
  CASE c.status WHEN 'verification' THEN 'verify' WHEN 'follow_up' THEN 'follow_up'
       ELSE 'reporter_response' END, c.status, 0, '', c.agency_id,
  CASE c.status WHEN 'verification' THEN a.root_id ELSE c.unit_id END,
  c.due_at, 'ready', c.submitted_at
FROM "case" c JOIN bench_agency a ON a.agency_id = c.agency_id
WHERE c.id > :first AND c.status NOT IN ('closed', 'archived');
"""

# The rollup as `flask stats rebuild` would write it, grouped in SQL (the key only has to be
# unique per combination; the bench never writes a case, so no mark is needed).
ROLLUP = """
INSERT INTO case_rollup (key, day, agency_id, unit_id, category, region_code, kind, channel,
  confidential, status, closed_day, ff_days, n, late, escalated, reopened, rating_n,
  rating_sum, ff_on_time)
SELECT concat_ws('|', day, coalesce(agency_id::text, ''), coalesce(unit_id::text, ''),
                 category, region_code, kind, channel, confidential, status,
                 coalesce(closed_day::text, ''), coalesce(ff_days::text, '')), *
FROM (SELECT (submitted_at AT TIME ZONE 'Asia/Jakarta')::date AS day, agency_id, unit_id,
        category, region_code, kind, channel, confidential, status,
        (closed_at AT TIME ZONE 'Asia/Jakarta')::date AS closed_day,
        first_follow_up_days AS ff_days, count(*) AS n, count(*) FILTER (WHERE late),
        count(*) FILTER (WHERE escalation_level > 0), count(*) FILTER (WHERE reopens > 0),
        count(rating), coalesce(sum(rating), 0),
        count(*) FILTER (WHERE first_follow_up_days IS NOT NULL AND NOT first_follow_up_late)
      FROM "case" WHERE status <> 'submitted' AND id > :first
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11) grouped;
DROP TABLE bench_draw, bench_case, bench_agency;
ANALYZE;
"""
