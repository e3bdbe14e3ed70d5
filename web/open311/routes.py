"""The GeoReport v2 calls: discovery, services, a service definition, requests (GET and
POST), one request, and a token. Views parse, call one domain function, render."""

from __future__ import annotations

from flask import Response, current_app, request

from domain.cases.tracking import normalize_tracking_id
from domain.errors import Forbidden, NotFound
from domain.open311 import keys
from domain.open311.filing import file_request
from domain.open311.requests import RequestQuery, find_request, find_requests
from domain.open311.services import category_codes, is_service
from web.extensions import limiter
from web.open311 import bp
from web.open311.payloads import (
    definition_json,
    discovery_json,
    request_json,
    service_json,
)
from web.open311.render import answer
from wording import open311 as words

FMT = "<any(json, xml):fmt>"


def _api_key() -> str:
    """The key from the form body or the query string (GeoReport allows both)."""
    return (request.form.get("api_key") or request.args.get("api_key") or "").strip()


def _client() -> str:
    """Whom a limit counts: the client's key when it sends one, else its address."""
    key = _api_key()
    return f"key:{keys.hash_key(key)[:16]}" if key else f"addr:{request.remote_addr}"


def _limit() -> str:
    return current_app.config["ADUAN"].rate_limit_open311


limited = limiter.limit(_limit, key_func=_client)


@bp.get(f"/discovery.{FMT}")
@limited
def discovery(fmt: str) -> Response:
    return answer(fmt, "discovery", discovery_json())


@bp.get(f"/services.{FMT}")
@limited
def services(fmt: str) -> Response:
    return answer(fmt, "services", [service_json(code) for code in category_codes()])


@bp.get(f"/services/<code>.{FMT}")
@limited
def service_definition(code: str, fmt: str) -> Response:
    if not is_service(code):
        raise NotFound("open311_service_not_found")
    return answer(fmt, "service_definition", definition_json(code))


@bp.get(f"/requests.{FMT}")
@limited
def requests_list(fmt: str) -> Response:
    query = RequestQuery.parse(request.args.to_dict())
    return answer(fmt, "service_requests", [request_json(r) for r in find_requests(query)])


@bp.get(f"/requests/<request_id>.{FMT}")
@limited
def request_one(request_id: str, fmt: str) -> Response:
    return answer(fmt, "service_requests", [request_json(find_request(request_id))])


@bp.post(f"/requests.{FMT}")
@limited
def request_create(fmt: str) -> Response:
    """File a report (form-urlencoded); the key may come in the body or the query."""
    client = keys.key_for(_api_key())
    if client is None:
        raise Forbidden("open311_bad_key")
    receipt = file_request(request.form.getlist, list(request.form.keys()), client,
                           current_app.config["ADUAN"].open311_region)
    body = [{"service_request_id": receipt.tracking_id,
             "service_notice": str(words.SERVICE_NOTICE), "account_id": None}]
    return answer(fmt, "service_requests", body, 201)


@bp.get(f"/tokens/<token>.{FMT}")
@limited
def token(token: str, fmt: str) -> Response:
    """Requests are filed at once, so a request's token is its id (the tracking ID)."""
    found = find_request(normalize_tracking_id(token) or token)
    return answer(fmt, "service_requests",
                  [{"service_request_id": found.tracking_id, "token": token}])


@bp.route("/<path:rest>", methods=["GET", "POST"])
def unknown(rest: str) -> Response:
    raise NotFound("open311_unknown_call")
