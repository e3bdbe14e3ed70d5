"""The yardstick: a plain Flask endpoint that validates JSON and INSERTs one row.

    gunicorn --chdir bench -w 2 --preload baseline_app:app   (with BENCH_DATABASE_URL)

Same stack as Aduan (Flask, marshmallow, SQLAlchemy, psycopg, gunicorn sync workers) minus
everything Aduan does per case, so the gap between the two is Aduan's own cost.
"""

from __future__ import annotations

import os
from typing import Any

import sqlalchemy as sa
from flask import Flask, request
from marshmallow import Schema, ValidationError, fields, validate

URL = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1/aduan_bench")
engine = sa.create_engine(URL, pool_pre_ping=True)
rows = sa.Table(
    "bench_baseline", sa.MetaData(),
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("category", sa.String(64), nullable=False),
    sa.Column("region", sa.String(16), nullable=False),
)
rows.metadata.create_all(engine)
engine.dispose()  # no connection inherited across gunicorn's fork (--preload)


class ReportSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=5, max=200))
    description = fields.String(required=True, validate=validate.Length(min=10, max=10000))
    category = fields.String(required=True, validate=validate.Length(max=64))
    region = fields.String(required=True, validate=validate.Regexp(r"^\d{2}(\.\d{2})*$"))


app = Flask(__name__)
schema = ReportSchema()


@app.post("/reports")
def create() -> tuple[dict[str, Any], int]:
    try:
        data = schema.load(request.get_json(force=True), unknown="exclude")
    except ValidationError as exc:
        return {"errors": exc.messages}, 422
    with engine.begin() as conn:
        new_id = conn.execute(rows.insert().values(**data).returning(rows.c.id)).scalar_one()
    return {"id": new_id}, 201
