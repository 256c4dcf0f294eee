"""records_name_bigrams in linear time (PostgreSQL only).

The 0006 version took substr(s, i, 2) for every i: on multi-byte text each substr walks the
string from its start, so a name of 15 characters cost nothing but a 1,300-character 违法事实
(indexed since 0019) cost 4 ms, and a 1,000-row push of such penalties spent seconds in the
index. This one splits the text into characters once and pairs neighbours: the same bigrams in
the same order (the indexes built on it stay valid and are not rebuilt), as fast as before on
short text and six times faster on long text (docs/benchmarks.md, push section)."""

from django.db import migrations

LINEAR = """
CREATE OR REPLACE FUNCTION records_name_bigrams(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    chars text[] := string_to_array(lower(name), NULL);
    grams text[] := '{}';
BEGIN
    FOR i IN 1 .. cardinality(chars) - 1 LOOP
        grams := grams || (chars[i] || chars[i + 1]);
    END LOOP;
    RETURN grams;
END
$$
"""

QUADRATIC = """
CREATE OR REPLACE FUNCTION records_name_bigrams(name text) RETURNS text[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    s text := lower(name);
    grams text[] := '{}';
BEGIN
    FOR i IN 1 .. char_length(s) - 1 LOOP
        grams := grams || substr(s, i, 2);
    END LOOP;
    RETURN grams;
END
$$
"""


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("records", "0019_penalty_fact_search")]

    operations = [migrations.RunPython(_run(LINEAR), _run(QUADRATIC), elidable=False)]
