"""The OpenAPI 3 document of API v1, built from the marshmallow schemas, and its docs page.

apispec (with its marshmallow plugin) turns the schemas into JSON Schema, so the document
cannot drift from what the views dump and load; the operations themselves are listed here
in one table, and a test fails when a route on the blueprint is missing from it. The docs
page is rendered on the server from the same document: no CDN, no script, nothing for the
Content-Security-Policy to block.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Response, current_app, jsonify, render_template
from marshmallow import Schema

from domain.cases.schemas import CaseIntakeSchema
from web.api import bp
from web.api import categories as cat
from web.api import process_models as pm
from web.api import schemas as s

VERSION = "1.0.0"
PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
TRACKING_ID = {"name": "tracking_id", "in": "path", "required": True,
               "schema": {"type": "string"}, "description": "ABCD2345 or ABCD-2345"}
TASK_ID = {"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}
SEQ = {"name": "seq", "in": "path", "required": True, "schema": {"type": "integer"},
       "description": "The request's audit event number"}
REPORTER_KEY = {"name": "X-Reporter-Key", "in": "header", "required": False,
                "schema": {"type": "string"},
                "description": "The secret reporter key from the receipt"}
IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "maxLength": 255},
                   "description": "Any unique string (a UUID): a retry with the same key and "
                                  "body gets the first answer and no second case; the same "
                                  "key with another body is 422"}
LANG = {"name": "lang", "in": "query", "required": False,
        "schema": {"type": "string", "enum": ["id", "en"]},
        "description": "Language of messages (default Indonesian; Accept-Language also works)"}
ERRORS = {
    401: "Missing, invalid or expired bearer token",
    403: "Not allowed (wrong reporter key, or a role that may not do this)",
    404: "Not found, or outside the caller's scope (indistinguishable on purpose)",
    409: "Stale version, or the task or case is no longer waiting for this",
    422: "Invalid input; `details` maps each field to its messages",
    429: "Rate limit exceeded for this address",
    503: "A dependency (the job queue) is unavailable; try again later",
}
PROCESS_KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string"},
               "description": "Process model key, e.g. complaint"}
VERSION_NUMBER = {"name": "number", "in": "path", "required": True,
                  "schema": {"type": "integer"}}
DRAFT_ID = {"name": "draft_id", "in": "path", "required": True, "schema": {"type": "integer"}}
CATEGORY_CODE = {"name": "code", "in": "path", "required": True, "schema": {"type": "string"}}
LETTER_ID = {"name": "letter_id", "in": "path", "required": True, "schema": {"type": "integer"}}


@dataclass(frozen=True)
class Op:
    """One documented operation (path relative to /api/v1, in OpenAPI `{param}` form)."""

    method: str
    path: str
    summary: str
    tag: str
    response: type[Schema] | dict[str, Any] | None
    status: int = 200
    body: type[Schema] | None = None
    query: type[Schema] | None = None
    params: tuple[dict[str, Any], ...] = ()
    errors: tuple[int, ...] = ()
    bearer: bool = False
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # merged into the success response
    also: dict[str, Any] = field(default_factory=dict)  # further non-error responses


OPERATIONS: tuple[Op, ...] = (
    Op("post", "/auth/token", "Issue a bearer token", "auth", s.TokenSchema,
       body=s.TokenRequestSchema, errors=(401, 422, 429),
       description="Rate-limited per address (ADUAN_RATE_LIMIT_TOKEN)."),
    Op("post", "/cases", "File a report", "cases", s.ReceiptSchema, status=201,
       body=CaseIntakeSchema, errors=(422, 429), params=(IDEMPOTENCY_KEY,),
       also={"200": {"description": "An exact repeat (the same contact sent the same text "
                                    "within ten minutes, on any channel): no new case; the "
                                    "existing case's tracking id, `repeated: true` and no "
                                    "reporter key (it was shown once, to the first report)",
                     "content": {"application/json": {"schema": s.ReceiptSchema}}}},
       description="Public. Anonymous and confidential default to true. The reporter key "
                   "in the answer is shown once (and to a retry with the same "
                   "Idempotency-Key) and authorises the reporter's replies. `channel` "
                   "declares the client: api (default), app, social or integration. With "
                   "attachments, send multipart/form-data: the case as JSON in the `case` "
                   "part and up to 5 JPEG/PNG/PDF files as `attachments`."),
    Op("get", "/cases", "List the cases in my scope", "cases", s.CasePageSchema,
       query=s.CaseListQuerySchema, errors=(401, 422), bearer=True,
       description="Newest first; keyset pagination with `cursor`; no totals."),
    Op("get", "/cases/{tracking_id}", "Track a case", "cases", s.CasePublicSchema,
       params=(TRACKING_ID, REPORTER_KEY), errors=(404, 429),
       description="Public view, never the reporter's identity. Confidential cases answer "
                   "404 unless the caller presents the reporter key or is an officer in "
                   "scope (bearer token)."),
    Op("post", "/cases/{tracking_id}/responses", "Reply as the reporter", "cases",
       s.CaseStateSchema, body=s.ReporterResponseRequestSchema,
       params=(TRACKING_ID, REPORTER_KEY), errors=(403, 404, 409, 422, 429),
       description="Answer a hold, or accept / reopen / rate the follow-up; `data` follows "
                   "the form in `awaiting_reporter` of the tracking view."),
    Op("post", "/cases/{tracking_id}/reporter", "Read the reporter's identity", "cases",
       s.ReporterIdentitySchema, body=s.IdentityReasonSchema, params=(TRACKING_ID,),
       errors=(401, 403, 404, 422), bearer=True,
       description="Verifying role only for an anonymous reporter, with a reason; every read "
                   "writes an audit event with its reason. A sensitive category (whistleblowing) "
                   "needs an approved request of the caller's first (403 otherwise)."),
    Op("post", "/cases/{tracking_id}/reporter/requests", "Ask to open a sensitive identity",
       "cases", s.IdentityRequestSchema, body=s.IdentityReasonSchema, params=(TRACKING_ID,),
       errors=(401, 403, 404, 409, 422), bearer=True,
       description="Sensitive categories only; audited. A second verifying officer approves."),
    Op("post", "/cases/{tracking_id}/reporter/requests/{seq}/approval",
       "Approve another officer's identity request", "cases", s.IdentityRequestSchema,
       params=(TRACKING_ID, SEQ), errors=(401, 403, 404, 409), bearer=True,
       description="Verifying role, never the requester himself; audited."),
    Op("post", "/cases/{tracking_id}/flags", "Raise (or, as the reporter, lower) the flags",
       "cases", s.FlagsSchema, body=s.FlagsRequestSchema, params=(TRACKING_ID, REPORTER_KEY),
       errors=(401, 403, 404, 409, 422, 429), bearer=True,
       description="An officer in scope (bearer token) may set `anonymous` or `confidential` "
                   "to true; false is refused (403 flag_lowering_needs_reporter). With "
                   "X-Reporter-Key the reporter sets either way. Every change is audited."),
    Op("get", "/cases/{tracking_id}/casefile.pdf", "Download the case file (PDF)", "letters",
       None, params=(TRACKING_ID,), errors=(401, 404, 503), bearer=True,
       extra={"content": PDF},
       also={"202": {"description": "Being rendered for the present audit-chain head; poll "
                                    "the URL in Location after Retry-After seconds",
                     "content": {"application/json": {"schema": s.RenderingSchema}}}},
       description="Auditors and officers in scope. The PDF always shows the present head "
                   "of the case's audit chain."),
    Op("get", "/cases/{tracking_id}/letters", "List the case's letters", "letters",
       s.LetterListSchema, params=(TRACKING_ID, REPORTER_KEY), errors=(401, 404, 429),
       bearer=True,
       description="Each letter with a download link, newest first. With X-Reporter-Key "
                   "instead of a token: only the letters addressed to the reporter (the "
                   "follow-up letter), without casefile_url; a wrong key is 404. A copy "
                   "(tembusan) unit does not see a letter naming a non-anonymous reporter."),
    Op("get", "/cases/{tracking_id}/letters/{letter_id}.pdf", "Download one letter (PDF)",
       "letters", None, params=(TRACKING_ID, LETTER_ID, REPORTER_KEY),
       errors=(401, 404, 429), bearer=True, extra={"content": PDF},
       description="A bearer token, or X-Reporter-Key for the reporter's own letters."),
    Op("get", "/tasks", "My ready tasks", "tasks", s.TaskPageSchema, query=s.TaskQuerySchema,
       errors=(401, 422), bearer=True, description="Soonest deadline first; keyset pages."),
    Op("get", "/tasks/{task_id}", "A task with its form", "tasks", s.TaskDetailSchema,
       params=(TASK_ID,), errors=(401, 404), bearer=True),
    Op("post", "/tasks/{task_id}/complete", "Complete a task", "tasks", s.CaseStateSchema,
       body=s.CompleteRequestSchema, params=(TASK_ID,), errors=(401, 404, 409, 422),
       bearer=True),
    # Process studio (web/api/process_models.py): four-eyes deploys, see its docstring.
    Op("get", "/process-models", "Process models in my scope", "process-models",
       pm.ProcessModelListSchema, errors=(401, 403), bearer=True,
       description="Process owners and sysadmins. The national template and agency copies, "
                   "each with its versions (newest first) and the cases running on each."),
    Op("get", "/process-models/{key}", "One process model with its versions", "process-models",
       pm.ProcessModelSchema, params=(PROCESS_KEY,), errors=(401, 403, 404), bearer=True),
    Op("get", "/process-models/{key}/versions/{number}", "One deployed version (with its BPMN)",
       "process-models", pm.ProcessVersionSchema, params=(PROCESS_KEY, VERSION_NUMBER),
       errors=(401, 403, 404), bearer=True),
    Op("post", "/process-models/{key}/versions", "Upload a new version", "process-models",
       pm.ProcessVersionSchema, status=201, body=pm.ProcessUploadSchema, params=(PROCESS_KEY,),
       errors=(401, 403, 404, 409, 422), bearer=True,
       also={"202": {"description": "A process owner's upload: a submitted draft waiting for "
                                    "another owner's (or a sysadmin's) approval",
                     "content": {"application/json": {"schema": pm.DraftAcceptedSchema}}}},
       description="Send the BPMN as `Content-Type: application/xml` (DMN and forms are kept "
                   "from the latest version) or as JSON `{bpmn, dmn, forms, note}`. Every "
                   "deploy check runs first; a refused definition answers 422 with "
                   "`details: [{element_id, message}]` and nothing of it runs. A sysadmin's "
                   "token deploys at once (201, audited as a direct deploy); a process "
                   "owner's upload becomes a submitted draft (202) for approval."),
    Op("post", "/process-models/{key}/drafts/{draft_id}/approve", "Approve and deploy a draft",
       "process-models", pm.ProcessVersionSchema, status=201,
       params=(PROCESS_KEY, DRAFT_ID), errors=(401, 403, 404, 409, 422), bearer=True,
       description="By a process owner of the model other than the draft's author, or a "
                   "sysadmin; the author's own approval answers 403."),
    # Categories (web/api/categories.py): the public list, and the national admin's.
    Op("get", "/categories", "Categories a new case may choose", "categories",
       cat.CategoryListSchema, description="Public. Active categories only, in list order."),
    Op("get", "/admin/categories", "Every category, inactive ones too", "admin",
       cat.CategoryListSchema, errors=(401, 403), bearer=True,
       description="National admins only."),
    Op("post", "/admin/categories", "Add a category", "admin", cat.CategorySchema, status=201,
       body=cat.CategoryCreateSchema, errors=(401, 403, 409, 422), bearer=True,
       description="National admins only; audited (category_created). The code is fixed "
                   "once created; 409 when it exists."),
    Op("put", "/admin/categories/{code}", "Edit, deactivate or reactivate a category", "admin",
       cat.CategorySchema, body=cat.CategoryUpdateSchema, params=(CATEGORY_CODE,),
       errors=(401, 403, 404, 422), bearer=True,
       description="National admins only; audited. `active: false` stops new cases from "
                   "choosing it (POST /cases answers 422 category_inactive); old cases keep "
                   "it and its name."),
    Op("get", "/openapi.json", "This document", "meta", {"type": "object"}),
    Op("get", "/docs", "This document as a page", "meta", None,
       extra={"content": {"text/html": {"schema": {"type": "string"}}}}),
)

# The organisation's administration (agencies, units, users): listed in its own module.
from web.api.admin_docs import ADMIN_OPERATIONS  # noqa: E402 (it builds on Op above)

OPERATIONS = (*OPERATIONS, *ADMIN_OPERATIONS)


def _content(schema: type[Schema] | dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _operation(op: Op) -> dict[str, Any]:
    ok: dict[str, Any] = {"description": "OK" if op.status == 200 else "Created"}
    if op.response is not None:
        ok["content"] = _content(op.response)
    ok.update(op.extra)
    responses: dict[str, Any] = {str(op.status): ok, **op.also}
    for code in op.errors:
        responses[str(code)] = {"description": ERRORS[code], "content": _content(s.ErrorSchema)}
    operation: dict[str, Any] = {
        "summary": op.summary, "tags": [op.tag], "responses": responses,
        "operationId": f"{op.method}{op.path.replace('/', '_').replace('{', '').replace('}', '')}"
                       .replace(".", "_"),
        "parameters": [*op.params, *([{"in": "query", "schema": op.query}] if op.query else []),
                       LANG],
        "security": [{"bearerAuth": []}] if op.bearer else [],
    }
    if op.description:
        operation["description"] = op.description
    if op.body is not None:
        operation["requestBody"] = {"required": True, "content": _content(op.body)}
    return operation


def build_spec() -> dict[str, Any]:
    """The whole OpenAPI 3.0 document as a dict."""
    spec = APISpec(
        title="Aduan API", version=VERSION, openapi_version="3.0.3",
        plugins=[MarshmallowPlugin()],
        info={"description": "Public complaints (SP4N-LAPOR! model): intake, tracking, the "
                             "reporter's replies, officers' tasks. Every error has the shape "
                             "{\"error\": {\"code\", \"message\", \"details\"}}."},
        servers=[{"url": "/api/v1"}],
    )
    spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    by_path: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        by_path.setdefault(op.path, {})[op.method] = _operation(op)
    for path, operations in by_path.items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def cached_spec() -> dict[str, Any]:
    """Built once per app: the schemas do not change while it runs."""
    cache = current_app.extensions.setdefault("aduan_openapi", {})
    if "spec" not in cache:
        cache["spec"] = build_spec()
    return cache["spec"]


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    if isinstance(node, dict) and node.get("type") == "array":
        inner = _ref_name(node.get("items"))
        return f"{inner}[]" if inner else None
    return None


def _type_of(prop: dict[str, Any]) -> str:
    """A short human reading of a property's JSON Schema ("string (date-time), nullable")."""
    ref = _ref_name(prop) or _ref_name((prop.get("allOf") or [{}])[0])
    text = ref or prop.get("type", "any")
    if prop.get("format"):
        text += f" ({prop['format']})"
    if prop.get("enum"):
        text += ": " + ", ".join(str(v) for v in prop["enum"] if v is not None)
    if prop.get("nullable"):
        text += ", nullable"
    return text


