"""The OpenAPI document is valid, complete, and readable as a page."""

from __future__ import annotations

import re

from openapi_spec_validator import validate

from web.api import bp


def _blueprint_routes(app) -> set[tuple[str, str]]:
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        path = path.removeprefix(bp.url_prefix)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routes.add((method.lower(), path))
    return routes


def test_document_is_valid_openapi(client, world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"


def test_every_route_is_documented(client, world):
    spec = client.get("/api/v1/openapi.json").json
    documented = {(m, p) for p, ops in spec["paths"].items() for m in ops}
    missing = _blueprint_routes(client.application) - documented
    assert not missing, f"add these to OPERATIONS in web/api/openapi.py: {sorted(missing)}"


def test_every_operation_documents_its_responses(client, world):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["paths"]
    for path, operations in spec["paths"].items():
        assert operations, path
        for method, op in operations.items():
            assert op["responses"], (method, path)
            assert any(code.startswith("2") for code in op["responses"]), (method, path)
            for code, response in op["responses"].items():
                if code.startswith(("4", "5")):
                    schema = response["content"]["application/json"]["schema"]
                    assert schema["$ref"].endswith("/Error"), (method, path, code)


def test_letters_endpoints_are_documented(client, world):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    pdf = paths["/cases/{tracking_id}/casefile.pdf"]["get"]["responses"]["200"]
    assert "application/pdf" in pdf["content"]
    assert "/cases/{tracking_id}/letters" in paths
    assert "application/pdf" in \
        paths["/cases/{tracking_id}/letters/{letter_id}.pdf"]["get"]["responses"]["200"]["content"]


# Officers' own accounts and the organisation's names: the admin's directory, no reporter.
DIRECTORY = {"AdminAgency", "AdminAgencyCreate", "AdminAgencyUpdate", "AdminUnit",
             "AdminUnitCreate", "AdminUnitUpdate", "AdminUser", "AdminUserCreate",
             "AdminUserUpdate"}


def test_no_identity_field_outside_the_identity_schema(client, world):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]
    assert set(schemas) - {"ReporterIdentity", "CaseIntake", "Reporter"}
    for name, schema in schemas.items():
        if name in ("ReporterIdentity", "CaseIntake", "Reporter", *DIRECTORY):
            continue
        assert not {"name", "phone", "email", "nik"} & set(schema.get("properties", {})), name


def test_docs_page_lists_every_operation_without_a_cdn(client, world):
    response = client.get("/api/v1/docs?lang=en")
    assert response.status_code == 200 and response.mimetype == "text/html"
    page = response.data.decode()
    for path in ("/api/v1/cases/{tracking_id}/responses", "/api/v1/tasks/{task_id}/complete",
                 "/api/v1/auth/token", "/api/v1/cases/{tracking_id}/casefile.pdf"):
        assert path in page
    assert "Schemas" in page and "CasePublic" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