def docs_model(spec: dict[str, Any]) -> dict[str, Any]:
    """The document flattened for the template: operations, then schemas with properties."""
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            responses = [
                {"code": code, "description": r.get("description", ""),
                 "types": [f"{mime}: {_ref_name(c.get('schema')) or _type_of(c.get('schema', {}))}"
                           for mime, c in r.get("content", {}).items()]}
                for code, r in op["responses"].items()
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            operations.append({
                "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                "description": op.get("description", ""), "bearer": bool(op.get("security")),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required"),
                                "type": _type_of(p.get("schema", {})),
                                "description": p.get("description", "")}
                               for p in op.get("parameters", [])],
                "body": _ref_name(body.get("schema")) if body else None,
                "responses": responses,
            })
    schemas = []
    for name, schema in spec["components"]["schemas"].items():
        required = set(schema.get("required", []))
        schemas.append({"name": name, "description": schema.get("description", ""),
                        "properties": [{"name": key, "type": _type_of(prop),
                                        "required": key in required,
                                        "description": prop.get("description", "")}
                                       for key, prop in schema.get("properties", {}).items()]})
    return {"info": spec["info"], "operations": operations, "schemas": schemas}


@bp.get("/openapi.json")
def openapi_json() -> Response:
    """The OpenAPI document (public: it describes, it reveals no data)."""
    return jsonify(cached_spec())


@bp.get("/docs")
def docs() -> str:
    """The OpenAPI document as a readable page, rendered on the server."""
    return render_template("api/docs.html", model=docs_model(cached_spec()))
